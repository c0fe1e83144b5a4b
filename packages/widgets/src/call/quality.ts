import type { Transport } from 'mediasoup-client/types';
import type { CallQuality } from './call-state.js';

/** good / fair / poor from the packet loss and round-trip time a transport's statistics report. */
export async function measureQuality(transport: Transport | undefined): Promise<CallQuality | undefined> {
  if (!transport || transport.closed) return undefined;
  let lost = 0;
  let received = 0;
  let rtt: number | undefined;
  for (const report of (await transport.getStats()).values()) {
    if (report.type === 'inbound-rtp') {
      lost += report.packetsLost ?? 0;
      received += report.packetsReceived ?? 0;
    } else if (report.type === 'remote-inbound-rtp') {
      lost += Math.max(0, report.packetsLost ?? 0);
    } else if (report.type === 'candidate-pair' && report.nominated && typeof report.currentRoundTripTime === 'number') {
      rtt = report.currentRoundTripTime;
    }
  }
  if (rtt === undefined && received === 0) return undefined;
  const loss = received + lost > 0 ? lost / (received + lost) : 0;
  const seconds = rtt ?? 0;
  if (loss > 0.08 || seconds > 0.5) return 'poor';
  if (loss > 0.02 || seconds > 0.25) return 'fair';
  return 'good';
}
