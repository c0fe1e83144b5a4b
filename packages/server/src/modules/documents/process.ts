import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';

/** file-type needs at most this many leading bytes to recognise any type it knows. */
const SNIFF_BYTES = 4100;
const JPEG_QUALITY = 90;

/** The type of a file decided from its first bytes (never its name or the client's claim), or undefined. */
export async function sniffType(plaintext: AsyncIterable<Buffer>): Promise<string | undefined> {
  const head: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of plaintext) {
    head.push(chunk);
    bytes += chunk.length;
    if (bytes >= SNIFF_BYTES) break;
  }
  return (await fileTypeFromBuffer(Buffer.concat(head).subarray(0, SNIFF_BYTES)))?.mime;
}

/** Thrown when an image's bytes cannot be decoded, so it cannot be cleaned and is not kept. */
export class UnreadableImage extends Error {}

/**
 * The bytes to keep. Images are decoded and encoded again in their own format: the EXIF
 * orientation is applied to the pixels first, and nothing else of the metadata survives (EXIF,
 * GPS position, XMP, comments, embedded thumbnails), as sharp writes none unless asked. PDFs are
 * kept as sent.
 */
export function storedBytes(contentType: string, plaintext: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  if (contentType !== 'image/jpeg' && contentType !== 'image/png') return plaintext;
  const image = sharp({ failOn: 'error' }).rotate();
  if (contentType === 'image/jpeg') image.jpeg({ quality: JPEG_QUALITY });
  else image.png();
  const input = Readable.from(plaintext);
  let inputError: Error | undefined;
  input.once('error', (error) => {
    inputError = error;
    image.destroy(error);
  });
  input.pipe(image);
  return (async function* () {
    try {
      for await (const chunk of image) yield chunk as Buffer;
    } catch (error) {
      // A failure to read the staged bytes is the server's; only a failure to decode them is the file's.
      if (inputError) throw inputError;
      throw new UnreadableImage((error as Error).message, { cause: error });
    }
  })();
}

/** Passes bytes through while counting them and computing their SHA-256, read once they have all passed. */
export function measured(source: AsyncIterable<Buffer>) {
  const hash = createHash('sha256');
  const result = { bytes: 0, sha256: '' };
  const stream = (async function* () {
    for await (const chunk of source) {
      hash.update(chunk);
      result.bytes += chunk.length;
      yield chunk;
    }
    result.sha256 = hash.digest('hex');
  })();
  return { stream, result };
}
