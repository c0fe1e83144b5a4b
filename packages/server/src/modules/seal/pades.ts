import { createHash } from 'node:crypto';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf, Signer } from '@signpdf/signpdf';
import { cadesDetached, type CadesOptions, type SealIdentity } from './cms.js';
import { SealVerificationError, verifyDetached, type VerifiedSeal, type VerifyOptions } from './verify.js';

/** PAdES's SubFilter for a CAdES signature (ETSI EN 319 142-1), rather than adbe.pkcs7.detached. */
const SUBFILTER = 'ETSI.CAdES.detached';

/**
 * Room for the signature in /Contents, in bytes: the CMS with a chain of a few certificates and a
 * timestamp token with the authority's own is well under this; SignPdf refuses a bigger one.
 */
const SIGNATURE_ROOM = 24_576;

/** signpdf's hook: gives it our CAdES over the bytes the signature's /ByteRange covers. */
class CadesSigner extends Signer {
  constructor(
    private readonly identity: SealIdentity,
    private readonly options: Omit<CadesOptions, 'signingTime'>,
  ) {
    super();
  }

  override async sign(covered: Buffer): Promise<Buffer> {
    return cadesDetached(this.identity, createHash('sha256').update(covered).digest(), this.options);
  }
}

export interface PdfSealDetails {
  /** Who seals, shown by PDF readers as the signer's name. */
  name: string;
  reason: string;
  location: string;
  contactInfo: string;
  signingTime: Date;
}

/**
 * A PAdES seal on `pdf`: an incremental update adding a signature field and a signature dictionary
 * (SubFilter ETSI.CAdES.detached, /M the signing time) whose /ByteRange is the whole file but
 * /Contents, which holds the CAdES. PAdES B-LT would add revocation data (a DSS dictionary with
 * OCSP answers or CRLs); those are fetched from the certificate's issuer, out of reach offline.
 */
export async function padesSeal(identity: SealIdentity, pdf: Buffer, details: PdfSealDetails, options: Omit<CadesOptions, 'signingTime'>): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: details.reason,
    contactInfo: details.contactInfo,
    name: details.name,
    location: details.location,
    signingTime: details.signingTime,
    signatureLength: SIGNATURE_ROOM,
    subFilter: SUBFILTER,
    appName: 'Finestreta',
  });
  return new SignPdf().sign(withPlaceholder, new CadesSigner(identity, options), details.signingTime);
}

/**
 * Verifies the last signature of a sealed PDF: its /ByteRange must cover the whole file but
 * /Contents (so nothing was appended after sealing), and the CAdES in /Contents must verify over
 * those bytes (verifyDetached, with the same options).
 */
export function verifyPdfSeal(pdf: Buffer, options: VerifyOptions = {}): VerifiedSeal {
  const ranges = [...pdf.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = ranges.at(-1);
  if (!last) throw new SealVerificationError('The PDF has no signature');
  const [start, firstLength, second, secondLength] = last.slice(1).map(Number) as [number, number, number, number];
  if (start !== 0 || second + secondLength !== pdf.length || second <= firstLength) throw new SealVerificationError('The PDF signature does not cover the whole file');
  const hex = pdf.subarray(firstLength, second).toString('latin1');
  if (!/^<[0-9a-fA-F]*>$/.test(hex)) throw new SealVerificationError("The PDF signature's /Contents is not where its /ByteRange says");
  // /Contents is zero-padded to its placeholder's size; the DER inside knows its own length.
  const cms = Buffer.from(hex.slice(1, -1), 'hex');
  const covered = Buffer.concat([pdf.subarray(0, firstLength), pdf.subarray(second)]);
  return verifyDetached(cms, covered, options);
}
