import { createHash, verify, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { signedAttributesBytes } from './cms.js';
import { DIGESTS, OID } from './oids.js';
import { tstInfoOf } from './tsa.js';

/** A signature or timestamp that does not hold, with what failed in `message`. */
export class SealVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealVerificationError';
  }
}

export interface VerifyOptions {
  /** Certificates (DER or PEM) the seal's chain must lead to; without them the chain is not judged. */
  trust?: (Buffer | string)[];
  /** Certificates the timestamp authority's chain must lead to; without them it is not judged. */
  tsaTrust?: (Buffer | string)[];
}

export interface VerifiedSeal {
  /** The certificate that signed. */
  signer: X509Certificate;
  /** The signer's claimed time (the signing-time attribute), when it has one. */
  signingTime: Date | null;
  /** The timestamp over the signature, when it has one: proof the signature existed at `time`. */
  timestamp: { time: Date; authority: X509Certificate; trusted: boolean } | null;
  /** Whether the signer's chain leads to one of `trust`; false when no trust was given. */
  trusted: boolean;
}

const fail = (message: string): never => {
  throw new SealVerificationError(message);
};

function parseSignedData(cms: Buffer, what: string): pkijs.SignedData {
  try {
    const contentInfo = pkijs.ContentInfo.fromBER(new Uint8Array(cms));
    if (contentInfo.contentType !== OID.signedData) fail(`${what} is not a CMS SignedData`);
    return new pkijs.SignedData({ schema: contentInfo.content });
  } catch (error) {
    if (error instanceof SealVerificationError) throw error;
    return fail(`${what} is not a CMS SignedData: ${(error as Error).message}`);
  }
}

const certificatesOf = (signedData: pkijs.SignedData): X509Certificate[] =>
  (signedData.certificates ?? []).filter((certificate) => certificate instanceof pkijs.Certificate).map((certificate) => new X509Certificate(Buffer.from(certificate.toSchema().toBER(false))));

/** The certificate named by a SignerInfo's issuer and serial number. */
function signerCertificate(signedData: pkijs.SignedData, signerInfo: pkijs.SignerInfo, what: string): X509Certificate {
  const sid = signerInfo.sid;
  if (!(sid instanceof pkijs.IssuerAndSerialNumber)) return fail(`${what} names its signer by key identifier, which is not supported`);
  const index = (signedData.certificates ?? []).findIndex(
    (certificate) => certificate instanceof pkijs.Certificate && certificate.issuer.isEqual(sid.issuer) && certificate.serialNumber.isEqual(sid.serialNumber),
  );
  return index < 0 ? fail(`${what} does not include its signer's certificate`) : certificatesOf(signedData)[index]!;
}

const attributeValue = (signerInfo: pkijs.SignerInfo, type: string) => {
  const found = (signerInfo.signedAttrs?.attributes ?? []).filter((attribute) => attribute.type === type);
  return found.length === 1 && found[0]!.values.length === 1 ? found[0]!.values[0] : undefined;
};

/**
 * Checks one SignerInfo over `content` as RFC 5652 §5.4–5.6 do: signed attributes present, their
 * content type and message digest right, the signature over their DER SET valid under the
 * signer's certificate, and RFC 5035's signing-certificate-v2 naming that very certificate.
 */
function verifySignerInfo(signedData: pkijs.SignedData, content: Buffer, what: string): { signer: X509Certificate; signerInfo: pkijs.SignerInfo } {
  if (signedData.signerInfos.length !== 1) fail(`${what} must have exactly one signer`);
  const signerInfo = signedData.signerInfos[0]!;
  const digestName = DIGESTS[signerInfo.digestAlgorithm.algorithmId] ?? fail(`${what} uses an unsupported digest ${signerInfo.digestAlgorithm.algorithmId}`);
  if (!signerInfo.signedAttrs) fail(`${what} has no signed attributes`);
  const contentType = attributeValue(signerInfo, OID.contentType);
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== signedData.encapContentInfo.eContentType) fail(`${what}'s content type does not match`);
  const messageDigest = attributeValue(signerInfo, OID.messageDigest);
  const digest = createHash(digestName).update(content).digest();
  if (!(messageDigest instanceof asn1js.OctetString) || !digest.equals(Buffer.from(messageDigest.valueBlock.valueHexView))) fail(`${what} does not match the signed data: its digest differs`);
  const signer = signerCertificate(signedData, signerInfo, what);
  const signature = Buffer.from(signerInfo.signature.valueBlock.valueHexView);
  if (!verify(digestName, signedAttributesBytes(signerInfo.signedAttrs!), signer.publicKey, signature)) fail(`${what}'s signature is not valid for its signer's certificate`);
  checkSigningCertificate(signerInfo, signer, what);
  return { signer, signerInfo };
}

/** RFC 5035: the ESSCertIDv2 binds the signer's certificate into what was signed, so another certificate for the same key cannot stand in. */
function checkSigningCertificate(signerInfo: pkijs.SignerInfo, signer: X509Certificate, what: string): void {
  const value = attributeValue(signerInfo, OID.signingCertificateV2);
  // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, ... }; the first names the signer.
  const first = value instanceof asn1js.Sequence ? (value.valueBlock.value[0] as asn1js.Sequence | undefined)?.valueBlock.value[0] : undefined;
  if (!(first instanceof asn1js.Sequence)) return fail(`${what} has no signing-certificate-v2 attribute`);
  const [head, next] = first.valueBlock.value;
  let algorithm = OID.sha256 as string;
  let hash = head;
  if (head instanceof asn1js.Sequence) {
    algorithm = new pkijs.AlgorithmIdentifier({ schema: head }).algorithmId;
    hash = next;
  }
  const digestName = DIGESTS[algorithm] ?? fail(`${what}'s signing-certificate-v2 uses an unsupported digest`);
  if (!(hash instanceof asn1js.OctetString) || !createHash(digestName).update(signer.raw).digest().equals(Buffer.from(hash.valueBlock.valueHexView))) {
    fail(`${what}'s signing-certificate-v2 does not name its signer's certificate`);
  }
}

const extensionOf = (certificate: X509Certificate, oid: string) => pkijs.Certificate.fromBER(certificate.raw).extensions?.find((extension) => extension.extnID === oid);

/**
 * What OpenSSL's chain check asks of a CMS signer (its S/MIME signing purpose), so that what
 * `openssl cms -verify` refuses we refuse too: a key usage, when stated, that allows signing
 * (digitalSignature or nonRepudiation), and an extended key usage, when stated, that includes
 * emailProtection or any.
 */
function checkSignerPurpose(signer: X509Certificate): void {
  const keyUsage = extensionOf(signer, OID.keyUsage)?.parsedValue as asn1js.BitString | undefined;
  if (keyUsage && ((keyUsage.valueBlock.valueHexView[0] ?? 0) & 0xc0) === 0) fail("The signer's certificate is not for signing (its key usage)");
  // Node's X509Certificate#keyUsage lists the extended key usages.
  const purposes = extensionOf(signer, OID.extKeyUsage) ? (signer.keyUsage ?? []) : [OID.anyExtendedKeyUsage];
  if (!purposes.includes(OID.emailProtection) && !purposes.includes(OID.anyExtendedKeyUsage)) fail("The signer's certificate is not for signing (its extended key usage)");
}

/** RFC 3161 §2.3: a TSA's certificate has exactly one extended key usage, timeStamping, marked critical. */
function checkTsaPurpose(authority: X509Certificate): void {
  const extension = extensionOf(authority, OID.extKeyUsage);
  const purposes = authority.keyUsage ?? [];
  if (!extension?.critical || purposes.length !== 1 || purposes[0] !== OID.timeStamping) fail("The timestamp authority's certificate is not for timestamping");
}

const asCertificate = (certificate: Buffer | string) => new X509Certificate(certificate);
const validAt = (certificate: X509Certificate, at: Date) => new Date(certificate.validFrom) <= at && at <= new Date(certificate.validTo);
const issuedBy = (certificate: X509Certificate, issuer: X509Certificate) => certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);

/** Whether `leaf` leads, through CA certificates of `pool`, to one of `anchors`, every link valid at `at`. */
function chainsTo(leaf: X509Certificate, pool: X509Certificate[], anchors: X509Certificate[], at: Date): boolean {
  let current = leaf;
  for (let depth = 0; depth < 8; depth += 1) {
    if (!validAt(current, at)) return false;
    if (anchors.some((anchor) => anchor.raw.equals(current.raw) || (anchor.ca && issuedBy(current, anchor) && validAt(anchor, at)))) return true;
    const issuer = pool.find((candidate) => candidate.ca && !candidate.raw.equals(current.raw) && issuedBy(current, candidate));
    if (!issuer) return false;
    current = issuer;
  }
  return false;
}

/** The RFC 3161 token in a SignerInfo's unsigned attributes, or null when it has none. */
function timestampTokenOf(signerInfo: pkijs.SignerInfo): Buffer | null {
  const tokens = (signerInfo.unsignedAttrs?.attributes ?? []).filter((attribute) => attribute.type === OID.signatureTimeStampToken);
  if (tokens.length === 0) return null;
  if (tokens.length > 1 || tokens[0]!.values.length !== 1) return fail('The signature carries more than one timestamp');
  return Buffer.from(tokens[0]!.values[0]!.toBER(false));
}

/**
 * An RFC 3161 token (DER) over the SHA-256 (or the digest it names) of `data`: signed by a
 * timestamping certificate, and with `tsaTrust` one leading to those certificates at the time it
 * proves. `what` names it in the error.
 */
export function verifyTimestampToken(tokenBytes: Buffer, data: Buffer, tsaTrust: (Buffer | string)[] | null, what = 'The timestamp token'): NonNullable<VerifiedSeal['timestamp']> {
  const signedData = parseSignedData(tokenBytes, what);
  let info: pkijs.TSTInfo;
  try {
    info = tstInfoOf(pkijs.ContentInfo.fromBER(new Uint8Array(tokenBytes)));
  } catch (error) {
    return fail(`${what} is not valid: ${(error as Error).message}`);
  }
  const { signer: authority } = verifySignerInfo(signedData, Buffer.from(signedData.encapContentInfo.eContent!.getValue()), what);
  const digestName = DIGESTS[info.messageImprint.hashAlgorithm.algorithmId] ?? fail(`${what} uses an unsupported digest`);
  const imprint = createHash(digestName).update(data).digest();
  if (!imprint.equals(Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView))) fail(`${what} is not over this signature`);
  checkTsaPurpose(authority);
  const trusted = tsaTrust !== null && chainsTo(authority, certificatesOf(signedData), tsaTrust.map(asCertificate), info.genTime);
  if (tsaTrust !== null && !trusted) fail(`${what}: the timestamp authority's certificate does not lead to a trusted one`);
  return { time: info.genTime, authority, trusted };
}

/** The certificate of the authority that signed a timestamp token, read without judging the token (to see when it expires). */
export function timestampAuthorityOf(tokenBytes: Buffer): X509Certificate {
  const signedData = parseSignedData(tokenBytes, 'The timestamp token');
  return signerCertificate(signedData, signedData.signerInfos[0] ?? fail('The timestamp token has no signer'), 'The timestamp token');
}

/** The signature timestamp token (DER) inside a CAdES signature, or null for one without (CAdES-BES). */
export function signatureTimestampOf(cms: Buffer): Buffer | null {
  const signedData = parseSignedData(cms, 'The signature');
  const signerInfo = signedData.signerInfos[0] ?? fail('The signature has no signer');
  return timestampTokenOf(signerInfo);
}

/**
 * Verifies a detached CAdES signature (`cms`, DER) over `data` without any network: the digest,
 * the signature, signing-certificate-v2, the timestamp token (its imprint over the signature
 * value and its own signature), and with `trust` the chain up to one of those certificates at
 * the time the timestamp proves (or the signing time, or now). Throws a SealVerificationError
 * naming what failed.
 */
export function verifyDetached(cms: Buffer, data: Buffer, options: VerifyOptions = {}): VerifiedSeal {
  const signedData = parseSignedData(cms, 'The signature');
  if (signedData.encapContentInfo.eContent) fail('The signature is not detached');
  const { signer, signerInfo } = verifySignerInfo(signedData, data, 'The signature');
  const signingTimeValue = attributeValue(signerInfo, OID.signingTime);
  const signingTime = signingTimeValue instanceof asn1js.UTCTime || signingTimeValue instanceof asn1js.GeneralizedTime ? signingTimeValue.toDate() : null;
  const token = timestampTokenOf(signerInfo);
  // The signature timestamp is over the signature value (RFC 5126 §6.1.1).
  const timestamp = token ? verifyTimestampToken(token, Buffer.from(signerInfo.signature.valueBlock.valueHexView), options.tsaTrust ?? null) : null;
  const at = timestamp?.time ?? signingTime ?? new Date();
  if (options.trust !== undefined) checkSignerPurpose(signer);
  const trusted = options.trust !== undefined && chainsTo(signer, certificatesOf(signedData), options.trust.map(asCertificate), at);
  if (options.trust !== undefined && !trusted) fail("The signer's certificate does not lead to a trusted one");
  return { signer, signingTime, timestamp, trusted };
}
