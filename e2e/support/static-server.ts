import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a folder, or fixed pages, on loopback: a stand-in for a council's own web server, so a
 * page of another origin can embed the widgets.
 */
export async function serveStatic(
  options: {
    dir?: string;
    /** Fixed files by path, typed by their extension (HTML when they have none), served before the folder's. */
    pages?: Record<string, string>;
    host?: string;
    /** Lets a browser keep the folder's files for this long, so that the pages it loads one after another do not fetch and compile them again. */
    cacheSeconds?: number;
  },
): Promise<StaticServer> {
  const host = options.host ?? '127.0.0.1';
  const cache = options.cacheSeconds ? { 'cache-control': `max-age=${options.cacheSeconds}` } : {};
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const page = options.pages?.[path];
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': types[extname(path)] ?? types['.html'], ...cache }).end(page);
      return;
    }
    if (!options.dir) {
      res.writeHead(404).end();
      return;
    }
    const file = join(options.dir, normalize(path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(options.dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', ...cache }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, host, ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
