import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import * as pkijs from 'pkijs';
import yauzl from 'yauzl';
import { ZipFile } from 'yazl';
import { pipeline } from 'node:stream/promises';
import { MANIFEST_ENTRY, parseManifest, renderManifest, SIGNATURE_ENTRY } from '../src/modules/bundle/manifest.js';
import type { Seal } from '../src/modules/seal/index.js';
import { encryptStream } from '../src/shared/crypto-at-rest.js';
import { signIn } from './call-fixtures.js';
import { appointmentInCall, completeIdentityCheck, procedureApi } from './procedure-fixtures.js';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Seals `bytes` into DATA_DIR/`file` with the app's master key, as the modules store files. */
async function sealFile(app: FastifyInstance, file: string, bytes: Buffer): Promise<void> {
  const target = path.join(app.config.dataDir, file);
  await mkdir(path.dirname(target), { recursive: true });
  await encryptStream(await app.masterKey(), Readable.from([bytes]), target);
}

export interface EvidencedCase {
  id: string;
  reference: string;
  documentId: string;
  recordingId: string;
  applicationId: string;
  recording: Buffer;
}

/**
 * A video appointment of `alpha` with evidence of every kind a bundle holds: the identity check
 * through the procedure's own routes (consent, three stills, MRZ, liveness, checklist), then a
 * document, an application presented and a recording of `recordingBytes`, each sealed at rest
 * and logged with its hash as its module does.
 */
export async function evidencedCase(app: FastifyInstance, agent: { email: string; password: string }, recordingBytes = 300 * 1024): Promise<EvidencedCase> {
  const appointment = await appointmentInCall(app, 'alpha');
  const api = procedureApi(app, 'alpha', appointment.id, await signIn(app, agent), appointment.token);
  await completeIdentityCheck(api);
  const now = () => app.now().toISOString();
  const document = Buffer.from(`%PDF-1.4\n% a rental contract ${randomUUID()}\n%%EOF\n`);
  const documentId = randomUUID();
  const documentFile = path.join('documents', appointment.id, `${documentId}.sealed`);
  await sealFile(app, documentFile, document);
  const recording = randomBytes(recordingBytes);
  const recordingId = randomUUID();
  const recordingFile = path.join('recordings', `${recordingId}.sealed`);
  await sealFile(app, recordingFile, recording);
  const body = JSON.stringify({ title: 'Sol·licitud genèrica', exposo: 'Visc al carrer Major, 3', 'sol·licito': "L'alta al padró" });
  const applicationId = randomUUID();
  await app.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('documents')
      .values({
        id: documentId, case_id: appointment.id, file_name: 'contracte.pdf', expected: 'habitatge', content_type: 'application/pdf', bytes: document.length, sha256: sha256(document),
        file: documentFile, scan: 'not_configured', state: 'received', rejection_reason: null, uploaded_at: now(), reviewed_at: null, reviewed_by: null, upload_id: null, upload_size: null,
      })
      .execute();
    await app.evidence.append(trx, appointment.id, { type: 'document.received', actor: 'citizen', data: { documentId, fileName: 'contracte.pdf', contentType: 'application/pdf', bytes: document.length, sha256: sha256(document) } }, app.now());
    await trx
      .insertInto('application_documents')
      .values({ id: applicationId, case_id: appointment.id, language: 'ca', content_type: 'application/json', body, sha256: sha256(body), presented_at: now(), presented_by: 'test' })
      .execute();
    await app.evidence.append(trx, appointment.id, { type: 'agreement.presented', actor: 'system', data: { documentId: applicationId, sha256: sha256(body) } }, app.now());
    await trx
      .insertInto('recordings')
      .values({ id: recordingId, case_id: appointment.id, file: recordingFile, content_type: 'video/webm', sha256: sha256(recording), bytes: recording.length, started_at: now(), stopped_at: now(), tracks: '[]', parts: '[]' })
      .execute();
    await app.evidence.append(trx, appointment.id, { type: 'call.recording_stored', actor: 'system', data: { recordingId, sha256: sha256(recording), bytes: recording.length } }, app.now());
  });
  const { reference } = await app.db.selectFrom('cases').select('reference').where('id', '=', appointment.id).executeTakeFirstOrThrow();
  return { id: appointment.id, reference, documentId, recordingId, applicationId, recording };
}

/** A container's entries in stored order, with their bytes and whether they were compressed. */
export type Entries = Array<{ name: string; bytes: Buffer; compressed: boolean }>;

export async function readEntries(file: string): Promise<Entries> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  const entries: Entries = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      entries.push({ name: entry.fileName, bytes: Buffer.concat(chunks), compressed: entry.compressionMethod !== 0 });
    }
  } finally {
    zip.close();
  }
  return entries;
}

/** Writes `entries` as a container, in that order, each stored or deflated as it was. */
export async function writeEntries(file: string, entries: Entries): Promise<string> {
  const zip = new ZipFile();
  for (const { name, bytes, compressed } of entries) zip.addBuffer(bytes, name, { compress: compressed, forceDosTimestamp: true });
  zip.end();
  await pipeline(zip.outputStream as Readable, createWriteStream(file));
  return file;
}

export const entry = (entries: Entries, name: string) => entries.find((candidate) => candidate.name === name)!;

/** `entries` with one byte of `name` changed. */
export function flipByte(entries: Entries, name: string, at = 0): Entries {
  return entries.map((candidate) => {
    if (candidate.name !== name) return candidate;
    const bytes = Buffer.from(candidate.bytes);
    bytes[at] = bytes[at]! ^ 0x01;
    return { ...candidate, bytes };
  });
}

/**
 * `entries` with the manifest written again over their members as they now are and signed anew
 * by `seal` for `councilId`: what someone holding the council's key (or another key) could make.
 */
export async function resign(entries: Entries, seal: Seal, councilId: string): Promise<Entries> {
  const types = new Map(parseManifest(entry(entries, MANIFEST_ENTRY).bytes)!.map((reference) => [reference.path, reference.mimeType]));
  const members = entries.slice(3);
  const manifest = renderManifest(members.map(({ name, bytes }) => ({ path: name, mimeType: types.get(name) ?? 'application/octet-stream', sha256: sha256(bytes) })));
  const signature = await seal.signDetached(councilId, manifest);
  return entries.map((candidate) => (candidate.name === MANIFEST_ENTRY ? { ...candidate, bytes: manifest } : candidate.name === SIGNATURE_ENTRY ? { ...candidate, bytes: signature } : candidate));
}

/** The signature value and timestamp token inside a CAdES-T signature, for `openssl ts -verify`. */
export function timestampOf(cms: Buffer): { value: Buffer; token: Buffer } {
  const signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(cms).content });
  const signerInfo = signedData.signerInfos[0]!;
  const token = signerInfo.unsignedAttrs!.attributes.find((attribute) => attribute.type === '1.2.840.113549.1.9.16.2.14')!.values[0]!;
  return { value: Buffer.from(signerInfo.signature.valueBlock.valueHexView), token: Buffer.from(token.toBER(false)) };
}

export async function writeParts(dir: string, parts: Record<string, Buffer>): Promise<void> {
  for (const [name, bytes] of Object.entries(parts)) await writeFile(path.join(dir, name), bytes);
}
