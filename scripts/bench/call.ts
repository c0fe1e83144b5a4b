/**
 * A video call through the SFU, measured: admission → first remote frame decoded at the citizen
 * (median and p95 over runs), against its baseline, a direct peer-to-peer connection between the
 * same two pages started at the same moment of the same runs (goal: SFU ≤ 1.2× direct); the server's CPU for one call while it is being recorded (the Node
 * process, its mediasoup worker and ffmpeg; the browsers are not counted), and how long the desk
 * waits for a party of that recording the first time (the copy is made) and after.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { CallHarness, until } from '../../e2e/support/call-harness.ts';

const RUNS = 8;
const GOAL_RATIO = 1.2;
const RECORD_SECONDS = 10;
const TICKS_PER_SECOND = 100;

/** CPU seconds used so far by this process's descendants named like `names` (from /proc). */
function descendantsCpu(names: string[]): number {
  const stats = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        const comm = stat.slice(stat.indexOf('(') + 1, close);
        const fields = stat.slice(close + 2).split(' ');
        return [{ pid: Number(pid), comm, ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND }];
      } catch {
        return [];
      }
    });
  const mine = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of stats) {
      if (mine.has(s.pid) || !mine.has(s.ppid)) continue;
      mine.add(s.pid);
      grew = true;
    }
  }
  return stats.filter((s) => mine.has(s.pid) && names.some((n) => s.comm.startsWith(n))).reduce((sum, s) => sum + s.cpu, 0);
}

const serverCpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6 + descendantsCpu(['mediasoup-work', 'ffmpeg']);
};

const harness = new CallHarness();
await harness.start();
try {
  const throughSfu: number[] = [];
  const direct: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { agent, citizen } = await harness.pair({ direct: true });
    const seen = await until(
      citizen,
      () => citizen.evaluate(() => window.call.stats()),
      (s) => s.joinToFirstFrameMs != null && s.directJoinToFirstFrameMs != null,
      "the citizen decoding the agent's video through the SFU and directly",
    );
    throughSfu.push(seen.joinToFirstFrameMs!);
    direct.push(seen.directJoinToFirstFrameMs!);
    const ended = citizen.evaluate(() => window.call.next('callEnded'));
    await agent.evaluate(() => window.call.hangUp());
    await ended;
    // Fake devices are shared by the browser: a call's tracks must stop before the next opens them.
    await agent.context().close();
    await citizen.context().close();
  }
  const q = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))]!;
  const ratio = q(throughSfu, 0.5) / q(direct, 0.5);
  console.log(`admission → first remote frame, through the SFU: median ${q(throughSfu, 0.5).toFixed(0)} ms, p95 ${q(throughSfu, 0.95).toFixed(0)} ms (${RUNS} calls)`);
  console.log(`admission → first remote frame, peer to peer:    median ${q(direct, 0.5).toFixed(0)} ms, p95 ${q(direct, 0.95).toFixed(0)} ms (same calls, same moment)`);
  console.log(`SFU / peer to peer: ${ratio.toFixed(2)}× (goal ≤ ${GOAL_RATIO}: ${ratio <= GOAL_RATIO ? 'met' : 'missed'})`);

  const { agent, citizen, appointment, cookie } = await harness.pair();
  await harness.decoding(agent, "the agent decoding the citizen's media");
  const started = citizen.evaluate(() => window.call.next('recordingStarted'));
  await citizen.evaluate(() => window.call.consent(true));
  await agent.evaluate(() => window.call.consent(true));
  await started;
  const before = serverCpu();
  const t0 = performance.now();
  await agent.waitForTimeout(RECORD_SECONDS * 1000);
  const used = serverCpu() - before;
  const elapsed = (performance.now() - t0) / 1000;
  console.log(`server CPU for one recorded call (2 × VP8 + Opus): ${((used / elapsed) * 100).toFixed(1)} % of one core over ${elapsed.toFixed(1)} s`);
  const stopped = citizen.evaluate(() => window.call.next('recordingStopped'));
  const ended = citizen.evaluate(() => window.call.next('callEnded'));
  await agent.evaluate(() => window.call.hangUp());
  await ended;
  const { recordingId, bytes } = await stopped;
  const party = `${harness.server.url}/api/desk/appointments/${appointment.id}/recordings/${recordingId}/parties/citizen`;
  const timed = async () => {
    const t = performance.now();
    const response = await fetch(party, { headers: { cookie } });
    const body = await response.arrayBuffer();
    if (!response.ok) throw new Error(`the citizen's part of the recording: HTTP ${response.status}`);
    return { ms: performance.now() - t, bytes: body.byteLength };
  };
  const first = await timed();
  const again = await timed();
  console.log(
    `desk, the citizen's part of that recording (${(bytes / 1e6).toFixed(1)} MB whole, ${(first.bytes / 1e6).toFixed(1)} MB part): ` +
      `first request ${first.ms.toFixed(0)} ms (the copy is made), then ${again.ms.toFixed(0)} ms`,
  );
} finally {
  await harness.close();
}
