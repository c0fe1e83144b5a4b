/**
 * The deployment guide's files, as an IT team would install them (deploy/README.md): the systemd
 * unit passes `systemd-analyze verify`, and Debian's nginx with the shipped site, on loopback
 * ports and a certificate made here, sits in front of the real server: http goes to https, pages
 * come compressed by the server, the desk's live events are not buffered, a call's WebSocket
 * upgrades, a tus chunk of the widget's size passes and a body over the limit does not.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync } from 'node:zlib';
import { bookJoinableAppointment } from './support/joinable.ts';
import { nginxMainConfig, shippedSite } from './support/processes.ts';
import { freePort, startServer, type RunningServer } from './support/server.ts';

const deploy = join(import.meta.dirname, '..', 'deploy');
const DEMO_AGENT = { email: 'agent@demo.finestreta.cat', password: 'finestreta-demo' };
const MiB = 1024 * 1024;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

describe('the deployment guide’s files', () => {
  it('the systemd unit passes systemd-analyze verify, with nothing to warn about', () => {
    const verified = spawnSync('systemd-analyze', ['verify', join(deploy, 'systemd/finestreta.service')], { encoding: 'utf8' });
    assert.equal(verified.status, 0, verified.stderr);
    assert.equal(verified.stderr.trim(), '');
  });

  describe('nginx with the shipped site, in front of the server', () => {
    let dir: string;
    let server: RunningServer;
    let nginx: ChildProcess;
    let ca: Buffer;
    let httpPort: number;
    let httpsPort: number;

    /** A request to nginx over TLS, trusting the certificate made for this test. */
    const request = (path: string, options: https.RequestOptions & { body?: Buffer | string } = {}) =>
      new Promise<Answer>((resolve, reject) => {
        const req = https.request({ host: '127.0.0.1', port: httpsPort, path, ca, servername: 'localhost', ...options }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
        req.end(options.body);
      });

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'fin-deploy-'));
      [httpPort, httpsPort] = [await freePort(), await freePort()];
      server = await startServer({ TRUST_PROXY: '1', PUBLIC_URL: `https://localhost:${httpsPort}` });
      const made = spawnSync(
        'openssl',
        ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
        { encoding: 'utf8' },
      );
      assert.equal(made.status, 0, made.stderr);
      ca = readFileSync(join(dir, 'cert.pem'));
      // The shipped site with this test's addresses, ports and certificate, its upstreams reduced
      // to the one process: nothing else changes.
      const site = shippedSite([Number(new URL(server.url).port)])
        .replace(/^\s*listen \[::\]:.*$/gm, '')
        .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
        .replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`)
        .replaceAll('oac.example.cat', 'localhost')
        .replace(/ssl_certificate .*;/, `ssl_certificate ${join(dir, 'cert.pem')};`)
        .replace(/ssl_certificate_key .*;/, `ssl_certificate_key ${join(dir, 'key.pem')};`);
      writeFileSync(join(dir, 'site.conf'), site);
      writeFileSync(join(dir, 'nginx.conf'), nginxMainConfig(dir, join(dir, 'site.conf')));
      const tested = spawnSync('nginx', ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
      assert.equal(tested.status, 0, tested.stderr);
      nginx = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
      // nginx says nothing when it is ready: it is once it answers.
      for (let tries = 0; ; tries++) {
        try {
          await request('/api/health');
          break;
        } catch (error) {
          if (tries > 100) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    });

    after(async () => {
      nginx?.kill();
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('sends http to https', async () => {
      const answer = await new Promise<http.IncomingMessage>((resolve, reject) => http.get({ host: '127.0.0.1', port: httpPort, path: '/desk?lang=ca', headers: { host: 'localhost' } }, resolve).on('error', reject));
      answer.resume();
      assert.equal(answer.statusCode, 301);
      assert.equal(answer.headers.location, 'https://localhost/desk?lang=ca');
    });

    it('serves the pages over TLS, compressed by the server, with its security headers', async () => {
      const page = await request('/?lang=ca', { headers: { 'accept-encoding': 'br, gzip' } });
      assert.equal(page.status, 200);
      assert.equal(page.headers['content-encoding'], 'br');
      assert.match(brotliDecompressSync(page.body).toString(), /<html lang="ca">/);
      assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
      assert.match(String(page.headers['strict-transport-security']), /max-age=/, 'PUBLIC_URL is https: HSTS is sent');
      assert.equal(page.headers.server, 'nginx', 'server_tokens off: no version');
    });

    it('passes the desk’s live events as they happen, not buffered', async () => {
      const login = await request('/api/desk/login', { method: 'POST', headers: { 'content-type': 'application/json', origin: `https://localhost:${httpsPort}` }, body: JSON.stringify(DEMO_AGENT) });
      assert.equal(login.status, 200, login.body.toString());
      assert.match(String(login.headers['set-cookie']), /; Secure/i);
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const first = await new Promise<string>((resolve, reject) => {
        const req = https.get({ host: '127.0.0.1', port: httpsPort, path: '/api/desk/events', ca, servername: 'localhost', headers: { cookie } }, (res) => {
          res.setEncoding('utf8');
          res.once('data', (chunk: string) => {
            req.destroy();
            resolve(chunk);
          });
        });
        req.on('error', reject);
      });
      assert.match(first, /: connected/);
    });

    it('upgrades a call’s signaling to a WebSocket and streams a tus chunk of the widget’s size', async () => {
      const { id, token } = await bookJoinableAppointment(server);

      const upgraded = await new Promise<number>((resolve, reject) => {
        const req = https.request({
          host: '127.0.0.1',
          port: httpsPort,
          path: `/api/calls/${id}/ws?token=${encodeURIComponent(token)}`,
          ca,
          servername: 'localhost',
          headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64') },
        });
        req.on('upgrade', (res, socket) => {
          socket.destroy();
          resolve(res.statusCode!);
        });
        req.on('response', (res) => resolve(res.statusCode!));
        req.on('error', reject);
        req.end();
      });
      assert.equal(upgraded, 101);

      const tus = { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}` };
      const chunk = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(5 * MiB - 9)]);
      const created = await request('/api/councils/demo/uploads', { method: 'POST', headers: { ...tus, 'upload-length': String(chunk.length), 'upload-metadata': `filename ${Buffer.from('padro.pdf').toString('base64')}` } });
      assert.equal(created.status, 201, created.body.toString());
      const location = new URL(String(created.headers.location));
      assert.equal(location.origin, `https://localhost:${httpsPort}`, 'links name PUBLIC_URL, not the proxy’s upstream');
      const patched = await request(location.pathname, { method: 'PATCH', headers: { ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: chunk });
      assert.equal(patched.status, 204, patched.body.toString());
      assert.equal(patched.headers['upload-offset'], String(chunk.length));

      const tooLarge = await request(location.pathname, { method: 'PATCH', headers: { ...tus, 'upload-offset': String(chunk.length), 'content-type': 'application/offset+octet-stream' }, body: Buffer.alloc(17 * MiB) });
      assert.equal(tooLarge.status, 413);
    });
  });
});
