import { createHash, sign, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './oids.js';
import { toArrayBuffer } from './bytes.js';

/** A seal's private key with its certificate chain, the signer's certificate first. */
export interface SealIdentity {
  key: KeyObject;
  chain: pkijs.Certificate[];
  /** A demonstration certificate made by this server, whose subject says it is not valid. */
  demo: boolean;
}

/** What a CAdES signature carries besides the digest of what it signs. */
export interface CadesOptions {
  /**
   * The signing-time attribute; PAdES leaves it out (ETSI EN 319 142-1 §6.3) because the
   * signature dictionary's /M carries the time there.
   */
  signingTime?: Date;
  /** Takes a digest's token from a timestamp authority: given, the signature gets a CAdES-T timestamp. */
  timestamp?: (data: Buffer) => Promise<Buffer>;
}

const der = (value: { toBER(sizeOnly?: boolean): ArrayBuffer }): Buffer => Buffer.from(value.toBER(false));

const attribute = (type: string, value: asn1js.AsnType) => new pkijs.Attribute({ type, values: [value] });

/** RFC 5035's SigningCertificateV2 naming the signer's certificate by its SHA-256 (the default algorithm, so left out). */
function signingCertificateV2(certificate: pkijs.Certificate): asn1js.Sequence {
  const certHash = createHash('sha256').update(der(certificate.toSchema())).digest();
  const issuerSerial = new pkijs.IssuerSerial({
    issuer: new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: certificate.issuer })] }),
    serialNumber: certificate.serialNumber,
  });
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: toArrayBuffer(certHash) }), issuerSerial.toSchema()] });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

/** The signature algorithm of a key, and the name node:crypto signs SHA-256 with it under. */
function signatureAlgorithm(key: KeyObject): pkijs.AlgorithmIdentifier {
  if (key.asymmetricKeyType === 'rsa') return new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRsa, algorithmParams: new asn1js.Null() });
  if (key.asymmetricKeyType === 'ec') return new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 });
  throw new Error(`A seal key must be RSA or ECDSA, this one is ${key.asymmetricKeyType ?? 'unknown'}`);
}

/**
 * The bytes a signer signs: the signed attributes as a DER SET (RFC 5652 §5.4). A SET OF is
 * sorted in DER; verifiers (OpenSSL among them) re-encode it that way, so an unsorted one
 * would not verify.
 */
export function signedAttributesBytes(attributes: pkijs.SignedAndUnsignedAttributes): Buffer {
  const bytes = Buffer.from(attributes.encodedValue.byteLength > 0 ? attributes.encodedValue : attributes.toSchema().toBER(false));
  bytes[0] = 0x31;
  return bytes;
}

/**
 * A CAdES-BES detached signature (CMS SignedData, DER) over data whose SHA-256 is `digest`:
 * content-type, message-digest, signing-certificate-v2 and (when asked) signing-time signed, the
 * chain included; with `timestamp`, a signature timestamp over the signature value (CAdES-T).
 */
export async function cadesDetached(identity: SealIdentity, digest: Buffer, options: CadesOptions = {}): Promise<Buffer> {
  const [signer] = identity.chain;
  if (!signer) throw new Error('A seal needs its certificate');
  const attributes = [
    attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
    attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: toArrayBuffer(digest) })),
    attribute(OID.signingCertificateV2, signingCertificateV2(signer)),
    ...(options.signingTime ? [attribute(OID.signingTime, new asn1js.UTCTime({ valueDate: options.signingTime }))] : []),
  ].sort((a, b) => Buffer.compare(der(a.toSchema()), der(b.toSchema())));
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
  const signature = sign('sha256', signedAttributesBytes(signedAttrs), identity.key);
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs,
    signatureAlgorithm: signatureAlgorithm(identity.key),
    signature: new asn1js.OctetString({ valueHex: toArrayBuffer(signature) }),
  });
  if (options.timestamp) {
    const token = await options.timestamp(signature);
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [attribute(OID.signatureTimeStampToken, asn1js.fromBER(toArrayBuffer(token)).result)],
    });
  }
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: identity.chain,
    signerInfos: [signerInfo],
  });
  return der(new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) }).toSchema());
}
