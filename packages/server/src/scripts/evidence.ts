/**
 * A case's sealed evidence, exported and checked (README "Exporting and verifying evidence"):
 *
 *   npm run evidence -- export <case reference> --out <file.asice> [--council <id>]
 *   npm run evidence -- verify <file.asice> [--trust <seal CA.pem>]… [--tsa-trust <TSA CA.pem>]…
 *   npm run evidence -- retimestamp [--within <days>]
 *
 * `export` reads the database and the files the environment names (DATA_DIR or DATABASE_URL,
 * MASTER_KEY_FILE, SEALS_DIR, TSA_URL) and logs the export in the case. `verify` needs nothing but
 * the file: no server, no database, no network. It exits 0 when everything holds and the seal
 * leads to a trusted certificate, 2 when everything holds but the seal is not trusted (no
 * --trust, or a self-signed demonstration seal), 1 naming what failed otherwise. `retimestamp`
 * (from a scheduled task, say monthly) adds an archive timestamp from TSA_URL to every sealed
 * segment, and a document timestamp to every receipt, whose latest timestamp's certificate
 * expires within <days> (365 by default); it exits 1 when some could not be had, for the next
 * run to retry. `--trust` and `--tsa-trust` may be given more than once, and a PEM file may hold
 * several certificates: after a seal rotation, the CAs of the council's current and previous seals.
 */
import { createWriteStream } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { BundleVerificationError, prepareBundle, verifyBundle, type BundleSummary } from '../modules/bundle/index.js';
import { retimestampSegments } from '../modules/evidence/archive.js';
import { retimestampReceipts } from '../modules/receipt/renew.js';
import { certificatesInPem } from '../modules/seal/index.js';

const USAGE = [
  'usage: npm run evidence -- export <case reference> --out <file.asice> [--council <id>]',
  '       npm run evidence -- verify <file.asice> [--trust <certificate.pem>]... [--tsa-trust <certificate.pem>]...',
  '       npm run evidence -- retimestamp [--within <days>]',
].join('\n');

/** Why the command stops, and the exit code it stops with. */
class Stop extends Error {
  constructor(message: string, readonly code = 1) {
    super(message);
  }
}

async function exportCase(reference: string, out: string, council: string | undefined): Promise<string> {
  const app = await buildApp(loadConfig(process.env), { logger: false, reminderScheduler: false });
  try {
    let query = app.db.selectFrom('cases').select(['id', 'council_id']).where('reference', '=', reference);
    if (council) query = query.where('council_id', '=', council);
    const found = await query.execute();
    if (found.length === 0) throw new Stop(`No case ${reference}${council ? ` in ${council}` : ''}`);
    if (found.length > 1) throw new Stop(`${reference} names cases of ${found.map((row) => row.council_id).join(', ')}: say which with --council`);
    const bundle = await prepareBundle(app, found[0]!.id, 'system');
    // Written beside and renamed when whole, so a failed export leaves no bundle that looks finished.
    const partial = `${out}.partial`;
    try {
      await bundle.write(createWriteStream(partial, { mode: 0o600 }));
      await rename(partial, out);
    } finally {
      await rm(partial, { force: true });
    }
    return `Exported ${bundle.case.reference} (${bundle.case.councilName}) to ${out}`;
  } finally {
    await app.close();
  }
}

async function retimestamp(within: string | undefined): Promise<string> {
  const days = Number(within ?? '365');
  if (!Number.isInteger(days) || days < 0) throw new Stop(`--within takes a whole number of days, not ${within}`);
  const config = loadConfig(process.env);
  if (!config.seal.tsaUrl) throw new Stop('No timestamp authority: set TSA_URL');
  const app = await buildApp(config, { logger: false, reminderScheduler: false });
  try {
    const segments = await retimestampSegments(app, app.now(), days);
    const receipts = await retimestampReceipts(app, app.now(), days);
    const text = [
      `${segments.added} archive timestamp(s) added; ${segments.checked} sealed segment(s) checked, ${segments.untimestamped} without a timestamp to renew, ${segments.failed} failed`,
      `${receipts.added} receipt(s) renewed with a document timestamp; ${receipts.checked} receipt(s) checked, ${receipts.untimestamped} without a timestamp to renew, ${receipts.failed} failed`,
    ].join('\n');
    if (segments.failed + receipts.failed > 0) throw new Stop(`${text}\nrun again later`);
    return text;
  } finally {
    await app.close();
  }
}

function summary(file: string, result: BundleSummary): string {
  const { seal } = result;
  const timestamp = seal.timestamp
    ? `${seal.timestamp.time.toISOString()} by ${seal.timestamp.authority.subject.replaceAll('\n', ', ')}${seal.timestamp.trusted ? '' : ' (authority not checked: give --tsa-trust)'}`
    : 'none (the signing time is the signer’s own claim)';
  return [
    `${file}: every digest, the seal, the hash chain and every recorded file hold.`,
    `  case:      ${result.case.reference} (${result.case.caseId})`,
    `  council:   ${result.case.councilName} (${result.case.councilId})`,
    `  events:    ${result.events}`,
    `  members:   ${result.members}`,
    `  sealed:    ${result.segments.segments === 0 ? 'no segment (the case is open, or was closed before sealing)' : `${result.segments.segments} segment(s), events 1–${result.segments.sealedThrough}, ${result.segments.archiveTimestamps} archive timestamp(s)`}`,
    `  signer:    ${seal.signer.subject.replaceAll('\n', ', ')}${seal.signingTime ? `, signed ${seal.signingTime.toISOString()}` : ''}`,
    `  timestamp: ${timestamp}`,
  ].join('\n');
}

/** Every certificate in the files: each certificate of a PEM file, or a file as DER. */
async function certificatesIn(files: string[]): Promise<Buffer[]> {
  const certificates: Buffer[] = [];
  for (const file of files) {
    const bytes = await readFile(file);
    certificates.push(...(bytes.includes('-----BEGIN CERTIFICATE-----') ? certificatesInPem(bytes.toString('utf8'), file) : [bytes]));
  }
  return certificates;
}

async function verify(file: string, trust: string[], tsaTrust: string[]): Promise<string> {
  const options = {
    ...(trust.length > 0 && { trust: await certificatesIn(trust) }),
    ...(tsaTrust.length > 0 && { tsaTrust: await certificatesIn(tsaTrust) }),
  };
  let result: BundleSummary;
  try {
    result = await verifyBundle(file, options);
  } catch (error) {
    if (error instanceof BundleVerificationError) throw new Stop(`${file}: NOT VALID: ${error.message}`);
    throw error;
  }
  const text = summary(file, result);
  if (!result.seal.trusted) {
    throw new Stop(`${text}\nWARNING: the seal's certificate was not checked against a trusted one (it may be self-signed): give --trust <the council's CA certificate>`, 2);
  }
  return `${text}\n  trusted:   yes, the seal leads to ${trust.join(', ')}`;
}

export async function main(argv: string[]): Promise<string> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, council: { type: 'string' }, trust: { type: 'string', multiple: true }, 'tsa-trust': { type: 'string', multiple: true }, within: { type: 'string' } },
  });
  const [command, subject, ...rest] = positionals;
  if (command === 'retimestamp' && !subject) return retimestamp(values.within);
  if (!subject || rest.length > 0) throw new Stop(USAGE);
  if (command === 'export' && values.out) return exportCase(subject, values.out, values.council);
  if (command === 'verify') return verify(subject, values.trust ?? [], values['tsa-trust'] ?? []);
  throw new Stop(USAGE);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (text) => process.stdout.write(`${text}\n`),
    (error: unknown) => {
      console.error(error instanceof Stop ? error.message : error);
      process.exitCode = error instanceof Stop ? error.code : 1;
    },
  );
}
