import { createHash } from 'node:crypto';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { eventHash, GENESIS_HASH, type Actor } from '../evidence/log.js';
import { verifyPdfSeal } from '../seal/pades.js';
import { sealedRevision } from '../seal/pdf-signatures.js';
import { SealVerificationError, verifyDetached, type VerifiedSeal, type VerifyOptions } from '../seal/verify.js';
import { EVIDENCED_KINDS, memberId } from './evidenced.js';
import { ASICE_MIMETYPE, CASE_ENTRY, EVIDENCE_ENTRY, MANIFEST_ENTRY, MEMBER_NAME, MIMETYPE_ENTRY, parseManifest, SIGNATURE_ENTRY } from './manifest.js';
import type { BundleCase } from './members.js';
import { checkSeals, isSealMember, type SegmentsSummary } from './seals.js';

/** A bundle that does not hold, with what failed (the member or the event) in `message`. */
export class BundleVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleVerificationError';
  }
}

export interface BundleSummary {
  case: BundleCase;
  events: number;
  /** The members the manifest lists (everything but `mimetype` and META-INF). */
  members: number;
  seal: VerifiedSeal;
  /** The sealed segments of the chain (a closed case's), each checked against it. */
  segments: SegmentsSummary;
}

const fail = (message: string): never => {
  throw new BundleVerificationError(message);
};

/** The largest member read whole (the manifest, the signature, the case and its log); files are streamed. */
const MAX_READ_BYTES = 64 * 1024 * 1024;

async function entriesOf(zip: ZipFile): Promise<Entry[]> {
  const entries: Entry[] = [];
  for await (const entry of zip.eachEntry()) entries.push(entry);
  return entries;
}

/** Streams an entry through SHA-256, keeping its bytes when `keep` (bounded by MAX_READ_BYTES). */
async function digest(zip: ZipFile, entry: Entry, keep: boolean): Promise<{ sha256: string; bytes: Buffer | null }> {
  if (keep && entry.uncompressedSize > MAX_READ_BYTES) fail(`${entry.fileName} is too large to be what it says`);
  const hash = createHash('sha256');
  const kept: Buffer[] = [];
  for await (const chunk of await zip.openReadStreamPromise(entry)) {
    hash.update(chunk as Buffer);
    if (keep) kept.push(chunk as Buffer);
  }
  return { sha256: hash.digest('hex'), bytes: keep ? Buffer.concat(kept) : null };
}

/**
 * The container's structure (ETSI EN 319 162-1): `mimetype` the first entry, stored, with no extra
 * field and the ASiC-E type; the manifest and its signature right after; no entry twice, none
 * encrypted, no other file in META-INF, and every other name a plain relative path.
 */
async function checkStructure(zip: ZipFile, entries: Entry[]): Promise<void> {
  const names = entries.map((entry) => entry.fileName);
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice) fail(`The container holds ${twice} twice`);
  const byOffset = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
  if (byOffset.some((entry, index) => entry !== entries[index])) fail("The container's directory does not list its entries in the order they are stored");
  const [mimetype, manifest, signature] = entries;
  if (mimetype?.fileName !== MIMETYPE_ENTRY || mimetype.relativeOffsetOfLocalHeader !== 0) fail('The container does not start with its mimetype');
  const header = await zip.readLocalFileHeaderPromise(mimetype!);
  if (mimetype!.compressionMethod !== 0 || header.compressionMethod !== 0 || header.extraFieldLength !== 0 || mimetype!.extraFieldLength !== 0) {
    fail('The mimetype entry must be stored uncompressed and without an extra field');
  }
  const { bytes } = await digest(zip, mimetype!, true);
  if (bytes!.toString('latin1') !== ASICE_MIMETYPE) fail(`The mimetype is not ${ASICE_MIMETYPE}`);
  if (manifest?.fileName !== MANIFEST_ENTRY) fail(`${MANIFEST_ENTRY} is not the entry after the mimetype`);
  if (signature?.fileName !== SIGNATURE_ENTRY) fail(`${SIGNATURE_ENTRY} is not the entry after the manifest`);
  for (const entry of entries.slice(3)) {
    if (entry.isEncrypted()) fail(`${entry.fileName} is encrypted`);
    if (!MEMBER_NAME.test(entry.fileName)) fail(`${entry.fileName} is not a member a container may hold`);
  }
}

interface LoggedEvent {
  seq: number;
  type: string;
  actor: Actor;
  data: Record<string, unknown>;
  at: string;
  prevHash: string;
  hash: string;
}

/** The hash chain recomputed (modules/evidence/log.ts; README "The evidence hash"): numbered 1…n, each linked and hashed right. */
function checkChain(caseId: string, jsonl: Buffer): LoggedEvent[] {
  const lines = jsonl.toString('utf8').split('\n');
  if (lines.pop() !== '') fail(`${EVIDENCE_ENTRY} does not end with a line break`);
  let prevHash = GENESIS_HASH;
  return lines.map((line, index) => {
    let event: LoggedEvent;
    try {
      event = JSON.parse(line) as LoggedEvent;
    } catch {
      return fail(`${EVIDENCE_ENTRY}: line ${index + 1} is not JSON`);
    }
    const { seq, type, actor, data, at, hash } = event;
    const name = `event ${index + 1} (${String(type)})`;
    if (seq !== index + 1) fail(`${EVIDENCE_ENTRY}: ${name} is numbered ${String(seq)}: events are missing or out of order`);
    if (event.prevHash !== prevHash) fail(`${EVIDENCE_ENTRY}: ${name} does not follow the event before it`);
    if (typeof data !== 'object' || data === null || eventHash(caseId, { seq, type, actor, data, at, prevHash }) !== hash) {
      fail(`${EVIDENCE_ENTRY}: ${name} does not match its hash: it was altered`);
    }
    prevHash = hash;
    return event;
  });
}

/** A member an event renewed: its bytes must start with the original, as first recorded. */
interface Renewed {
  path: string;
  originalSha256: string;
}

/** The event that records files erased at the end of their retention period (modules/retention), each with the SHA-256 it had. */
const ERASED_EVENT = 'retention.erased';

/** Takes the files an erasure lists out of those the bundle must hold, each as the hash an event before it recorded. */
function forgetErased(event: LoggedEvent, recorded: Map<string, { sha256: unknown }>): void {
  const items = Array.isArray(event.data.items) ? (event.data.items as Array<Record<string, unknown>>) : [];
  for (const item of items) {
    const key = `${String(item.folder)}/${String(item.id)}`;
    if (!EVIDENCED_KINDS.some((kind) => kind.folder === item.folder)) continue;
    const before = recorded.get(key) ?? fail(`event ${event.seq} (${event.type}) erases ${key}, which no event before it recorded`);
    if (before.sha256 !== item.sha256) fail(`event ${event.seq} (${event.type}) erases ${key} with a SHA-256 other than the one recorded`);
    recorded.delete(key);
  }
}

/**
 * Every file an event recorded, and no later event erased, is in the bundle with the hash the last such event recorded (a
 * renewal names the hash it replaces, which must be the one before it), and every such member has
 * its event. Returns the members renewed, whose first revision is to be checked against the original.
 */
function checkEvidenced(events: LoggedEvent[], digests: Map<string, string>): Renewed[] {
  const byId = new Map<string, { path: string; sha256: string }>();
  for (const [path, sha256] of digests) {
    const found = memberId(path);
    if (found) byId.set(`${found.folder}/${found.id}`, { path, sha256 });
  }
  const recorded = new Map<string, { name: string; sha256: unknown; originalSha256: unknown; renewed: boolean }>();
  for (const event of events) {
    if (event.type === ERASED_EVENT) {
      forgetErased(event, recorded);
      continue;
    }
    const kind = EVIDENCED_KINDS.find((candidate) => candidate.event === event.type);
    if (!kind) continue;
    const key = `${kind.folder}/${String(event.data[kind.idField])}`;
    const name = `event ${event.seq} (${event.type})`;
    const before = recorded.get(key);
    if (kind.renews && (!before || before.sha256 !== event.data.previousSha256)) fail(`${name} renews ${key} from a SHA-256 no event before it recorded`);
    recorded.set(key, { name, sha256: event.data.sha256, originalSha256: before?.originalSha256 ?? event.data.sha256, renewed: Boolean(kind.renews) || Boolean(before?.renewed) });
  }
  const renewed: Renewed[] = [];
  for (const [key, { name, sha256, originalSha256, renewed: isRenewed }] of recorded) {
    const member = byId.get(key) ?? fail(`${name} records ${key}, which the bundle does not hold`);
    if (member.sha256 !== sha256) fail(`${member.path} does not match the SHA-256 that ${name} recorded`);
    if (isRenewed) renewed.push({ path: member.path, originalSha256: String(originalSha256) });
  }
  const unrecorded = [...byId.entries()].find(([key]) => !recorded.has(key));
  if (unrecorded) fail(`${unrecorded[1].path} is not recorded by any event of the case`);
  return renewed;
}

/**
 * A renewed PDF (a receipt with document timestamps) holds: its first revision is the original
 * byte for byte, and its seal and every timestamp verify (verifyPdfSeal).
 */
function checkRenewed(renewed: Renewed[], kept: Map<string, Buffer>, options: VerifyOptions): void {
  for (const { path, originalSha256 } of renewed) {
    const pdf = kept.get(path) ?? fail(`${path} is too large to be a renewed document`);
    try {
      if (createHash('sha256').update(sealedRevision(pdf)).digest('hex') !== originalSha256) fail(`${path}: its first revision is not the original its first event recorded`);
      verifyPdfSeal(pdf, options);
    } catch (error) {
      if (!(error instanceof SealVerificationError)) throw error;
      fail(`${path}: ${error.message}`);
    }
  }
}

function parseCase(bytes: Buffer): BundleCase {
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as BundleCase;
    if (typeof parsed.caseId === 'string' && typeof parsed.reference === 'string' && typeof parsed.councilId === 'string') return parsed;
  } catch {
    // Refused below, with the rest.
  }
  return fail(`${CASE_ENTRY} does not say which case the bundle is of`);
}

/**
 * Verifies an ASiC-E evidence bundle offline: its structure, the seal over the manifest (and the
 * timestamp in it), every member against the manifest, the hash chain of the evidence log,
 * every recorded file against its event, and every sealed segment against the chain. Resolves with a summary when all hold; throws a
 * BundleVerificationError naming the entry or event that does not.
 */
export async function verifyBundle(file: string, options: VerifyOptions = {}): Promise<BundleSummary> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true });
  } catch (error) {
    return fail(`Not a ZIP container: ${(error as Error).message}`);
  }
  try {
    const entries = await entriesOf(zip);
    await checkStructure(zip, entries);
    const manifestBytes = (await digest(zip, entries[1]!, true)).bytes!;
    const signature = (await digest(zip, entries[2]!, true)).bytes!;
    let seal: VerifiedSeal;
    try {
      seal = verifyDetached(signature, manifestBytes, options);
    } catch (error) {
      if (!(error instanceof SealVerificationError)) throw error;
      return fail(`${SIGNATURE_ENTRY}: ${error.message}`);
    }
    const references = parseManifest(manifestBytes) ?? fail(`${MANIFEST_ENTRY} is not a manifest in the form this verifier reads`);
    const members = new Map(entries.slice(3).map((entry) => [entry.fileName, entry]));
    const listed = new Set<string>();
    for (const reference of references) {
      if (listed.has(reference.path)) fail(`${MANIFEST_ENTRY} lists ${reference.path} twice`);
      listed.add(reference.path);
      if (!members.has(reference.path)) fail(`${reference.path} is listed in the manifest but missing from the container`);
    }
    const unlisted = [...members.keys()].find((name) => !listed.has(name));
    if (unlisted) fail(`${unlisted} is in the container but not in the manifest`);
    const digests = new Map<string, string>();
    const kept = new Map<string, Buffer>();
    for (const reference of references) {
      // Receipts are kept too, small as they are: a renewed one is read to check its first revision.
      const keep = reference.path === CASE_ENTRY || reference.path === EVIDENCE_ENTRY || isSealMember(reference.path) || memberId(reference.path)?.folder === 'receipt';
      const { sha256, bytes } = await digest(zip, members.get(reference.path)!, keep).catch((error: unknown) => {
        if (error instanceof BundleVerificationError) throw error;
        return fail(`${reference.path} cannot be read: ${(error as Error).message}`);
      });
      if (sha256 !== reference.sha256) fail(`${reference.path} does not match its digest in the manifest`);
      digests.set(reference.path, sha256);
      if (bytes) kept.set(reference.path, bytes);
    }
    const bundleCase = parseCase(kept.get(CASE_ENTRY) ?? fail(`The bundle has no ${CASE_ENTRY}`));
    const events = checkChain(bundleCase.caseId, kept.get(EVIDENCE_ENTRY) ?? fail(`The bundle has no ${EVIDENCE_ENTRY}`));
    checkRenewed(checkEvidenced(events, digests), kept, options);
    const segments = checkSeals(kept, events, bundleCase, seal.signer, options, fail);
    return { case: bundleCase, events: events.length, members: references.length, seal, segments };
  } catch (error) {
    if (error instanceof BundleVerificationError) throw error;
    return fail(`The container is damaged: ${(error as Error).message}`);
  } finally {
    zip.close();
  }
}
