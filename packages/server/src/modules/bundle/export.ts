import { createHash } from 'node:crypto';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { ZipFile } from 'yazl';
import type { Actor } from '../evidence/log.js';
import { NoSealError } from '../seal/index.js';
import { ASICE_MIMETYPE, MANIFEST_ENTRY, MIMETYPE_ENTRY, renderManifest, SIGNATURE_ENTRY } from './manifest.js';
import { caseMembers, type BundleCase, type Member, type MemberSource } from './members.js';

/** A member whose bytes, as read for the bundle, are not those its row and event recorded. */
export class MemberMismatchError extends Error {
  constructor(readonly member: string) {
    super(`${member} does not match the SHA-256 its evidence recorded: the export is abandoned`);
    this.name = 'MemberMismatchError';
  }
}

/** Passes a member's bytes through, failing at the end when they are not the ones the manifest names. */
function checked(member: Member): Transform {
  const hash = createHash('sha256');
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      callback(bytes === member.bytes && hash.digest('hex') === member.sha256 ? null : new MemberMismatchError(member.path));
    },
  });
}

// Entries carry no time of their own: the signature's time is the one that counts.
const FIXED_TIME = new Date('2000-01-01T00:00:00Z');
// No "extra field" (ETSI EN 319 162-1 A.1 asks none for `mimetype`), and buffers are written with
// their sizes in the local header: stored entries with a data descriptor are refused by Java's
// ZipInputStream, which validators such as the EU's DSS read containers with.
const BUFFER = { mtime: FIXED_TIME, forceDosTimestamp: true } as const;

/** A bundle ready to be written: its case, logged as exported, and its signed manifest. */
export interface PreparedBundle {
  case: BundleCase;
  /**
   * Writes the ASiC-E container to `out`: `mimetype` first and stored, the manifest, its CAdES
   * signature, then every member. Large members are streamed and deflated (so their sizes may
   * follow them in a data descriptor), each checked against its recorded SHA-256 as it goes: a
   * mismatch fails the whole write.
   */
  write(out: Writable): Promise<void>;
}

function writer(members: Member[], manifest: Buffer, signature: Buffer) {
  return async (out: Writable): Promise<void> => {
    const zip = new ZipFile();
    // yazl's output is a stream.PassThrough; its typings say only NodeJS.ReadableStream.
    const output = zip.outputStream as Readable;
    const fail = (error: Error) => output.destroy(error);
    zip.on('error', fail);
    const written = pipeline(output, out);
    zip.addBuffer(Buffer.from(ASICE_MIMETYPE, 'ascii'), MIMETYPE_ENTRY, { ...BUFFER, compress: false });
    zip.addBuffer(manifest, MANIFEST_ENTRY, { ...BUFFER, compress: false });
    zip.addBuffer(signature, SIGNATURE_ENTRY, { ...BUFFER, compress: false });
    for (const member of members) {
      if (member.content) {
        zip.addBuffer(member.content, member.path, BUFFER);
        continue;
      }
      const open = member.open!;
      zip.addReadStreamLazy(member.path, { ...BUFFER, compressionLevel: 1, size: member.bytes }, (callback) => {
        open().then(
          (plaintext: Readable) => {
            const check = checked(member);
            plaintext.on('error', fail);
            check.on('error', fail);
            callback(null, plaintext.pipe(check));
          },
          (error: Error) => fail(error),
        );
      });
    }
    zip.end();
    await written;
  };
}

/**
 * Prepares the evidence bundle of a case: the export is itself an event of the case
 * (`evidence.exported`, by `actor`), written first so that the bundle holds it; then the members
 * are gathered (with the seals over the segments of a closed case's chain, the tail sealed first)
 * and the manifest of their digests sealed with the council's seal (timestamped when TSA_URL is set). Throws NoSealError, logging nothing, when the council cannot seal.
 */
export async function prepareBundle(fastify: FastifyInstance, caseId: string, actor: Actor, sources: MemberSource[] = []): Promise<PreparedBundle> {
  const found = await fastify.db.selectFrom('cases').select(['id', 'reference', 'council_id']).where('id', '=', caseId).executeTakeFirstOrThrow();
  const council = await fastify.councils.get(found.council_id);
  const bundleCase: BundleCase = { caseId: found.id, reference: found.reference, councilId: found.council_id, councilName: council?.name ?? found.council_id };
  if (!(await fastify.seal.has(found.council_id))) throw new NoSealError(found.council_id);
  await fastify.db.transaction().execute((trx) =>
    fastify.evidence.append(trx, caseId, { type: 'evidence.exported', actor, data: { format: ASICE_MIMETYPE, reference: found.reference, councilId: found.council_id } }, fastify.now()),
  );
  // A closed case's chain is sealed to its head, this export included, before it is bundled.
  await fastify.evidenceSeals.sealCase(caseId);
  const members = await caseMembers(fastify, bundleCase, sources);
  const manifest = renderManifest(members.map(({ path, mimeType, sha256 }) => ({ path, mimeType, sha256 })));
  const signature = await fastify.seal.signDetached(found.council_id, manifest);
  return { case: bundleCase, write: writer(members, manifest, signature) };
}
