import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';

/** file-type needs at most this many leading bytes to recognise any type it knows. */
export const SNIFF_BYTES = 4100;
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

const IMAGE_SIGNATURES = [Buffer.from([0xff, 0xd8, 0xff]), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])];

/** Whether a file's first bytes are a JPEG's or a PNG's: what is kept of those is a copy without metadata. */
export function startsAsImage(head: Buffer): boolean {
  return IMAGE_SIGNATURES.some((signature) => head.subarray(0, signature.length).equals(signature));
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

/** A JPEG segment's marker byte (after 0xFF). */
const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP14 = 0xee;
const COM = 0xfe;
const ORIENTATION_TAG = 0x0112;

/** Reads a stream of buffers a few bytes at a time without copying the rest. */
class ByteReader {
  buffer: Buffer = Buffer.alloc(0);
  at = 0;
  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** Whether `count` bytes from `at` are at hand, reading more as needed. */
  async have(count: number): Promise<boolean> {
    while (this.buffer.length - this.at < count) {
      const next = await this.source.next();
      if (next.done) return false;
      this.buffer = this.at === this.buffer.length ? next.value : Buffer.concat([this.buffer.subarray(this.at), next.value]);
      this.at = 0;
    }
    return true;
  }

  take(count: number): Buffer {
    const bytes = this.buffer.subarray(this.at, this.at + count);
    this.at += count;
    return bytes;
  }
}

/** The EXIF orientation (1–8) in an APP1 EXIF payload, or undefined. */
function exifOrientation(payload: Buffer): number | undefined {
  const tiff = payload.subarray(6);
  if (tiff.length < 8) return undefined;
  const big = tiff.toString('latin1', 0, 2) === 'MM';
  if (!big && tiff.toString('latin1', 0, 2) !== 'II') return undefined;
  const u16 = (at: number) => (big ? tiff.readUInt16BE(at) : tiff.readUInt16LE(at));
  const u32 = (at: number) => (big ? tiff.readUInt32BE(at) : tiff.readUInt32LE(at));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const entries = u16(ifd);
  for (let entry = ifd + 2; entry + 12 <= tiff.length && entry < ifd + 2 + entries * 12; entry += 12) {
    if (u16(entry) !== ORIENTATION_TAG) continue;
    const value = u16(entry + 8);
    return u16(entry + 2) === 3 && value >= 1 && value <= 8 ? value : undefined;
  }
  return undefined;
}

/** An APP1 segment whose EXIF holds only the orientation: one IFD0 entry, big-endian. */
function orientationSegment(orientation: number): Buffer {
  const segment = Buffer.alloc(36);
  segment.writeUInt16BE(0xff00 | APP1, 0);
  segment.writeUInt16BE(34, 2);
  segment.write('Exif\0\0MM\0*', 4, 'latin1');
  segment.writeUInt32BE(8, 14);
  segment.writeUInt16BE(1, 18);
  segment.writeUInt16BE(ORIENTATION_TAG, 20);
  segment.writeUInt16BE(3, 22);
  segment.writeUInt32BE(1, 24);
  segment.writeUInt16BE(orientation, 28);
  return segment;
}

/** A JFIF APP0 without its thumbnail; undefined for any other APP0 (JFXX carries only thumbnails). */
function jfifSegment(payload: Buffer): Buffer | undefined {
  if (payload.length < 14 || payload.toString('latin1', 0, 5) !== 'JFIF\0') return undefined;
  const segment = Buffer.alloc(18);
  segment.writeUInt16BE(0xff00 | APP0, 0);
  segment.writeUInt16BE(16, 2);
  payload.copy(segment, 4, 0, 12);
  return segment;
}

/** What of a segment before or between scans is kept: the image's own, never who, where or when. */
function keptSegment(marker: number, segment: Buffer): Buffer | undefined {
  const payload = segment.subarray(4);
  if (marker === APP0) return jfifSegment(payload);
  if (marker === APP1) {
    const orientation = payload.toString('latin1', 0, 6) === 'Exif\0\0' ? exifOrientation(payload) : undefined;
    return orientation && orientation !== 1 ? orientationSegment(orientation) : undefined;
  }
  // The colour profile and Adobe's colour transform change how the pixels look.
  if (marker === APP2) return payload.toString('latin1', 0, 12) === 'ICC_PROFILE\0' ? segment : undefined;
  if (marker === APP14) return payload.toString('latin1', 0, 5) === 'Adobe' ? segment : undefined;
  if ((marker > APP0 && marker <= 0xef) || marker === COM) return undefined;
  return segment;
}

/**
 * A JPEG without its metadata, losslessly and as it streams: the compressed pixels are passed on
 * untouched, and of the segments around them only those that say how to draw them are kept (the
 * tables, the frame and scan headers, JFIF without its thumbnail, the ICC colour profile, Adobe's
 * colour transform). EXIF (camera, dates, GPS position, thumbnail), XMP, IPTC, comments and
 * anything after the end of the image are dropped; the EXIF orientation is kept alone, in an EXIF
 * of its one tag, so the picture stands as it was taken. A stream that is not a whole JPEG fails
 * with UnreadableImage.
 */
export async function* strippedJpeg(plaintext: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const source = plaintext[Symbol.asyncIterator]();
  try {
    yield* jpegWithoutMetadata(new ByteReader(source));
  } finally {
    // What follows the end of the image is not read: the source is closed (its file with it).
    await source.return?.();
  }
}

async function* jpegWithoutMetadata(reader: ByteReader): AsyncGenerator<Buffer> {
  const unreadable = (why: string) => new UnreadableImage(`not a whole JPEG: ${why}`);
  if (!(await reader.have(2)) || reader.buffer[reader.at] !== 0xff || reader.buffer[reader.at + 1] !== SOI) throw unreadable('no start of image');
  yield reader.take(2);
  let scanned = false;
  for (;;) {
    if (!(await reader.have(2))) throw unreadable('it ends before its end marker');
    if (reader.buffer[reader.at] !== 0xff) throw unreadable('a segment does not start with a marker');
    const marker = reader.buffer[reader.at + 1]!;
    if (marker === 0xff) {
      // A fill byte before a marker.
      reader.at++;
      continue;
    }
    if (marker === EOI) {
      if (!scanned) throw unreadable('it has no scan');
      yield reader.take(2);
      return;
    }
    if (marker === SOI || marker === 0x00) throw unreadable('a marker out of place');
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      yield reader.take(2);
      continue;
    }
    if (!(await reader.have(4))) throw unreadable('a segment is cut');
    const length = reader.buffer.readUInt16BE(reader.at + 2);
    if (length < 2 || !(await reader.have(2 + length))) throw unreadable('a segment is cut');
    const segment = reader.take(2 + length);
    const kept = keptSegment(marker, segment);
    if (kept) yield kept;
    if (marker !== SOS) continue;
    scanned = true;
    // The compressed data, passed on as it is: a 0xFF in it is followed by 0x00 (a byte stuffed) or
    // a restart marker; any other marker ends it.
    for (;;) {
      const { buffer } = reader;
      let found = buffer.indexOf(0xff, reader.at);
      while (found !== -1 && found + 1 < buffer.length && (buffer[found + 1] === 0x00 || (buffer[found + 1]! >= 0xd0 && buffer[found + 1]! <= 0xd7))) {
        found = buffer.indexOf(0xff, found + 2);
      }
      // Up to the marker that ends the scan, or to the end of what is at hand but a 0xFF whose meaning the next byte tells.
      const upTo = found === -1 ? buffer.length : found;
      if (upTo > reader.at) yield reader.take(upTo - reader.at);
      if (found !== -1 && found + 1 < buffer.length) break;
      if (!(await reader.have(found === -1 ? 1 : 2))) throw unreadable('it ends inside a scan');
    }
  }
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
