/**
 * Making a receipt (before its seal): one of a short application and one of a long, each made many times
 * after a warm-up, as a registration makes them one after another. The time is wall clock and
 * the CPU the process spent (which other work on a shared machine disturbs less).
 */
import { makeReceipt } from '../../packages/server/src/modules/receipt/pdf.ts';
import { receiptContent } from '../../packages/server/test/receipt-fixtures.ts';

const WARM_UP = 10;
const ROUNDS = 40;

const pages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)!.length;
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const quantile = (values: number[], q: number) => sorted(values)[Math.floor(values.length * q)]!;

for (const [name, length] of [['short application', 1], ['long application', 120]] as const) {
  const content = receiptContent('ca', () => {}, length);
  for (let round = 0; round < WARM_UP; round++) await makeReceipt(content);
  const times: number[] = [];
  const cpu: number[] = [];
  let pdf: Buffer = Buffer.alloc(0);
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    const used = process.cpuUsage();
    pdf = await makeReceipt(content);
    const { user, system } = process.cpuUsage(used);
    times.push(performance.now() - start);
    cpu.push((user + system) / 1000);
  }
  const ms = (values: number[], q: number) => `${quantile(values, q).toFixed(0)} ms`;
  console.log(`${name}: median ${ms(times, 0.5)} (CPU ${ms(cpu, 0.5)}), p95 ${ms(times, 0.95)} (CPU ${ms(cpu, 0.95)}), ${pages(pdf)} page(s), ${(pdf.length / 1024).toFixed(0)} KiB (${ROUNDS} receipts)`);
}
