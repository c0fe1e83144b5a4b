import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import sharp from 'sharp';
import { outbox } from './appointment-fixtures.js';
import { signIn, useTestApp } from './helpers.js';
import { appOptions, bookCase, KiB, listen, MARKER, metadata, pdf, request, sha256, TusClient, type Answer } from './tus-fixtures.js';

const ORIGIN = 'http://localhost:5173';

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

async function containsMarker(dir: string): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await filesUnder(dir)) if ((await readFile(file)).includes(MARKER)) hits.push(file);
  return hits;
}

describe('documents sent to a case', () => {
  const suite = useTestApp(appOptions());
  let base: string;
  let cookie: string;
  let altraCookie: string;
  before(async () => {
    base = await listen(suite.app);
    cookie = await signIn(suite.app, 'agent@demo.finestreta.cat', 'finestreta-demo');
    altraCookie = await signIn(suite.app, 'agent@altra.example', 'altra-password-1');
  });
  const dataDir = () => suite.database.env.DATA_DIR!;
  const mine = (token: string) => suite.app.inject(`/api/councils/demo/documents/mine?token=${encodeURIComponent(token)}&lang=en`);
  const desk = (method: 'GET' | 'POST', url: string, as = cookie, payload?: object) =>
    suite.app.inject({ method, url, headers: { cookie: as }, ...(payload && { payload }) });

  describe('a citizen with their appointment link', () => {
    it('sees what the procedure expects, the limits and nothing sent yet', async () => {
      const { token, reference } = await bookCase(suite.app);
      const answer = await mine(token);
      assert.equal(answer.statusCode, 200);
      assert.deepEqual(answer.json(), {
        case: { reference, kind: 'appointment', open: true, procedure: { id: 'padro', name: 'Registering on the municipal roll' } },
        limits: { maxFileBytes: 10 * 1024 * KiB, maxFiles: 10, maxTotalBytes: 50 * 1024 * KiB, types: ['application/pdf', 'image/jpeg', 'image/png'] },
        usage: { files: 0, bytes: 0 },
        expected: [
          { id: 'dni', name: 'DNI or NIE (identity document)', status: 'missing' },
          { id: 'habitatge', name: 'Rental contract or title deed of the home', status: 'missing' },
        ],
        documents: [],
      });
      assert.equal((await mine('not-a-token')).json().code, 'FIN_ERR_TOKEN_INVALID');
      assert.equal((await mine('not-a-token')).statusCode, 401);
    });

    it('uploads a PDF in chunks; it is hashed, sealed at rest, in the evidence log and on the desk', async () => {
      const { token, id } = await bookCase(suite.app);
      const file = pdf(700 * KiB);
      const client = new TusClient(base, token);
      const created = await client.create(file.length, { filename: 'contracte.pdf', expected: 'habitatge', filetype: 'text/plain' });
      assert.equal(created.status, 201);
      assert.match(created.headers.location!, new RegExp(`^${base}/api/councils/demo/uploads/[0-9a-f]{32}$`));
      const location = created.headers.location!;

      const first = await client.patch(location, 0, file.subarray(0, 256 * KiB));
      assert.equal(first.status, 204);
      assert.equal(first.headers['upload-offset'], String(256 * KiB));
      const head = await client.head(location);
      assert.equal(head.headers['upload-offset'], String(256 * KiB));
      assert.equal(head.headers['upload-length'], String(file.length));
      assert.deepEqual(await containsMarker(path.join(dataDir(), 'uploads')), [], 'the staged part holds no plaintext');
      assert.ok((await filesUnder(path.join(dataDir(), 'uploads'))).length > 0, 'the part is staged on disk');

      const last = await client.sendFrom(location, file, 256 * KiB, 256 * KiB);
      assert.equal(last.status, 204, last.body);
      const documentId = last.headers['finestreta-document'] as string;
      assert.match(documentId, /^[0-9a-f-]{36}$/);

      // A client that crashed before hearing that answer resumes: the upload is complete, and it
      // learns the document, so it does not send the file again. Another case's token learns nothing.
      const resumed = await client.head(location);
      assert.equal(resumed.status, 200);
      assert.equal(resumed.headers['upload-offset'], String(file.length));
      assert.equal(resumed.headers['upload-length'], String(file.length));
      assert.equal(resumed.headers['finestreta-document'], documentId);
      const stranger = await bookCase(suite.app);
      assert.equal((await new TusClient(base, stranger.token).head(location)).status, 404);
      assert.equal((await client.patch(location, file.length, Buffer.alloc(0))).status, 404, 'a finished upload takes no more bytes');

      const view = (await mine(token)).json();
      assert.deepEqual(view.usage, { files: 1, bytes: file.length });
      assert.equal(view.expected.find((expected: { id: string }) => expected.id === 'habitatge').status, 'received');
      assert.equal(view.documents.length, 1);
      assert.deepEqual({ ...view.documents[0], uploadedAt: undefined }, {
        id: documentId,
        fileName: 'contracte.pdf',
        expected: 'habitatge',
        contentType: 'application/pdf',
        bytes: file.length,
        sha256: sha256(file),
        state: 'received',
        rejectionReason: null,
        uploadedAt: undefined,
      });

      assert.deepEqual(await containsMarker(dataDir()), [], 'no file in DATA_DIR holds the plaintext');
      assert.deepEqual(await filesUnder(path.join(dataDir(), 'uploads')), [], 'the staged upload is gone');
      const sealed = await filesUnder(path.join(dataDir(), 'documents', id));
      assert.equal(sealed.length, 1);

      const evidence = (await desk('GET', `/api/desk/cases/${id}/evidence`)).json();
      const received = evidence.events.find((event: { type: string }) => event.type === 'document.received');
      assert.equal(received.data.sha256, sha256(file));
      assert.equal(received.data.documentId, documentId);
      assert.equal(evidence.valid, true);

      const content = await desk('GET', `/api/desk/documents/${documentId}/content`);
      assert.equal(content.statusCode, 200);
      assert.equal(content.headers['content-type'], 'application/pdf');
      assert.equal(content.headers['cache-control'], 'private, no-store');
      assert.match(String(content.headers['content-disposition']), /^inline; filename="contracte.pdf"/);
      assert.ok(content.rawPayload.equals(file));
      const download = await desk('GET', `/api/desk/documents/${documentId}/content?download=1`);
      assert.match(String(download.headers['content-disposition']), /^attachment; filename="contracte.pdf"/);
    });

    it('resumes after the connection dies in the middle of a chunk, sending again no more than that chunk', async () => {
      const { token } = await bookCase(suite.app);
      const file = pdf(900 * KiB);
      const chunk = 300 * KiB;
      const client = new TusClient(base, token);
      const created = await client.create(file.length, { filename: 'llarg.pdf' });
      const location = created.headers.location!;
      assert.equal((await client.patch(location, 0, file.subarray(0, chunk))).status, 204);

      // The second chunk: half of it is written, then the connection is cut.
      const target = new URL(location);
      await new Promise<void>((resolve) => {
        const req = http.request({
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'PATCH',
          headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}`, 'upload-offset': chunk, 'content-type': 'application/offset+octet-stream', 'content-length': chunk },
        });
        req.on('error', () => resolve());
        req.write(file.subarray(chunk, chunk + chunk / 2), () => setTimeout(() => req.destroy(), 200));
      });
      client.sent += chunk / 2;

      let offset = Number.NaN;
      for (let attempt = 0; attempt < 50; attempt++) {
        // The server releases the upload once it has seen the connection close.
        const head = await client.head(location);
        offset = Number(head.headers['upload-offset']);
        if (head.status === 200) break;
      }
      assert.ok(offset >= chunk && offset <= chunk + chunk / 2, `resumes from what arrived (${offset})`);

      const last = await client.sendFrom(location, file, offset, chunk);
      assert.equal(last.status, 204, last.body);
      assert.ok(client.sent - file.length <= chunk, `sent ${client.sent - file.length} bytes again`);
      const documentId = last.headers['finestreta-document'] as string;
      const content = await desk('GET', `/api/desk/documents/${documentId}/content`);
      assert.equal(sha256(content.rawPayload), sha256(file));
    });

    it('refuses a renamed executable with 415 and keeps nothing', async () => {
      const { token, id } = await bookCase(suite.app);
      const client = new TusClient(base, token);
      for (const magic of ['\x7fELF\x02\x01\x01\x00', 'MZ\x90\x00\x03\x00\x00\x00']) {
        const file = Buffer.concat([Buffer.from(magic, 'latin1'), Buffer.alloc(8 * KiB, 7)]);
        const answer = await client.upload(file, { filename: 'justificant.pdf', filetype: 'application/pdf' });
        assert.equal(answer.status, 415);
        assert.match(String(answer.headers['content-type']), /^application\/json/);
        assert.equal(JSON.parse(answer.body).code, 'FIN_ERR_DOCUMENT_TYPE');
      }
      assert.deepEqual((await mine(token)).json().documents, []);
      assert.deepEqual(await filesUnder(path.join(dataDir(), 'documents', id)), []);
      const refused = (await desk('GET', `/api/desk/cases/${id}/evidence`)).json().events.filter((event: { type: string }) => event.type === 'document.refused');
      assert.deepEqual(refused.map((event: { data: { reason: string } }) => event.data.reason), ['type', 'type']);
    });

    it('refuses a file over the size limit when the upload is created (413)', async () => {
      const { token } = await bookCase(suite.app, 'ajuts');
      const answer = await new TusClient(base, token).create(601 * KiB, { filename: 'gran.pdf' });
      assert.equal(answer.status, 413);
      assert.deepEqual(JSON.parse(answer.body), { statusCode: 413, code: 'FIN_ERR_DOCUMENT_TOO_LARGE', message: `A file can be at most ${600 * KiB} bytes` });
    });

    it('refuses a file beyond the count or the total size of the case (409)', async () => {
      const { token } = await bookCase(suite.app, 'ajuts');
      const client = new TusClient(base, token);
      assert.equal((await client.upload(pdf(500 * KiB), { filename: 'u.pdf' })).status, 204);
      const overTotal = await client.create(501 * KiB, { filename: 'dos.pdf' });
      assert.equal(overTotal.status, 409);
      assert.equal(JSON.parse(overTotal.body).code, 'FIN_ERR_DOCUMENT_LIMIT');
      // An upload still in progress counts too.
      assert.equal((await client.create(100 * KiB, { filename: 'dos.pdf' })).status, 201);
      const overCount = await client.create(KiB, { filename: 'tres.pdf' });
      assert.equal(overCount.status, 409);
      assert.equal(JSON.parse(overCount.body).code, 'FIN_ERR_DOCUMENT_LIMIT');
    });

    it('never takes more bytes than the upload declared', async () => {
      const { token } = await bookCase(suite.app);
      const client = new TusClient(base, token);
      const created = await client.create(10 * KiB, { filename: 'petit.pdf' });
      const answer = await client.patch(created.headers.location!, 0, pdf(11 * KiB));
      assert.equal(answer.status, 413);
      assert.equal((await client.head(created.headers.location!)).headers['upload-offset'], '0');
    });

    it('asks again for the last chunk when the document could not be stored, so nothing is lost', async () => {
      const { token, id } = await bookCase(suite.app);
      const file = pdf(40 * KiB);
      const client = new TusClient(base, token);
      const location = (await client.create(file.length, { filename: 'rebut.pdf' })).headers.location!;
      assert.equal((await client.patch(location, 0, file.subarray(0, 20 * KiB))).status, 204);
      // A file where the case's folder of documents should be makes storing fail.
      await mkdir(path.join(dataDir(), 'documents'), { recursive: true });
      await writeFile(path.join(dataDir(), 'documents', id), 'not a folder');
      const failed = await client.patch(location, 20 * KiB, file.subarray(20 * KiB));
      assert.equal(failed.status, 500);
      assert.equal(JSON.parse(failed.body).code, 'FIN_ERR_INTERNAL');
      assert.equal((await client.head(location)).headers['upload-offset'], String(20 * KiB));

      await rm(path.join(dataDir(), 'documents', id));
      const retried = await client.patch(location, 20 * KiB, file.subarray(20 * KiB));
      assert.equal(retried.status, 204);
      const content = await desk('GET', `/api/desk/documents/${retried.headers['finestreta-document']}/content`);
      assert.ok(content.rawPayload.equals(file));
    });

    it('stores nothing when a staged part was altered on disk', async () => {
      const { token } = await bookCase(suite.app);
      const file = pdf(40 * KiB);
      const client = new TusClient(base, token);
      const location = (await client.create(file.length, { filename: 'alterat.pdf' })).headers.location!;
      assert.equal((await client.patch(location, 0, file.subarray(0, 20 * KiB))).status, 204);
      // Less than a chunk arrived: it waits, sealed, in the upload's tail.
      const [tail] = (await filesUnder(path.join(dataDir(), 'uploads'))).filter((name) => name.endsWith('.tail'));
      const bytes = await readFile(tail!);
      bytes[100] = bytes[100]! ^ 0xff;
      await writeFile(tail!, bytes);
      const answer = await client.patch(location, 20 * KiB, file.subarray(20 * KiB));
      assert.equal(answer.status, 500);
      assert.equal(answer.headers['finestreta-document'], undefined);
      assert.deepEqual((await mine(token)).json().documents, []);
    });

    it('stages the upload as its sealed document, continued across requests, never sealing a chunk twice under one key and nonce', async () => {
      const { token, id } = await bookCase(suite.app);
      const file = pdf(150 * KiB);
      const client = new TusClient(base, token);
      const location = (await client.create(file.length, { filename: 'segments.pdf' })).headers.location!;
      assert.equal((await client.patch(location, 0, file.subarray(0, 100 * KiB))).status, 204);
      assert.equal((await client.patch(location, 100 * KiB, file.subarray(100 * KiB, 120 * KiB))).status, 204);
      const staged = path.join(dataDir(), 'uploads', `${location.split('/').at(-1)}.sealed`);
      const bytes = await readFile(staged);
      assert.deepEqual(await containsMarker(path.join(dataDir(), 'uploads')), []);
      // The at-rest header, then the one whole 64 KiB chunk and its tag; the rest waits in the tail.
      assert.equal(bytes.subarray(0, 7).toString('latin1'), 'FINENC2');
      assert.equal(bytes.length, 20 + 64 * KiB + 16);

      // A request that sealed chunks and died before they were counted (here, bytes past the
      // recorded length): the next one does not seal those chunks again under the same nonces,
      // it moves the file to a new header first.
      await writeFile(staged, Buffer.concat([bytes, randomBytes(64 * KiB + 16)]));
      const last = await client.patch(location, 120 * KiB, file.subarray(120 * KiB));
      assert.equal(last.status, 204, last.body);
      const [sealed] = await filesUnder(path.join(dataDir(), 'documents', id));
      const kept = await readFile(sealed!);
      assert.ok(!kept.subarray(12, 20).equals(bytes.subarray(12, 20)), 'a new nonce prefix');
      assert.ok(!kept.subarray(20, 20 + 64 * KiB).equals(bytes.subarray(20, 20 + 64 * KiB)), 'the first chunk sealed again');
      const content = await desk('GET', `/api/desk/documents/${last.headers['finestreta-document']}/content`);
      assert.ok(content.rawPayload.equals(file));
    });

    it('keeps a file of whole 64 KiB chunks, sent chunk by chunk or at once, byte for byte', async () => {
      const { token } = await bookCase(suite.app);
      const file = pdf(128 * KiB);
      for (const chunk of [64 * KiB, file.length]) {
        const answer = await new TusClient(base, token).upload(file, { filename: `sencer-${chunk}.pdf` }, chunk);
        assert.equal(answer.status, 204, answer.body);
        const content = await desk('GET', `/api/desk/documents/${answer.headers['finestreta-document']}/content`);
        assert.ok(content.rawPayload.equals(file));
      }
      assert.deepEqual(new Set((await mine(token)).json().documents.map((document: { sha256: string }) => document.sha256)), new Set([sha256(file)]));
    });

    it('drops an upload staged by the earlier version, so the client starts it again', async () => {
      const { token, id } = await bookCase(suite.app);
      const file = pdf(40 * KiB);
      const client = new TusClient(base, token);
      const location = (await client.create(file.length, { filename: 'abans.pdf' })).headers.location!;
      assert.equal((await client.patch(location, 0, file.subarray(0, 20 * KiB))).status, 204);
      // The earlier staging records: plaintext length (4 bytes), IV, ciphertext, tag.
      const staged = path.join(dataDir(), 'uploads', `${location.split('/').at(-1)}.sealed`);
      const earlier = Buffer.concat([Buffer.from([0, 0, 0x50, 0]), randomBytes(12 + 20 * KiB + 16)]);
      await writeFile(staged, earlier);
      await suite.app.db.updateTable('document_uploads').set({ staged_bytes: earlier.length }).where('case_id', '=', id).execute();
      const answer = await client.patch(location, 20 * KiB, file.subarray(20 * KiB));
      assert.equal(answer.status, 404);
      assert.equal(JSON.parse(answer.body).code, 'FIN_ERR_UPLOAD_NOT_FOUND');
      assert.equal((await client.head(location)).status, 404);
      assert.deepEqual(await suite.app.db.selectFrom('document_uploads').select('id').where('case_id', '=', id).execute(), []);
      assert.equal((await client.upload(file, { filename: 'abans.pdf' })).status, 204);
    });

    it('refuses to send the desk a document altered on disk', async () => {
      const { token, id } = await bookCase(suite.app);
      assert.equal((await new TusClient(base, token).upload(pdf(100 * KiB), { filename: 'alterada.pdf' })).status, 204);
      const [sealed] = await filesUnder(path.join(dataDir(), 'documents', id));
      const bytes = await readFile(sealed!);
      bytes[30]! ^= 0x01;
      await writeFile(sealed!, bytes);
      const documentId = (await mine(token)).json().documents[0].id;
      const content = await desk('GET', `/api/desk/documents/${documentId}/content`);
      assert.equal(content.statusCode, 500);
      assert.equal(content.json().code, 'FIN_ERR_DOCUMENT_DAMAGED');
    });

    it('sends documents with the token of a callback too, which expects none', async () => {
      const slots = (await suite.app.inject('/api/councils/demo/callbacks/slots')).json();
      const booked = await suite.app.inject({
        method: 'POST',
        url: '/api/councils/demo/callbacks',
        headers: { 'idempotency-key': 'documents-callback' },
        payload: { topic: 'padro', slot: slots.slots[0].start, name: 'Pau Vidal', phone: '634 999 001', description: 'Padró', consent: true, language: 'es' },
      });
      assert.equal(booked.statusCode, 201, booked.body);
      const token = new URL(booked.json().cancelUrl).searchParams.get('token')!;
      assert.equal((await new TusClient(base, token).upload(pdf(4 * KiB), { filename: 'x.pdf' })).status, 204);
      const view = (await mine(token)).json();
      assert.equal(view.case.kind, 'callback');
      assert.equal(view.case.procedure, null);
      assert.deepEqual(view.expected, []);
      assert.equal(view.documents.length, 1);
    });

    it('cancels an upload (DELETE), and a creation tus refuses holds no place', async () => {
      const { token, id } = await bookCase(suite.app);
      const client = new TusClient(base, token);
      const location = (await client.create(8 * KiB, { filename: 'e.pdf' })).headers.location!;
      const deleted = await request(base, 'DELETE', location, { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}` });
      assert.equal(deleted.status, 204);
      assert.equal((await client.head(location)).status, 404);

      const unversioned = await request(base, 'POST', '/api/councils/demo/uploads', { authorization: `Bearer ${token}`, 'upload-length': 10, 'upload-metadata': metadata({ filename: 'x.pdf' }) });
      assert.equal(unversioned.status, 412);
      const held = await suite.app.db.selectFrom('document_uploads').select('id').where('case_id', '=', id).execute();
      assert.deepEqual(held, []);
    });

    it('takes no new document once the appointment is cancelled, keeping those sent, and says why', async () => {
      const { token, id } = await bookCase(suite.app);
      const client = new TusClient(base, token);
      assert.equal((await client.upload(pdf(4 * KiB), { filename: 'sent.pdf', expected: 'dni' })).status, 204);
      const begun = (await client.create(8 * KiB, { filename: 'half.pdf' })).headers.location!;
      assert.equal((await client.patch(begun, 0, pdf(8 * KiB).subarray(0, 4 * KiB))).status, 204);
      const cancelled = await suite.app.inject({ method: 'POST', url: '/api/councils/demo/appointments/mine/cancel', payload: { token } });
      assert.equal(cancelled.statusCode, 200, cancelled.body);

      const view = (await mine(token)).json();
      assert.equal(view.case.open, false);
      assert.deepEqual(view.documents.map((d: { fileName: string }) => d.fileName), ['sent.pdf']);
      const created = await client.create(4 * KiB, { filename: 'late.pdf' });
      assert.equal(created.status, 409);
      assert.equal(JSON.parse(created.body).code, 'FIN_ERR_CASE_CLOSED');
      const more = await client.patch(begun, 4 * KiB, pdf(8 * KiB).subarray(4 * KiB));
      assert.equal(more.status, 409);
      assert.equal(JSON.parse(more.body).code, 'FIN_ERR_CASE_CLOSED');
      // The upload that was on its way can still be looked at and given up.
      assert.equal((await client.head(begun)).status, 200);
      const link = await desk('POST', `/api/desk/cases/${id}/upload-links`);
      assert.equal(link.statusCode, 409);
      assert.equal(link.json().code, 'FIN_ERR_CASE_CLOSED');
    });

    it('strips EXIF and GPS from a photo without touching its pixels, keeping its orientation', async () => {
      const { token } = await bookCase(suite.app);
      const photo = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#c03' } })
        .jpeg()
        .withMetadata({ orientation: 6 })
        .withExif({ IFD0: { Copyright: MARKER }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '41/1 21/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 5/1 0/1' } })
        .toBuffer();
      const sent = await sharp(photo).metadata();
      assert.ok(sent.exif?.includes(MARKER) && sent.orientation === 6, 'the photo sent carries EXIF');

      // Bytes after the end of the image (where some files hide more) go too.
      const answer = await new TusClient(base, token).upload(Buffer.concat([photo, Buffer.from(MARKER)]), { filename: 'dni.jpg', expected: 'dni' });
      assert.equal(answer.status, 204, answer.body);
      const content = await desk('GET', `/api/desk/documents/${answer.headers['finestreta-document']}/content`);
      assert.equal(content.headers['content-type'], 'image/jpeg');
      const stored = await sharp(content.rawPayload).metadata();
      assert.equal(stored.orientation, 6, 'shown upright, as taken');
      assert.ok(!content.rawPayload.includes(MARKER));
      assert.ok(!content.rawPayload.includes('GPS') && stored.exif!.length < 40, 'the EXIF holds the orientation alone');
      assert.deepEqual([stored.width, stored.height], [40, 20]);
      assert.ok((await sharp(content.rawPayload).raw().toBuffer()).equals(await sharp(photo).raw().toBuffer()), 'the same pixels');
      const listed = (await mine(token)).json().documents[0];
      assert.equal(listed.sha256, sha256(content.rawPayload));
      assert.equal(listed.bytes, content.rawPayload.length);
    });

    it('refuses a photo that is not a whole JPEG (422), and keeps nothing', async () => {
      const { token, id } = await bookCase(suite.app);
      const photo = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#c03' } }).jpeg().toBuffer();
      const answer = await new TusClient(base, token).upload(photo.subarray(0, photo.length - 40), { filename: 'tallada.jpg' });
      assert.equal(answer.status, 422, answer.body);
      assert.equal(JSON.parse(answer.body).code, 'FIN_ERR_DOCUMENT_UNREADABLE');
      assert.deepEqual((await mine(token)).json().documents, []);
      assert.deepEqual(await filesUnder(path.join(dataDir(), 'documents', id)), []);
    });
  });

  describe('the desk', () => {
    it('lists a case’s documents, rejects with a reason the citizen sees, accepts', async () => {
      const { token, id } = await bookCase(suite.app);
      const sent = await new TusClient(base, token).upload(pdf(20 * KiB), { filename: 'dni.pdf', expected: 'dni' });
      const documentId = sent.headers['finestreta-document'] as string;

      const list = (await desk('GET', `/api/desk/cases/${id}/documents`)).json();
      assert.equal(list.documents.length, 1);
      assert.equal(list.documents[0].scan, 'not_configured');
      assert.equal(list.expected[0].status, 'received');

      const noReason = await desk('POST', `/api/desk/documents/${documentId}/review`, cookie, { decision: 'rejected', reason: ' ' });
      assert.equal(noReason.statusCode, 400);
      assert.equal(noReason.json().field, 'reason');

      const rejected = await desk('POST', `/api/desk/documents/${documentId}/review`, cookie, { decision: 'rejected', reason: 'The photo is blurred' });
      assert.equal(rejected.statusCode, 200);
      assert.equal(rejected.json().state, 'rejected');
      const seen = (await mine(token)).json();
      assert.equal(seen.documents[0].state, 'rejected');
      assert.equal(seen.documents[0].rejectionReason, 'The photo is blurred');
      assert.equal(seen.expected[0].status, 'rejected');
      assert.deepEqual(seen.usage, { files: 0, bytes: 0 });

      // The citizen is told by email, in their language, with the reason and a link to send it again.
      const { reference } = (await suite.app.db.selectFrom('cases').select('reference').where('id', '=', id).executeTakeFirstOrThrow());
      const told = (await outbox(suite.database)).filter((mail) => mail.subject === `Cal que torneu a enviar un document: ${reference}`);
      assert.equal(told.length, 1);
      assert.equal(told[0]!.to, 'marta@example.org');
      assert.match(told[0]!.text, /no ha pogut acceptar el document que heu enviat com a «DNI/);
      assert.match(told[0]!.text, /Motiu: The photo is blurred/);
      assert.match(told[0]!.text, /Fitxer: dni\.pdf/);
      const link = new URL(/https?:\/\/\S+\/documents\?\S+/.exec(told[0]!.text)![0]);
      assert.equal(link.searchParams.get('council'), 'demo');
      assert.equal((await mine(link.searchParams.get('token')!)).json().expected[0].status, 'rejected', 'the link opens the case’s documents');

      await desk('POST', `/api/desk/documents/${documentId}/review`, cookie, { decision: 'accepted' });
      const accepted = (await mine(token)).json();
      assert.equal(accepted.documents[0].rejectionReason, null);
      assert.equal(accepted.expected[0].status, 'accepted');
      const types = (await desk('GET', `/api/desk/cases/${id}/evidence`)).json().events.map((event: { type: string }) => event.type);
      assert.deepEqual(types.filter((type: string) => type.startsWith('document.')), ['document.received', 'document.reviewed', 'document.upload_link_created', 'document.reviewed']);
      assert.equal((await outbox(suite.database)).filter((mail) => mail.subject.includes(reference)).length, told.length + 1, 'an acceptance sends nothing more than the booking');
    });

    it('hears a document arrive on its live events', async () => {
      const { token, reference } = await bookCase(suite.app);
      const event = new Promise<string>((resolve, reject) => {
        const req = http.get(`${base}/api/desk/events`, { headers: { cookie } }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
            if (text.includes(': connected') && !text.includes('started')) {
              text += 'started';
              void new TusClient(base, token).upload(pdf(4 * KiB), { filename: 'a.pdf' });
            }
            const match = /event: document\ndata: (.*)\n\n/.exec(text);
            if (match) {
              req.destroy();
              resolve(match[1]!);
            }
          });
        });
        req.on('error', reject);
      });
      const data = JSON.parse(await event);
      assert.equal(data.reference, reference);
      assert.equal(data.state, 'received');
    });

    it('creates an upload-only link that opens the /documents page and grants uploads to that case only', async () => {
      const { id, reference } = await bookCase(suite.app);
      const link = await desk('POST', `/api/desk/cases/${id}/upload-links`);
      assert.equal(link.statusCode, 201);
      const { url, token } = link.json();
      const page = new URL(url);
      assert.equal(page.pathname, '/documents');
      assert.equal(page.searchParams.get('council'), 'demo');
      assert.equal(page.searchParams.get('token'), token);
      assert.equal((await mine(token)).json().case.reference, reference);
      assert.equal((await new TusClient(base, token).upload(pdf(4 * KiB), { filename: 'b.pdf' })).status, 204);
      // It opens nothing else: not the appointment itself.
      assert.equal((await suite.app.inject(`/api/councils/demo/appointments/mine?token=${token}`)).statusCode, 401);

      const html = await suite.app.inject(`${page.pathname}${page.search}`);
      assert.equal(html.statusCode, 200);
      assert.match(html.body, new RegExp(`<doc-upload token="${token}"></doc-upload>`));
      assert.match(html.body, /<finestreta-config api="" council="demo" lang="ca">/);
    });

    it('answers 404 to an agent of another council', async () => {
      const { token, id } = await bookCase(suite.app);
      const documentId = (await new TusClient(base, token).upload(pdf(4 * KiB), { filename: 'c.pdf' })).headers['finestreta-document'];
      for (const [method, url] of [
        ['GET', `/api/desk/cases/${id}/documents`],
        ['GET', `/api/desk/documents/${documentId}/content`],
        ['POST', `/api/desk/cases/${id}/upload-links`],
      ] as const) {
        const answer = await desk(method, url, altraCookie);
        assert.equal(answer.statusCode, 404, url);
      }
      const review = await desk('POST', `/api/desk/documents/${documentId}/review`, altraCookie, { decision: 'accepted' });
      assert.equal(review.statusCode, 404);
      assert.equal(review.json().code, 'FIN_ERR_DOCUMENT_NOT_FOUND');
      assert.equal((await desk('GET', `/api/desk/documents/${documentId}/content`, '')).statusCode, 401);
    });
  });

  describe('grants', () => {
    it('hides an upload from the token of another case, and refuses requests without a valid token', async () => {
      const first = await bookCase(suite.app);
      const second = await bookCase(suite.app);
      const created = await new TusClient(base, first.token).create(8 * KiB, { filename: 'meu.pdf' });
      const location = created.headers.location!;
      const stranger = new TusClient(base, second.token);
      for (const answer of [await stranger.head(location), await stranger.patch(location, 0, pdf(8 * KiB))]) {
        assert.equal(answer.status, 404);
      }
      const deleted = await request(base, 'DELETE', location, { 'tus-resumable': '1.0.0', authorization: `Bearer ${second.token}` });
      assert.equal(deleted.status, 404);
      assert.equal(JSON.parse((await stranger.patch(location, 0, pdf(8 * KiB))).body).code, 'FIN_ERR_UPLOAD_NOT_FOUND');
      assert.equal((await new TusClient(base, first.token).head(location)).headers['upload-offset'], '0');

      const anonymous = await request(base, 'POST', '/api/councils/demo/uploads', { 'tus-resumable': '1.0.0', 'upload-length': 10, 'upload-metadata': metadata({ filename: 'x.pdf' }) });
      assert.equal(anonymous.status, 401);
      assert.equal(JSON.parse(anonymous.body).code, 'FIN_ERR_TOKEN_INVALID');
      // A token is good in its own council only.
      assert.equal((await new TusClient(base, first.token, 'altra').create(10, { filename: 'x.pdf' })).status, 401);
    });

    it('reaches no other upload, of its council or another, through what follows the upload’s id in its address', async () => {
      const victims = [await bookCase(suite.app), await bookCase(suite.app, 'padro', 'altra')];
      const victimUploads: { council: string; id: string; token: string }[] = [];
      for (const [victim, council] of [[victims[0]!, 'demo'], [victims[1]!, 'altra']] as const) {
        const client = new TusClient(base, victim.token, council);
        const location = (await client.create(8 * KiB, { filename: 'victima.pdf', expected: 'dni' })).headers.location!;
        assert.equal((await client.patch(location, 0, pdf(8 * KiB).subarray(0, 4 * KiB))).status, 204);
        victimUploads.push({ council, id: location.split('/').at(-1)!, token: victim.token });
      }
      const attacker = await bookCase(suite.app);
      const own = (await new TusClient(base, attacker.token).create(8 * KiB, { filename: 'meu.pdf' })).headers.location!.split('/').at(-1)!;
      const headers = (extra: Record<string, string | number> = {}) => ({ 'tus-resumable': '1.0.0', authorization: `Bearer ${attacker.token}`, ...extra });
      const uploads = '/api/councils/demo/uploads';

      for (const victim of victimUploads) {
        const tricks = [`?x=/${victim.id}`, `?x=%2F${victim.id}`, `%2F${victim.id}`, `;/${victim.id}`, `;x=/${victim.id}`, `#/${victim.id}`, `//${victim.id}`, `/../${victim.id}`];
        for (const trick of tricks) {
          const url = `${uploads}/${own}${trick}`;
          const answers = {
            HEAD: await request(base, 'HEAD', url, headers()),
            PATCH: await request(base, 'PATCH', url, headers({ 'upload-offset': 4 * KiB, 'content-type': 'application/offset+octet-stream' }), Buffer.from(MARKER)),
            DELETE: await request(base, 'DELETE', url, headers()),
            POST: await request(base, 'POST', `${uploads}${trick}`, headers({ 'upload-length': 10, 'upload-metadata': metadata({ filename: 'x.pdf' }) })),
          };
          for (const [method, answer] of Object.entries(answers)) {
            assert.ok(answer.status >= 400 && answer.status < 500, `${method} ${url}: ${answer.status}`);
            assert.match(String(answer.headers['content-type']), /^application\/json/, `${method} ${url}`);
            assert.equal(answer.headers['upload-metadata'], undefined, `${method} ${url}`);
            if (method !== 'HEAD') assert.match(JSON.parse(answer.body).code, /^FIN_ERR_/, `${method} ${url}`);
          }
        }
        const owner = await request(base, 'HEAD', `/api/councils/${victim.council}/uploads/${victim.id}`, { 'tus-resumable': '1.0.0', authorization: `Bearer ${victim.token}` });
        assert.equal(owner.status, 200);
        assert.equal(owner.headers['upload-offset'], String(4 * KiB));
      }
      const mineToo = await request(base, 'HEAD', `${uploads}/${own}`, headers());
      assert.equal(mineToo.headers['upload-offset'], '0');
      assert.deepEqual(await containsMarker(path.join(dataDir(), 'uploads')), []);
    });

    it('answers every tus protocol mistake with a 4xx JSON error', async () => {
      const { token } = await bookCase(suite.app);
      const client = new TusClient(base, token);
      const location = (await client.create(8 * KiB, { filename: 'a.pdf' })).headers.location!;
      const auth = { authorization: `Bearer ${token}` };
      const tus = { 'tus-resumable': '1.0.0', ...auth };
      const create = { 'upload-metadata': metadata({ filename: 'x.pdf' }) };
      const cases: [string, Promise<Answer>, number, string][] = [
        ['deferred length', request(base, 'POST', '/api/councils/demo/uploads', { ...tus, ...create, 'upload-defer-length': 1 }), 400, 'FIN_ERR_UPLOAD_LENGTH_REQUIRED'],
        ['no length', request(base, 'POST', '/api/councils/demo/uploads', { ...tus, ...create }), 400, 'FIN_ERR_UPLOAD_LENGTH_REQUIRED'],
        ['length and deferred', request(base, 'POST', '/api/councils/demo/uploads', { ...tus, ...create, 'upload-length': 10, 'upload-defer-length': 1 }), 400, 'FIN_ERR_UPLOAD_LENGTH_REQUIRED'],
        ['parallel parts', request(base, 'POST', '/api/councils/demo/uploads', { ...tus, ...create, 'upload-length': 10, 'upload-concat': 'partial' }), 400, 'FIN_ERR_UPLOAD_CONCAT_UNSUPPORTED'],
        ['no tus version', request(base, 'POST', '/api/councils/demo/uploads', { ...auth, ...create, 'upload-length': 10 }), 412, 'FIN_ERR_TUS_VERSION'],
        ['another tus version', request(base, 'PATCH', location, { ...auth, 'tus-resumable': '0.2.2', 'upload-offset': 0, 'content-type': 'application/offset+octet-stream' }, Buffer.alloc(4)), 400, 'FIN_ERR_UPLOAD_INVALID'],
        ['malformed metadata', request(base, 'POST', '/api/councils/demo/uploads', { ...tus, 'upload-length': 10, 'upload-metadata': 'filename not-base64!' }), 400, 'FIN_ERR_VALIDATION'],
        ['malformed offset', request(base, 'PATCH', location, { ...tus, 'upload-offset': '-1', 'content-type': 'application/offset+octet-stream' }, Buffer.alloc(4)), 400, 'FIN_ERR_UPLOAD_INVALID'],
        ['wrong body type', request(base, 'PATCH', location, { ...tus, 'upload-offset': 0, 'content-type': 'text/plain' }, Buffer.alloc(4)), 400, 'FIN_ERR_UPLOAD_INVALID'],
        ['wrong offset', request(base, 'PATCH', location, { ...tus, 'upload-offset': 4, 'content-type': 'application/offset+octet-stream' }, Buffer.alloc(4)), 409, 'FIN_ERR_UPLOAD_OFFSET_CONFLICT'],
        ['bad forwarded proto', request(base, 'HEAD', location, { ...tus, 'x-forwarded-proto': 'gopher' }), 400, ''],
      ];
      for (const [name, pending, status, code] of cases) {
        const answer = await pending;
        assert.equal(answer.status, status, `${name}: ${answer.status} ${answer.body}`);
        assert.match(String(answer.headers['content-type']), /^application\/json/, name);
        if (code) assert.deepEqual(Object.keys(JSON.parse(answer.body)).sort(), ['code', 'message', 'statusCode'], name);
        if (code) assert.equal(JSON.parse(answer.body).code, code, name);
      }
      assert.equal((await client.head(location)).headers['upload-offset'], '0');
      const unversioned = await request(base, 'POST', '/api/councils/demo/uploads', { ...auth, ...create, 'upload-length': 10 });
      assert.equal(unversioned.headers['tus-version'], '1.0.0');
    });

    it('lets a council page send the tus headers and read the answers (CORS)', async () => {
      const { token } = await bookCase(suite.app);
      const preflight = await request(base, 'OPTIONS', '/api/councils/demo/uploads/0123456789abcdef0123456789abcdef', {
        origin: ORIGIN,
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization,tus-resumable,upload-offset,content-type',
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], ORIGIN);
      assert.match(String(preflight.headers['access-control-allow-headers']), /Upload-Offset/);
      assert.match(String(preflight.headers['access-control-allow-methods']), /PATCH/);

      const created = await new TusClient(base, token).create(4 * KiB, { filename: 'd.pdf' }, { origin: ORIGIN });
      assert.equal(created.status, 201);
      assert.equal(created.headers['access-control-allow-origin'], ORIGIN);
      for (const header of ['Location', 'Upload-Offset', 'Upload-Length', 'Tus-Resumable', 'Finestreta-Document']) {
        assert.match(String(created.headers['access-control-expose-headers']), new RegExp(header));
      }
      const foreign = await new TusClient(base, token).create(4 * KiB, { filename: 'd.pdf' }, { origin: 'https://evil.example' });
      assert.equal(foreign.status, 403);
    });
  });
});

/**
 * A stand-in for clamd on loopback: it speaks INSTREAM (a command, then chunks each preceded by
 * its length, then a zero length) and reports the EICAR test string as found.
 */
function fakeClamd(): Promise<{ port: number; scanned: () => number; close: () => void }> {
  let scanned = 0;
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('data', (data) => {
      buffer = Buffer.concat([buffer, data]);
      const command = buffer.indexOf(0);
      if (command < 0 || !buffer.subarray(0, command).toString().endsWith('INSTREAM')) return;
      const chunks: Buffer[] = [];
      for (let at = command + 1; at + 4 <= buffer.length; ) {
        const length = buffer.readUInt32BE(at);
        if (length === 0) {
          scanned++;
          socket.end(Buffer.concat(chunks).includes('EICAR-STANDARD-ANTIVIRUS-TEST-FILE') ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
          return;
        }
        if (at + 4 + length > buffer.length) return;
        chunks.push(buffer.subarray(at + 4, at + 4 + length));
        at += 4 + length;
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port, scanned: () => scanned, close: () => server.close() })),
  );
}

describe('the malware scan (CLAMD_URL)', () => {
  let clamd: Awaited<ReturnType<typeof fakeClamd>>;
  const suite = useTestApp(async (database) => {
    clamd = await fakeClamd();
    return appOptions(() => ({ CLAMD_URL: `tcp://127.0.0.1:${clamd.port}` }))(database);
  });
  let base: string;
  let cookie: string;
  before(async () => {
    base = await listen(suite.app);
    cookie = await signIn(suite.app, 'agent@demo.finestreta.cat', 'finestreta-demo');
  });

  it('refuses a file clamd finds malware in (422), and writes it to the evidence log', async () => {
    const { token, id } = await bookCase(suite.app);
    const infected = Buffer.concat([pdf(2 * KiB), Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*')]);
    const answer = await new TusClient(base, token).upload(infected, { filename: 'factura.pdf' });
    assert.equal(answer.status, 422);
    assert.equal(JSON.parse(answer.body).code, 'FIN_ERR_DOCUMENT_INFECTED');
    const refused = (await suite.app.inject({ url: `/api/desk/cases/${id}/evidence`, headers: { cookie } })).json().events.find((event: { type: string }) => event.type === 'document.refused');
    assert.deepEqual(refused.data.viruses, ['Eicar-Test-Signature']);
    assert.deepEqual((await suite.app.inject(`/api/councils/demo/documents/mine?token=${token}`)).json().documents, []);
  });

  it('keeps a clean file, marked as scanned', async () => {
    const { token, id } = await bookCase(suite.app);
    const before = clamd.scanned();
    assert.equal((await new TusClient(base, token).upload(pdf(300 * KiB), { filename: 'net.pdf' })).status, 204);
    assert.equal(clamd.scanned(), before + 1);
    const list = (await suite.app.inject({ url: `/api/desk/cases/${id}/documents`, headers: { cookie } })).json();
    assert.equal(list.documents[0].scan, 'clean');
  });

  it('keeps the citizen’s file when clamd cannot be reached, flagged for the desk as unscanned', async () => {
    clamd.close();
    const { token, id } = await bookCase(suite.app);
    const answer = await new TusClient(base, token).upload(pdf(4 * KiB), { filename: 'sense-escaneig.pdf' });
    assert.equal(answer.status, 204);
    const list = (await suite.app.inject({ url: `/api/desk/cases/${id}/documents`, headers: { cookie } })).json();
    assert.equal(list.documents[0].scan, 'unavailable');
    assert.equal(list.documents[0].state, 'received');
  });
});
