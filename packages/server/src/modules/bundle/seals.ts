import { X509Certificate } from 'node:crypto';
import { canonicalJson } from '../../shared/json.js';
import type { EvidenceEvent } from '../evidence/log.js';
import { archiveData, STATEMENT_TYPE, type SealedSegment, type SealStatement } from '../evidence/seals.js';
import { SealVerificationError, verifyDetached, verifyTimestampToken, type VerifyOptions } from '../seal/verify.js';
import type { BundleCase, Member } from './members.js';

/**
 * The seals over the case's segments (modules/evidence/seals.ts) as the bundle keeps them:
 * `seals/<n>.json` the statement signed, byte for byte, `seals/<n>.p7s` its CAdES signature, and
 * `seals/<n>.ats<k>.tst` its archive timestamps in the order they were added.
 */
export const SEALS_FOLDER = 'seals';
const TOKEN_TYPE = 'application/vnd.etsi.timestamp-token';
const statementPath = (n: number) => `${SEALS_FOLDER}/${n}.json`;
const signaturePath = (n: number) => `${SEALS_FOLDER}/${n}.p7s`;
const archivePath = (n: number, k: number) => `${SEALS_FOLDER}/${n}.ats${k}.tst`;

/**
 * `seals/previous/<k>.cer`: the council's seal certificates rotated out (DER). The manifest, sealed
 * with the current seal, lists them, so the current seal vouches that segments they sealed are the
 * council's: without a trust anchor a segment is accepted from the bundle's signer or one of them.
 */
const previousPath = (k: number) => `${SEALS_FOLDER}/previous/${k}.cer`;

export const isSealMember = (path: string): boolean => path.startsWith(`${SEALS_FOLDER}/`);

export function sealMembers(segments: SealedSegment[], previousCertificates: Buffer[], inMemory: (path: string, mimeType: string, content: Buffer) => Member): Member[] {
  return [
    ...segments.flatMap(({ statement, statementBytes, signature, archiveTimestamps }) => [
      inMemory(statementPath(statement.segment), 'application/json', statementBytes),
      inMemory(signaturePath(statement.segment), 'application/pkcs7-signature', signature),
      ...archiveTimestamps.map((token, index) => inMemory(archivePath(statement.segment, index + 1), TOKEN_TYPE, token)),
    ]),
    ...previousCertificates.map((der, index) => inMemory(previousPath(index + 1), 'application/pkix-cert', der)),
  ];
}

/** The previous seal certificates the bundle holds, each read (a damaged one fails the bundle). */
function previousCertificatesOf(kept: Map<string, Buffer>, known: Set<string>, fail: (message: string) => never): X509Certificate[] {
  const certificates: X509Certificate[] = [];
  for (let k = 1; kept.has(previousPath(k)); k++) {
    try {
      certificates.push(new X509Certificate(kept.get(previousPath(k))!));
    } catch {
      fail(`${previousPath(k)} is not a certificate`);
    }
    known.add(previousPath(k));
  }
  return certificates;
}

export interface SegmentsSummary {
  /** How many segments are sealed, and the last event they cover (0 when none). */
  segments: number;
  sealedThrough: number;
  archiveTimestamps: number;
}

/** One segment's statement read back: canonical JSON of this case, following the segment before and matching the chain. */
function checkStatement(path: string, bytes: Buffer, n: number, firstSeq: number, bundleCase: BundleCase, events: Pick<EvidenceEvent, 'hash'>[], fail: (message: string) => never): SealStatement {
  let statement: SealStatement;
  try {
    statement = JSON.parse(bytes.toString('utf8')) as SealStatement;
  } catch {
    return fail(`${path} is not a seal statement`);
  }
  if (canonicalJson(statement) !== bytes.toString('utf8') || statement.type !== STATEMENT_TYPE) fail(`${path} is not a seal statement in the form this verifier reads`);
  if (statement.caseId !== bundleCase.caseId || statement.councilId !== bundleCase.councilId) fail(`${path} is a seal of another case`);
  if (statement.segment !== n || statement.firstSeq !== firstSeq || !Number.isInteger(statement.lastSeq) || statement.lastSeq < firstSeq) {
    fail(`${path} does not follow the segment before it (events ${firstSeq}… expected)`);
  }
  const head = events[statement.lastSeq - 1];
  if (!head) fail(`${path} seals event ${statement.lastSeq}, which the evidence log does not hold`);
  if (head!.hash !== statement.headHash) fail(`${path} does not match the evidence log: event ${statement.lastSeq} has another hash`);
  return statement;
}

/**
 * Checks every sealed segment the bundle holds against the chain: each statement follows the one
 * before and names the hash of its last event, its signature is valid and by the bundle's own
 * seal or a previous one the bundle lists (or, given `trust`, one leading to it), and each archive timestamp is over the signature and
 * the timestamps before it. Throws through `fail`, naming the member, when one does not hold.
 */
export function checkSeals(
  kept: Map<string, Buffer>,
  events: Pick<EvidenceEvent, 'hash'>[],
  bundleCase: BundleCase,
  bundleSigner: X509Certificate,
  options: VerifyOptions,
  fail: (message: string) => never,
): SegmentsSummary {
  const known = new Set<string>();
  const signers = [bundleSigner, ...previousCertificatesOf(kept, known, fail)];
  const summary: SegmentsSummary = { segments: 0, sealedThrough: 0, archiveTimestamps: 0 };
  for (let n = 1; kept.has(statementPath(n)); n++) {
    const path = statementPath(n);
    const statement = checkStatement(path, kept.get(path)!, n, summary.sealedThrough + 1, bundleCase, events, fail);
    const signature = kept.get(signaturePath(n)) ?? fail(`${path} has no signature ${signaturePath(n)}`);
    const verified = (() => {
      try {
        return verifyDetached(signature, kept.get(path)!, options);
      } catch (error) {
        if (!(error instanceof SealVerificationError)) throw error;
        return fail(`${signaturePath(n)}: ${error.message}`);
      }
    })();
    if (options.trust === undefined && !signers.some((signer) => verified.signer.raw.equals(signer.raw))) {
      fail(`${signaturePath(n)} is sealed by another certificate than the bundle or the council's previous ones`);
    }
    const tokens: Buffer[] = [];
    for (let k = 1; kept.has(archivePath(n, k)); k++) {
      const token = kept.get(archivePath(n, k))!;
      try {
        verifyTimestampToken(token, archiveData(signature, tokens), options.tsaTrust ?? null, archivePath(n, k));
      } catch (error) {
        if (!(error instanceof SealVerificationError)) throw error;
        fail(error.message);
      }
      tokens.push(token);
      known.add(archivePath(n, k));
    }
    known.add(path).add(signaturePath(n));
    summary.segments = n;
    summary.sealedThrough = statement.lastSeq;
    summary.archiveTimestamps += tokens.length;
  }
  const stray = [...kept.keys()].find((name) => isSealMember(name) && !known.has(name));
  if (stray) fail(`${stray} is not part of a sealed segment`);
  return summary;
}
