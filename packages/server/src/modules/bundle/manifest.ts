/**
 * The ASiC-E container's layout (ETSI EN 319 162-1) and its manifest: what both the export and
 * the offline verifier must agree on, byte for byte.
 */

/** The content of the `mimetype` entry, stored first and uncompressed. */
export const ASICE_MIMETYPE = 'application/vnd.etsi.asic-e+zip';
export const MIMETYPE_ENTRY = 'mimetype';
export const MANIFEST_ENTRY = 'META-INF/ASiCManifest.xml';
export const SIGNATURE_ENTRY = 'META-INF/signature.p7s';
/** The case the bundle is of (its id enters every event hash), so the chain can be recomputed without us. */
export const CASE_ENTRY = 'case.json';
export const EVIDENCE_ENTRY = 'evidence.jsonl';

const SHA256_URI = 'http://www.w3.org/2001/04/xmlenc#sha256';

/** One DataObjectReference: a member of the container and the SHA-256 (hex) of its bytes. */
export interface ManifestReference {
  path: string;
  mimeType: string;
  sha256: string;
}

/** What a member may be called: plain relative paths, so that no extraction can climb out of its folder. */
export const MEMBER_NAME = /^(?!META-INF\/)[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;
const MIME_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

function reference({ path, mimeType, sha256 }: ManifestReference): string {
  if (!MEMBER_NAME.test(path) || path.split('/').includes('..')) throw new Error(`Not a member name: ${path}`);
  if (!MIME_TYPE.test(mimeType)) throw new Error(`Not a media type: ${mimeType}`);
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`Not a SHA-256: ${sha256}`);
  return [
    `<asic:DataObjectReference URI="${path}" MimeType="${mimeType}">`,
    `<ds:DigestMethod Algorithm="${SHA256_URI}"/>`,
    `<ds:DigestValue>${Buffer.from(sha256, 'hex').toString('base64')}</ds:DigestValue>`,
    '</asic:DataObjectReference>',
  ].join('');
}

/**
 * The ASiCManifest (ETSI EN 319 162-1 §A.4): a SigReference to the CAdES signature over it, and a
 * DataObjectReference with the SHA-256 of every member. One reference per line, in member order.
 */
export function renderManifest(references: ManifestReference[]): Buffer {
  return Buffer.from(
    [
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
      '<asic:ASiCManifest xmlns:asic="http://uri.etsi.org/02918/v1.2.1#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">',
      `<asic:SigReference URI="${SIGNATURE_ENTRY}" MimeType="application/pkcs7-signature"/>`,
      ...references.map(reference),
      '</asic:ASiCManifest>',
      '',
    ].join('\n'),
    'utf8',
  );
}

const REFERENCE = /<asic:DataObjectReference URI="([^"]*)" MimeType="([^"]*)"><ds:DigestMethod Algorithm="[^"]*"\/><ds:DigestValue>([A-Za-z0-9+/=]{44})<\/ds:DigestValue><\/asic:DataObjectReference>/g;

/**
 * The references of a manifest this exporter wrote. Rather than a general XML reader, the
 * references found are written again and must give the very bytes read: a manifest in any other
 * form (another digest, an entity, a comment, a second SigReference) is refused, so nothing in it
 * goes unchecked. Returns null when the manifest is not in that form.
 */
export function parseManifest(bytes: Buffer): ManifestReference[] | null {
  const text = bytes.toString('utf8');
  const references = [...text.matchAll(REFERENCE)].map(([, path, mimeType, digest]) => ({
    path: path!,
    mimeType: mimeType!,
    sha256: Buffer.from(digest!, 'base64').toString('hex'),
  }));
  try {
    return renderManifest(references).equals(bytes) ? references : null;
  } catch {
    return null;
  }
}
