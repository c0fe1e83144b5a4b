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
export { callUrl } from './call-url.js';
