import type { DocumentType, PreparedFile } from './files.js';

/**
 * What happens to a chosen file before it is sent: its kind read from its bytes, and a photo
 * shrunk. Imported when the citizen chooses a file, with the upload code, not with the element.
 */

/** Longest side, in pixels, of a photo as it is sent: a document stays readable, a phone's 12 MP photo shrinks a lot. */
export const MAX_IMAGE_SIDE = 2400;
/** JPEG quality of a re-compressed photo. */
export const JPEG_QUALITY = 0.85;

const SIGNATURES: [DocumentType, number[]][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
];

/** The file's kind from its first bytes, never from its name: a renamed program stays a program. */
export async function sniffType(blob: Blob): Promise<DocumentType | undefined> {
  const head = new Uint8Array(await blob.slice(0, 8).arrayBuffer());
  return SIGNATURES.find(([, bytes]) => bytes.every((byte, i) => head[i] === byte))?.[0];
}

function canvasOf(width: number, height: number): OffscreenCanvas | HTMLCanvasElement {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

function encode(canvas: OffscreenCanvas | HTMLCanvasElement, type: string): Promise<Blob> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type, quality: JPEG_QUALITY });
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The image could not be encoded.'))), type, JPEG_QUALITY),
  );
}

function renamed(name: string, type: DocumentType): string {
  if (type !== 'image/jpeg' || /\.jpe?g$/i.test(name)) return name;
  return `${name.replace(/\.[^./]*$/, '') || 'photo'}.jpg`;
}

/**
 * A photo scaled down to `MAX_IMAGE_SIDE` and re-compressed as JPEG (when the case takes JPEG),
 * upright as the camera meant it; drawing it anew also leaves its EXIF data (GPS included) behind.
 * A small image that would only grow stays as it was.
 */
export async function downscale(blob: Blob, name: string, type: 'image/jpeg' | 'image/png', allowed: readonly string[]): Promise<PreparedFile> {
  const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const target: DocumentType = allowed.includes('image/jpeg') ? 'image/jpeg' : type;
  const canvas = canvasOf(width, height);
  const context = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (!context) {
    bitmap.close();
    return { blob, name, type };
  }
  // JPEG has no transparency: a transparent PNG scan would turn black without a white page under it.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const encoded = await encode(canvas, target);
  if (scale === 1 && encoded.size >= blob.size) return { blob, name, type };
  return { blob: encoded, name: renamed(name, target), type: target };
}

/** Sniffs the file and shrinks photos; a photo the browser cannot decode goes as it is, for the server to judge. */
export async function prepareFile(file: Blob, name: string, allowed: readonly string[]): Promise<PreparedFile> {
  const type = await sniffType(file);
  if (type === 'image/jpeg' || type === 'image/png') {
    try {
      return await downscale(file, name, type, allowed);
    } catch {
      return { blob: file, name, type };
    }
  }
  return { blob: file, name, type };
}
