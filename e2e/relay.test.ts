/**
 * A call through the TURN relay of the deployment guide, when the browsers cannot reach the SFU:
 * in network and PID namespaces of its own, the test runs Debian's coturn from
 * deploy/coturn/turnserver.conf, the server with TURN_URLS and TURN_SECRET_FILE, and Chromium;
 * nftables drops UDP and TCP between the browsers and the SFU's media ports and lets the relay
 * through. A datagram sent straight to a media port is dropped and counted; the citizen and the
 * agent still see each other, every transport on both sides has a relayed candidate pair selected,
 * and the SFU sees only the relay's address.
 *
 * Addresses, all on the namespace's loopback: the browsers and the web server on 127.0.0.1 (the
 * only address Chromium finds on the interface), the SFU's media on 127.0.0.2, coturn on 127.0.0.3.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as mediasoup from 'mediasoup';
import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { datagramsThrough, droppedPackets, enterOwnNamespaces, firstTcpPeer, loadFirewall, loopbackUp, startCoturn, type Coturn } from './support/relay-network.ts';
import type { RunningServer } from './support/server.ts';
import { decodesFrames } from './support/video.ts';

await enterOwnNamespaces();
// Loaded only inside the namespaces: the copy outside runs nothing else.
const { ensureMediasoupWorker } = await import('../scripts/mediasoup-worker.mjs');
const { launchChromium } = await import('./support/browser.ts');
const { signInToDesk, startCallFromAgenda } = await import('./support/desk.ts');
const { bookJoinableAppointment, newMediaPage } = await import('./support/joinable.ts');
const { startServer } = await import('./support/server.ts');

const BROWSERS = '127.0.0.1';
const SFU = '127.0.0.2';
const RELAY = '127.0.0.3';
const MEDIA_PORTS: [number, number] = [40000, 40099];
const MEDIA_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'];

/** What a page's peer connection has selected, from `getStats()`: the local and remote candidates of the selected pair. */
interface SelectedPair {
  direction: string;
  local: { type: string; address: string; relayProtocol?: string };
  remote: { type: string; address: string };
  /** The addresses of the browser's own (host) candidates. */
  hosts: string[];
}

type Transport = { direction: string; getStats(): Promise<RTCStatsReport> };
type CallView = HTMLElement & { client: { sendTransport: Transport; recvTransport: Transport } };

/** The selected candidate pair of each of a call view's transports (the mediasoup-client transports of its call client). */
function selectedPairs(view: Locator): Promise<SelectedPair[]> {
  return view.evaluate(async (element: CallView) => {
    // No named helpers in here: the page runs this function's source as it is.
    const pairs = [];
    for (const transport of [element.client.sendTransport, element.client.recvTransport]) {
      const report = await transport.getStats();
      const stats = [...report.values()] as Array<Record<string, string>>;
      const ice = stats.find((s) => s.type === 'transport')!;
      const pair = report.get(ice.selectedCandidatePairId!) as Record<string, string>;
      const local = report.get(pair.localCandidateId!) as Record<string, string>;
      const remote = report.get(pair.remoteCandidateId!) as Record<string, string>;
      pairs.push({
        direction: transport.direction,
        local: { type: local.candidateType!, address: local.address!, relayProtocol: local.relayProtocol },
        remote: { type: remote.candidateType!, address: remote.address! },
        hosts: stats.filter((s) => s.type === 'local-candidate' && s.candidateType === 'host').map((s) => s.address!),
      });
    }
    return pairs;
  });
}


describe('a call through the documented coturn, when the browsers cannot reach the SFU', () => {
  let dir: string;
  let coturn: Coturn;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  /** The server's WebRTC transports, watched through mediasoup's observer (the server runs in this process). */
  const iceTransports = new Set<mediasoup.types.WebRtcTransport>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fin-e2e-relay-'));
    loopbackUp();
    loadFirewall({ sfu: SFU, relay: RELAY, ports: MEDIA_PORTS });
    coturn = await startCoturn(dir, RELAY, SFU);
    process.env.MEDIASOUP_WORKER_BIN ||= ensureMediasoupWorker();
    const { observer } = await import('mediasoup');
    observer.on('newworker', (worker) =>
      worker.observer.on('newrouter', (router) =>
        router.observer.on('newtransport', (transport) => {
          if ('iceState' in transport) iceTransports.add(transport as mediasoup.types.WebRtcTransport);
        }),
      ),
    );
    [server, browser] = await Promise.all([
      startServer({
        DEMO: 'true',
        MEDIASOUP_WORKER_BIN: process.env.MEDIASOUP_WORKER_BIN,
        MASTER_KEY_FILE: join(dir, 'master.key'),
        MEDIA_WORKERS: '1',
        MEDIA_LISTEN_IP: SFU,
        MEDIA_PORT_MIN: String(MEDIA_PORTS[0]),
        MEDIA_PORT_MAX: String(MEDIA_PORTS[1]),
        TURN_URLS: coturn.url,
        TURN_SECRET_FILE: coturn.secretFile,
      }),
      launchChromium(MEDIA_FLAGS),
    ]);
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
    await coturn?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('drops a datagram sent from the browsers’ side straight to a media port, and lets the relay’s through', async () => {
    // Nothing listens on the media ports yet: this socket stands in for the SFU's.
    const before = droppedPackets('to_sfu');
    const arrived = await datagramsThrough({ address: SFU, port: MEDIA_PORTS[0] }, [BROWSERS, RELAY]);
    assert.deepEqual(arrived, [RELAY]);
    assert.equal(droppedPackets('to_sfu'), before + 1, 'the firewall counted the dropped datagram');
  });

  it('drops a TCP connection from the browsers’ side to a media port (ICE-TCP), and lets the relay’s through', async () => {
    assert.equal(await firstTcpPeer({ address: SFU, port: MEDIA_PORTS[0] }, BROWSERS, RELAY), RELAY);
  });

  it('connects the citizen and the agent through the relay: both see each other, every transport’s selected pair is relayed', { timeout: 45_000 }, async () => {
    const directBefore = droppedPackets('to_sfu');
    const appointment = await bookJoinableAppointment(server);

    const citizen = await newMediaPage(browser, server.url, { contexts, errors });
    await citizen.goto(`${server.url}/cita?council=demo&lang=en&token=${appointment.token}`);
    const va = citizen.locator('video-appointment');
    await va.getByRole('button', { name: 'Join the video call' }).click();
    await va.getByRole('button', { name: 'Continue to the call' }).click();
    await va.getByText('The agent will let you in shortly.').first().waitFor();

    const agent = await newMediaPage(browser, server.url, { contexts, errors });
    const desk = await signInToDesk(agent, server.url);
    await startCallFromAgenda(desk, appointment.reference);
    await desk.getByRole('button', { name: 'Fes entrar: Marta Soler' }).click();
    await va.getByRole('button', { name: 'Yes, I agree' }).click();
    await desk.getByRole('button', { name: 'Sí, hi estic d’acord' }).click();

    await decodesFrames(va.locator('[part~="remote-video"]'));
    await decodesFrames(desk.locator('[part~="remote-video"]'));

    for (const [who, view] of [['citizen', va.locator('fin-call-view')], ['agent', desk.locator('fin-call-view')]] as const) {
      const pairs = await selectedPairs(view);
      assert.deepEqual(pairs.map((pair) => pair.direction).sort(), ['recv', 'send'], `${who}: both transports`);
      for (const pair of pairs) {
        assert.deepEqual(pair.local, { type: 'relay', address: RELAY, relayProtocol: 'udp' }, `${who}'s ${pair.direction} transport goes through the relay`);
        assert.equal(pair.remote.address, SFU, `${who}'s ${pair.direction} transport reaches the SFU`);
        // The firewall tells the relay from the browsers by address: the browsers have none of the relay's.
        assert.deepEqual(new Set(pair.hosts), new Set([BROWSERS]), `${who}'s ${pair.direction} transport's own candidates`);
      }
    }
    // The SFU's side of the same: the four transports' ICE tuples all come from the relay.
    const tuples = [...iceTransports].filter((t) => !t.closed).map((t) => t.iceSelectedTuple);
    assert.equal(tuples.length, 4);
    assert.deepEqual(new Set(tuples.map((tuple) => `${tuple?.protocol} ${tuple?.remoteIp}`)), new Set([`udp ${RELAY}`]));
    // The browsers did try the SFU directly: the firewall dropped those checks.
    assert.ok(droppedPackets('to_sfu') > directBefore, 'the browsers’ direct attempts were dropped');
    assert.deepEqual(errors, []);
    assert.doesNotMatch(coturn.log(), /Bad configuration format/, 'coturn reads every line of the shipped configuration');
  });
});
