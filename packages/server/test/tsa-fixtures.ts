import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import PDFDocument from 'pdfkit';

const exec = promisify(execFile);

/** Runs openssl with `args` in `cwd`; its output, or a rejection carrying stderr. */
export async function openssl(cwd: string, ...args: string[]): Promise<string> {
  const { stdout, stderr } = await exec('openssl', args, { cwd, encoding: 'utf8' });
  return stdout + stderr;
}

export interface TestTsa {
  url: string;
  /** The authority's self-signed certificate (PEM file), the trust anchor of its tokens. */
  certFile: string;
  stop(): Promise<void>;
}

/**
 * A real RFC 3161 timestamp authority on loopback: `openssl ts -reply` behind a small HTTP front,
 * its certificate self-signed with the critical timeStamping extended key usage that RFC 3161
 * asks for, valid for `days`. Replies are made one at a time because OpenSSL keeps the serial in a file.
 */
export async function startTestTsa(days = 2): Promise<TestTsa> {
  const dir = await mkdtemp(path.join(tmpdir(), 'finestreta-tsa-'));
  await openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tsa.key', '-out', 'tsa.crt', '-days', String(days), '-subj', `/CN=Finestreta test TSA (${days} days)`,
    '-addext', 'extendedKeyUsage=critical,timeStamping', '-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'keyUsage=critical,digitalSignature');
  await writeFile(path.join(dir, 'serial'), '01\n');
  await writeFile(path.join(dir, 'tsa.cnf'), [
    '[ tsa ]', 'default_tsa = test_tsa', '[ test_tsa ]', `serial = ${dir}/serial`, `signer_cert = ${dir}/tsa.crt`, `certs = ${dir}/tsa.crt`,
    `signer_key = ${dir}/tsa.key`, 'signer_digest = sha256', 'default_policy = 1.3.6.1.4.1.99999.1', 'digests = sha256, sha384, sha512',
    'accuracy = secs:1', 'ess_cert_id_alg = sha256', '',
  ].join('\n'));
  let queue = Promise.resolve();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      queue = queue.then(async () => {
        const name = randomBytes(6).toString('hex');
        try {
          await writeFile(path.join(dir, `${name}.tsq`), Buffer.concat(chunks));
          await openssl(dir, 'ts', '-reply', '-config', 'tsa.cnf', '-queryfile', `${name}.tsq`, '-out', `${name}.tsr`);
          response.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(await readFile(path.join(dir, `${name}.tsr`)));
        } catch {
          response.writeHead(400).end();
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`,
    certFile: path.join(dir, 'tsa.crt'),
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface TestSeal {
  /** The PKCS#12 file (OpenSSL 3's defaults: AES-256 and PBKDF2) and its passphrase. */
  p12: Buffer;
  passphrase: string;
  /** The issuing CA's certificate (PEM file), to verify against with -CAfile and `trust`. */
  caFile: string;
  ca: Buffer;
}

/**
 * A seal certificate as a council would get one: issued by a CA (made here), key and chain in a
 * PKCS#12; `usage` replaces its key usage extensions, to test a certificate not meant for sealing.
 */
export async function makeTestSeal(dir: string, name: string, keyType: 'rsa' | 'ec' = 'rsa', usage = 'keyUsage=critical,digitalSignature,nonRepudiation'): Promise<TestSeal> {
  const key = keyType === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  await openssl(dir, 'req', '-x509', ...key, '-nodes', '-keyout', `${name}-ca.key`, '-out', `${name}-ca.crt`, '-days', '3', '-subj', `/CN=${name} test CA`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  await openssl(dir, 'req', ...key, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/C=ES/O=${name}/CN=Segell electronic ${name}`);
  await writeFile(path.join(dir, `${name}.ext`), `basicConstraints=critical,CA:FALSE\n${usage}\n`);
  await openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', `${name}-ca.crt`, '-CAkey', `${name}-ca.key`, '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.crt`);
  const passphrase = `pass ${randomBytes(6).toString('hex')}`;
  await openssl(dir, 'pkcs12', '-export', '-inkey', `${name}.key`, '-in', `${name}.crt`, '-certfile', `${name}-ca.crt`, '-out', `${name}.p12`, '-passout', `pass:${passphrase}`);
  return { p12: await readFile(path.join(dir, `${name}.p12`)), passphrase, caFile: path.join(dir, `${name}-ca.crt`), ca: await readFile(path.join(dir, `${name}-ca.crt`)) };
}

/** A one-page PDF, uncompressed so that a test can find and change a byte of its content, to seal. */
export async function smallPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ compress: false });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => doc.on('end', resolve));
  doc.text('Justificant de registre E-2026-000042');
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
