import { createHash } from 'node:crypto';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf, Signer } from '@signpdf/signpdf';
import { cadesDetached, type CadesOptions, type SealIdentity } from './cms.js';
import { coveredBytes, pdfSignatures } from './pdf-signatures.js';
import { SealVerificationError, verifyDetached, verifyTimestampToken, type VerifiedSeal, type VerifyOptions } from './verify.js';

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

/** A sealed PDF verified: its seal, and each document timestamp added since, oldest first. */
export interface VerifiedPdfSeal extends VerifiedSeal {
  documentTimestamps: NonNullable<VerifiedSeal['timestamp']>[];
}

/**
 * Verifies a sealed PDF, renewed or not: the first signature is the seal, and its CAdES must
 * verify over its revision (verifyDetached, with the same options); every later one must be a
 * document timestamp whose token verifies over its own revision; and the last must cover the
 * whole file but its /Contents, so that nothing was appended after it.
 */
export function verifyPdfSeal(pdf: Buffer, options: VerifyOptions = {}): VerifiedPdfSeal {
  const [seal, ...renewals] = pdfSignatures(pdf);
  if (!seal) throw new SealVerificationError('The PDF has no signature');
  if ((renewals.at(-1) ?? seal).end !== pdf.length) throw new SealVerificationError('The PDF signature does not cover the whole file');
  const verified = verifyDetached(seal.contents, coveredBytes(pdf, seal), options);
  const documentTimestamps = renewals.map((renewal, index) => {
    const what = `Document timestamp ${index + 1}`;
    if (!renewal.documentTimestamp) throw new SealVerificationError(`${what} is not a document timestamp: only those may follow the seal`);
    return verifyTimestampToken(renewal.contents, coveredBytes(pdf, renewal), options.tsaTrust ?? null, what);
  });
  return { ...verified, documentTimestamps };
}
