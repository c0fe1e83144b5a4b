import { expect, waitUntil } from '@open-wc/testing';
import { CallClient } from './call-client.js';
import type { CallChangeEvent } from './call-state.js';
import { fakeVideoTrack } from './testing.js';

/** A signaling socket that opens, then tells where the agent points; requests go unanswered. */
class PointingSocket extends EventTarget {
  static readonly OPEN = 1;
  static opened: string[] = [];
  readyState = 0;
  constructor(readonly url: string) {
    super();
    PointingSocket.opened.push(url);
    setTimeout(() => {
      this.readyState = 1;
      this.dispatchEvent(new Event('open'));
      const pointer = { notification: 'pointer', data: { points: [{ x: 0.25, y: 0.75 }], at: '2026-12-07T10:00:00.000Z' } };
      this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(pointer) }));
    });
  }
  send() {}
  close() {
    this.readyState = 3;
  }
}

describe('CallClient in screen help', () => {
  const original = { WebSocket: window.WebSocket, getUserMedia: navigator.mediaDevices.getUserMedia };
  let asked = 0;
  beforeEach(() => {
    PointingSocket.opened = [];
    asked = 0;
    window.WebSocket = PointingSocket as unknown as typeof WebSocket;
    Object.defineProperty(navigator.mediaDevices, 'getUserMedia', { configurable: true, value: () => Promise.reject(new Error(`asked ${++asked}`)) });
  });
  afterEach(() => {
    window.WebSocket = original.WebSocket;
    delete (navigator.mediaDevices as { getUserMedia?: unknown }).getUserMedia;
  });

  it('sends the shared screen alone: no camera or microphone is opened', async () => {
    const track = fakeVideoTrack('', { screen: true });
    const client = new CallClient({ url: 'ws://oac.example/api/calls/case-1/ws?token=t', displayName: 'Citizen', shared: { track, source: 'screen' } });
    void client.join().catch(() => undefined);
    await waitUntil(() => PointingSocket.opened.length);
    expect(asked).to.equal(0);
    expect(client.screenTrack).to.equal(track);
    expect(client.localStream!.getTracks()).to.deep.equal([]);
    client.close('hungUp');
  });

  it('sends a rear camera as the one camera track, without a microphone', async () => {
    const track = fakeVideoTrack('camera');
    const client = new CallClient({ url: 'ws://oac.example/api/calls/case-1/ws?token=t', displayName: 'Citizen', shared: { track, source: 'camera' } });
    void client.join().catch(() => undefined);
    await waitUntil(() => PointingSocket.opened.length);
    expect(asked).to.equal(0);
    expect(client.screenTrack).to.equal(undefined);
    expect(client.localStream!.getTracks()).to.deep.equal([track]);
    client.close('hungUp');
  });

  it('keeps where the agent points and reports it as a `pointer` change', async () => {
    const client = new CallClient({ url: 'ws://oac.example/api/calls/case-1/ws?token=t', displayName: 'Citizen', shared: { track: fakeVideoTrack(''), source: 'screen' } });
    const changed = new Promise<CallChangeEvent>((resolve) => client.addEventListener('change', (event) => (event as CallChangeEvent).change === 'pointer' && resolve(event as CallChangeEvent)));
    void client.join().catch(() => undefined);
    await changed;
    expect(client.pointer).to.deep.equal({ points: [{ x: 0.25, y: 0.75 }], at: '2026-12-07T10:00:00.000Z' });
    client.close('hungUp');
  });
});
