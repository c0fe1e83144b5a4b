/**
 * The video call, loaded only when someone joins one (`await import('../call/call.js')`), so
 * mediasoup-client and the call's views stay out of the widgets' first load. Importing it
 * registers `<fin-device-check>` and `<fin-call-view>`.
 */
import { FinCallView } from './call-view.js';
import { FinDeviceCheck } from './device-check.js';

FinDeviceCheck.define('fin-device-check');
FinCallView.define('fin-call-view');

export { CallClient } from './call-client.js';
export type { CallModel, CallState, CloseReason } from './call-state.js';
export { FinCallEndEvent, FinDeviceReadyEvent } from './events.js';

/** The signaling socket's address for an appointment, from the server's base URL. */
export function callUrl(api: string, appointmentId: string, query: Record<string, string> = {}): string {
  const url = new URL(`/api/calls/${encodeURIComponent(appointmentId)}/ws`, api);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}
