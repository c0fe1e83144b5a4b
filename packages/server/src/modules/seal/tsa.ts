import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './oids.js';
import { toArrayBuffer } from './bytes.js';

/**
 * The timestamp authority could not give a token: unreachable, slow, or it answered with a
 * refusal or with a token for something else. Nothing was sealed; the caller may retry later.
 */
export class TimestampError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TimestampError';
  }
}

export interface TimestampOptions {
  /** How long the authority has to answer. */
  timeoutMs?: number;
}


/** The TSTInfo inside a timestamp token (a CMS SignedData whose content is the TSTInfo). */
export function tstInfoOf(token: pkijs.ContentInfo): pkijs.TSTInfo {
  if (token.contentType !== OID.signedData) throw new Error('A timestamp token must be a CMS SignedData');
  const signedData = new pkijs.SignedData({ schema: token.content });
  const content = signedData.encapContentInfo;
  if (content.eContentType !== OID.tstInfo || !content.eContent) throw new Error('A timestamp token must hold a TSTInfo');
  return pkijs.TSTInfo.fromBER(content.eContent.getValue());
}

/**
 * An RFC 3161 timestamp token (DER ContentInfo) over the SHA-256 of `data`, from the authority
 * at `url`. The request carries a fresh nonce and asks for the authority's certificate; the
 * answer must grant it, and its token must echo the nonce and the imprint, so that a replayed or
 * misdirected token is refused.
 */
export async function requestTimestamp(url: string, data: Buffer, options: TimestampOptions = {}): Promise<Buffer> {
  const imprint = createHash('sha256').update(data).digest();
  const nonce = randomBytes(8);
  // Positive and without a leading zero byte, so that the authority's DER echo has the same bytes.
  nonce[0] = (nonce[0]! & 0x7f) | 0x40;
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(imprint) }),
    }),
    nonce: new asn1js.Integer({ valueHex: toArrayBuffer(nonce) }),
    certReq: true,
  });
  let reply: Buffer;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: Buffer.from(request.toSchema().toBER(false)),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    if (!response.ok) throw new TimestampError(`The timestamp authority answered HTTP ${response.status}`);
    reply = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof TimestampError) throw error;
    throw new TimestampError(`The timestamp authority at ${url} could not be reached: ${(error as Error).message}`, { cause: error });
  }
  return tokenOf(reply, imprint, nonce);
}

/** The token of an authority's reply, once the reply is known to grant this request. */
function tokenOf(reply: Buffer, imprint: Buffer, nonce: Buffer): Buffer {
  let token: pkijs.ContentInfo | undefined;
  let info: pkijs.TSTInfo;
  try {
    const response = pkijs.TimeStampResp.fromBER(toArrayBuffer(reply));
    // PKIStatus 0 is granted and 1 granted with modifications (RFC 3161 §2.4.2); anything else is a refusal.
    if (response.status.status > 1) throw new TimestampError(`The timestamp authority refused the request (status ${response.status.status})`);
    token = response.timeStampToken;
    if (!token) throw new TimestampError('The timestamp authority granted the request without a token');
    info = tstInfoOf(token);
  } catch (error) {
    if (error instanceof TimestampError) throw error;
    throw new TimestampError(`The timestamp authority's answer is not an RFC 3161 reply: ${(error as Error).message}`, { cause: error });
  }
  const echoed = info.nonce ? Buffer.from(info.nonce.valueBlock.valueHexView) : null;
  if (!echoed || !echoed.equals(nonce)) throw new TimestampError("The timestamp token does not carry this request's nonce");
  const hashed = Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView);
  if (info.messageImprint.hashAlgorithm.algorithmId !== OID.sha256 || !hashed.equals(imprint)) {
    throw new TimestampError('The timestamp token is for other data');
  }
  return Buffer.from(token.toSchema().toBER(false));
}
