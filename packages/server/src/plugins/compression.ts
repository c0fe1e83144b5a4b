import compress from '@fastify/compress';
import fp from 'fastify-plugin';

/**
 * The media types compressed on the fly: the pages, their stylesheets, JSON, SVG and calendar
 * files. Not `text/event-stream`, whose events must reach the desk as they happen (those
 * replies are hijacked anyway), and not `application/octet-stream`, which @fastify/compress
 * would take by default: documents, recordings, receipts and bundles are PDFs, images, WebM and
 * ZIPs that compression only slows down.
 */
export const COMPRESSIBLE = /^(?:text\/(?:html|css|plain|calendar)|application\/(?:json|[a-z.-]+\+json)|image\/svg\+xml)\s*(?:;|$)/;

/**
 * Brotli or gzip on the fly for what this server renders itself (pages, assets, API answers over
 * a kilobyte), at @fastify/compress's fast settings (Brotli quality 4). The widget files are
 * compressed at build time and go out as they are: a reply that already names its encoding is
 * left alone. Compressed request bodies are not inflated: a small gzip body that inflates
 * to gigabytes is a denial of service for no gain, since citizens' forms are small and
 * documents travel as they are.
 */
export default fp(
  async (fastify) => {
    await fastify.register(compress, { global: true, globalDecompression: false, encodings: ['br', 'gzip'], customTypes: COMPRESSIBLE });
  },
  { name: 'compression' },
);
