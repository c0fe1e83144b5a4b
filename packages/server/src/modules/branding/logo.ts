import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { CouncilsFile } from '../councils/schemas.js';
import { CouncilsFileError } from '../councils/seed.js';

/** A logo is shown small on every page and sent with every email: a larger file is a mistake. */
export const LOGO_MAX_BYTES = 256 * 1024;
/** The logo's height on the pages and in emails, in CSS pixels; emails get a PNG twice as tall for sharp screens. */
export const LOGO_HEIGHT = 48;

const TYPES: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', svg: 'image/svg+xml' };

/**
 * What can make an SVG act rather than show. A browser runs none of it in an `<img>`, and the
 * logo route forbids it anyway (a sandboxing CSP), but a logo carrying it was tampered with or
 * exported carelessly: the operator hears of it when the file is read.
 */
const ACTIVE_SVG = /<\s*(script|foreignObject|iframe|object|embed)\b|\son[a-z]+\s*=|javascript:/i;

export interface Logo {
  bytes: Buffer;
  contentType: string;
  /** A strong validator of the bytes, for conditional requests. */
  etag: string;
  /** Its size at LOGO_HEIGHT, for the pages' `<img>` (no layout shift while it loads). */
  width: number;
  height: number;
  /** The logo as PNG, the one format every mail client shows (Gmail shows no SVG, Outlook no WebP). */
  mailPng: Buffer;
}

async function readLogo(file: string, at: string): Promise<Logo | string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return `${at}: cannot read ${file} (${(error as Error).message})`;
  }
  if (bytes.length > LOGO_MAX_BYTES) return `${at}: ${file} has ${bytes.length} bytes; a logo may have ${LOGO_MAX_BYTES} at most`;
  // sharp refuses some input (an empty file) before it returns its promise.
  const metadata = await Promise.resolve()
    .then(() => sharp(bytes).metadata())
    .catch(() => undefined);
  const contentType = metadata && TYPES[metadata.format];
  if (!metadata?.width || !metadata.height || !contentType) return `${at}: ${file} is not a PNG, JPEG, WebP or SVG image`;
  if (metadata.format === 'svg' && ACTIVE_SVG.test(bytes.toString('utf8'))) return `${at}: ${file} has scripts, event handlers or embedded content; an SVG logo must be a plain picture`;
  // An SVG is drawn at 72 dpi unless told otherwise: ask for the density that gives the PNG's height.
  const density = metadata.format === 'svg' ? Math.min(2400, Math.max(1, (72 * 2 * LOGO_HEIGHT) / metadata.height)) : undefined;
  const mailPng = await sharp(bytes, { density }).resize({ height: 2 * LOGO_HEIGHT }).png().toBuffer();
  return {
    bytes,
    contentType,
    etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`,
    width: Math.round((LOGO_HEIGHT * metadata.width) / metadata.height),
    height: LOGO_HEIGHT,
    mailPng,
  };
}

/**
 * The councils' logos, read with the councils file (at start, then at each change) from the files
 * their `branding.logo` names (relative to the councils file). Any that cannot be served stops
 * start-up, or has the new version refused, naming its place in the file.
 */
export async function loadLogos(councilsFile: string, councils: CouncilsFile): Promise<Map<string, Logo>> {
  const logos = new Map<string, Logo>();
  const problems: string[] = [];
  for (const [index, council] of councils.entries()) {
    if (council.branding.logo === undefined) continue;
    const logo = await readLogo(path.resolve(path.dirname(councilsFile), council.branding.logo), `/${index}/branding/logo`);
    if (typeof logo === 'string') problems.push(logo);
    else logos.set(council.id, logo);
  }
  if (problems.length > 0) throw new CouncilsFileError(councilsFile, problems);
  return logos;
}
