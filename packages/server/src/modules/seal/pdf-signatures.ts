import * as pkijs from 'pkijs';
import { toArrayBuffer } from './bytes.js';
import { OID } from './oids.js';
import { SealVerificationError, signatureTimestampOf } from './verify.js';

/** A signature dictionary of a PDF: what its /ByteRange covers and what its /Contents holds. */
export interface PdfSignature {
  /** The two covered spans: [0, gapStart) and [gapEnd, end). */
  gapStart: number;
  gapEnd: number;
  /** Where the revision it signs ends: everything before is covered but its /Contents. */
  end: number;
  /** /Contents as bytes: the DER it holds, without the zero padding of its placeholder. */
  contents: Buffer;
  /** A document timestamp (/Type /DocTimeStamp, /SubFilter /ETSI.RFC3161) rather than a signature. */
  documentTimestamp: boolean;
}

const fail = (message: string): never => {
  throw new SealVerificationError(message);
};

/**
 * The DER element at the start of `bytes`, by the length its header states: parsing the padding
 * after it would cost pkijs several times the element itself. Bytes that are not one are left
 * as they are, for the verifier to refuse.
 */
function derElement(bytes: Buffer): Buffer {
  const first = bytes[1] ?? 0;
  if (first < 0x80) return bytes.subarray(0, 2 + first);
  const size = first & 0x7f;
  if (size === 0 || size > 4 || bytes.length < 2 + size) return bytes;
  return bytes.subarray(0, Math.min(bytes.length, 2 + size + bytes.readUIntBE(2, size)));
}

/**
 * The signature dictionaries of a PDF in the order of the revisions they sign, each checked to be
 * well formed: a /ByteRange from the file's start around its own /Contents, inside the file.
 */
export function pdfSignatures(pdf: Buffer): PdfSignature[] {
  const text = pdf.toString('latin1');
  const signatures = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].map((match) => {
    const [start, gapStart, gapEnd, length] = match.slice(1).map(Number) as [number, number, number, number];
    const end = gapEnd + length;
    if (start !== 0 || gapEnd <= gapStart || end > pdf.length) fail('A PDF signature does not cover its revision from the start of the file');
    const hex = text.slice(gapStart, gapEnd);
    if (!/^<[0-9a-fA-F]*>$/.test(hex)) fail("A PDF signature's /Contents is not where its /ByteRange says");
    // The signature's own object: from its "obj" to its "endobj", the /Contents left out.
    const dictionary = text.slice(text.lastIndexOf(' obj', match.index), gapStart) + text.slice(gapEnd, text.indexOf('endobj', gapEnd));
    return {
      gapStart,
      gapEnd,
      end,
      contents: derElement(Buffer.from(hex.slice(1, -1), 'hex')),
      documentTimestamp: /\/Type\s*\/DocTimeStamp\b/.test(dictionary) && /\/SubFilter\s*\/ETSI\.RFC3161\b/.test(dictionary),
    };
  });
  return signatures.sort((a, b) => a.end - b.end);
}

/** The bytes a signature covers: its revision but its /Contents. */
export const coveredBytes = (pdf: Buffer, signature: PdfSignature): Buffer =>
  Buffer.concat([pdf.subarray(0, signature.gapStart), pdf.subarray(signature.gapEnd, signature.end)]);

/**
 * The PDF as it was sealed: its first revision, which the seal covers whole. A renewed receipt
 * starts with these very bytes, so their SHA-256 is the one `receipt.issued` recorded.
 */
export function sealedRevision(pdf: Buffer): Buffer {
  const [seal] = pdfSignatures(pdf);
  return seal ? pdf.subarray(0, seal.end) : fail('The PDF has no signature');
}

/**
 * The newest timestamp of a sealed PDF (DER): its last document timestamp, else the seal's own
 * signature timestamp; null for a seal made without a timestamp authority.
 */
export function latestTimestampOf(pdf: Buffer): Buffer | null {
  const signatures = pdfSignatures(pdf);
  const last = signatures.findLast((signature) => signature.documentTimestamp);
  if (last) return last.contents;
  const [seal] = signatures;
  return seal ? signatureTimestampOf(seal.contents) : fail('The PDF has no signature');
}

/** The certificates a CMS carries, the ones of the timestamp inside it included (DER). */
function certificatesOf(cms: Buffer): Buffer[] {
  const signedData = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(toArrayBuffer(cms)).content });
  const own = (signedData.certificates ?? []).filter((certificate) => certificate instanceof pkijs.Certificate).map((certificate) => Buffer.from(certificate.toSchema().toBER(false)));
  const inner = signedData.encapContentInfo.eContentType === OID.tstInfo ? null : signatureTimestampOf(cms);
  return inner ? [...own, ...certificatesOf(inner)] : own;
}

/** Every certificate the PDF's signatures and timestamps carry, each once: what its DSS keeps for a later validation. */
export function pdfCertificates(pdf: Buffer): Buffer[] {
  const all = pdfSignatures(pdf).flatMap((signature) => certificatesOf(signature.contents));
  return all.filter((certificate, index) => all.findIndex((other) => other.equals(certificate)) === index);
}
