import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { nothing } from 'lit';
import { deleteDB, openDB } from 'idb';
import { ApiError, ErrorCode } from '../shared/errors.js';
import type { FinErrorEvent } from '../shared/events.js';
import { json, openLink, stubFetch, type FetchStub } from '../shared/testing.js';
import './index.js';
import type { DocUpload } from './doc-upload.js';
import type { FinUploadCompleteEvent, FinUploadProgressEvent } from './events.js';
import { MAX_IMAGE_SIDE } from './prepare.js';
import { UploadStore } from './store.js';
import { transferError, type Transfer, type TransferHandlers, type TransferOptions, type Transport } from './transport.js';
import type { MyDocuments } from './types.js';

const MB = 1024 * 1024;

function data(overrides: Partial<MyDocuments> = {}): MyDocuments {
  return {
    case: { reference: 'VA-7K3M9Q', kind: 'appointment', open: true, procedure: { id: 'padro', name: 'Register of residents' } },
    limits: { maxFileBytes: 10 * MB, maxFiles: 10, maxTotalBytes: 50 * MB, types: ['application/pdf', 'image/jpeg', 'image/png'] },
    usage: { files: 1, bytes: 2048 },
    expected: [
      { id: 'id', name: 'DNI or NIE', status: 'rejected' },
      { id: 'rent', name: 'Rental contract', status: 'missing' },
      { id: 'census', name: 'Census form', status: 'accepted' },
    ],
    documents: [
      {
        id: 'd1',
        fileName: 'dni.jpg',
        expected: 'id',
        contentType: 'image/jpeg',
        bytes: 2048,
        sha256: 'ab'.repeat(32),
        state: 'rejected',
        rejectionReason: 'The photo is blurred',
        uploadedAt: '2026-11-20T09:00:00.000Z',
      },
    ],
    ...overrides,
  };
}

/** One upload the element asked for, and the switches a test flips as the "server". */
interface FakeTransfer {
  blob: Blob;
  options: TransferOptions;
  handlers: TransferHandlers;
  starts: number;
  paused: boolean;
  cancelled: boolean;
}

/** A transport that sends nothing: the test reports progress, success and failures itself. */
function fakeTransport(): { transport: Transport; transfers: FakeTransfer[] } {
  const transfers: FakeTransfer[] = [];
  const transport: Transport = (blob, options, handlers): Transfer => {
    const record: FakeTransfer = { blob, options, handlers, starts: 0, paused: false, cancelled: false };
    transfers.push(record);
    return {
      start: () => void record.starts++,
      pause: async () => void (record.paused = true),
      cancel: async () => void (record.cancelled = true),
    };
  };
  return { transport, transfers };
}

const pdf = (name = 'contract.pdf', size = 4096) => new File([new TextEncoder().encode('%PDF-1.7\n'), new Uint8Array(size - 9)], name, { type: 'application/pdf' });
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLElement>(el: DocUpload, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: DocUpload, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];

/** Chooses files through the real file input, as the picker would. */
function choose(el: DocUpload, files: File[], selector = '#file') {
  const input = $<HTMLInputElement>(el, selector)!;
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** The names of the files kept on the device, whoever they belong to. */
async function storedFiles(): Promise<string[]> {
  const db = await openDB('finestreta-uploads-test');
  try {
    return db.objectStoreNames.contains('uploads') ? (await db.getAll('uploads')).map((upload: { fileName: string }) => upload.fileName) : [];
  } finally {
    db.close();
  }
}

let fetchStub: FetchStub;
let stores: UploadStore[] = [];
let tokenCount = 0;

async function mount(options: { answer?: () => Response; token?: string; lang?: string; transport?: Transport } = {}) {
  const answer = options.answer ?? (() => json(data()));
  fetchStub = stubFetch(() => answer());
  const store = new UploadStore('finestreta-uploads-test');
  stores.push(store);
  const token = options.token ?? `token-${++tokenCount}-${Date.now()}`;
  const el = await fixture<DocUpload>(
    html`<doc-upload api="https://oac.example" council="demo" token=${token} lang=${options.lang ?? 'en'} .store=${store} .transport=${options.transport ?? fakeTransport().transport}></doc-upload>`,
  );
  await waitUntil(() => $(el, '[part~="expected-list"], [part~="error"]'), 'the documents did not load', { timeout: 3000 });
  return el;
}

afterEach(async () => {
  fetchStub?.restore();
  for (const store of stores) store.close();
  stores = [];
  await deleteDB('finestreta-uploads-test');
});

describe('<doc-upload>', () => {
  it('passes an accessibility check, with a file being sent', async () => {
    const fake = fakeTransport();
    const el = await mount({ transport: fake.transport });
    choose(el, [pdf()]);
    await waitUntil(() => fake.transfers.length === 1);
    fake.transfers[0].handlers.onProgress(1024, 4096);
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  describe('opened from an upload link, with the token in the page address', () => {
    let restore: () => void;
    beforeEach(() => (restore = openLink('token=link-token&section=tramits')));
    afterEach(() => restore());
    const open = async (token?: string) => {
      const store = new UploadStore('finestreta-uploads-test');
      stores.push(store);
      const el = await fixture<DocUpload>(html`<doc-upload api="https://oac.example" council="demo" token=${token ?? nothing} lang="en" .store=${store} .transport=${fakeTransport().transport}></doc-upload>`);
      await waitUntil(() => $(el, '[part~="expected-list"]'), 'the documents did not load', { timeout: 3000 });
      return el;
    };
    const tokens = () => fetchStub.calls.map((c) => new URL(c.url).searchParams.get('token'));

    it('loads the case, takes the token out of the address bar and finds it again after a reload', async () => {
      fetchStub = stubFetch(() => json(data()));
      (await open()).remove();
      expect(location.search).to.equal('?section=tramits');
      expect(location.hash).to.equal('#main');
      await open();
      expect(tokens()).to.deep.equal(['link-token', 'link-token']);
    });

    it('uses its token attribute instead', async () => {
      fetchStub = stubFetch(() => json(data()));
      await open('from-the-attribute');
      expect(tokens()).to.deep.equal(['from-the-attribute']);
    });
  });

  describe('when it loads the case', () => {
    it('asks for the case with the token and says what is expected, what arrived and why a document was rejected', async () => {
      const el = await mount();
      const url = new URL(fetchStub.calls[0].url);
      expect(url.pathname).to.equal('/api/councils/demo/documents/mine');
      expect(url.searchParams.get('token')).to.match(/^token-/);
      expect(url.searchParams.get('lang')).to.equal('en');
      const rows = $$(el, '[part~="expected"]').map((li) => [text(li.querySelector('[part~="expected-name"]')), text(li.querySelector('[part~="badge"]'))]);
      expect(rows).to.deep.equal([
        ['DNI or NIE', 'Rejected'],
        ['Rental contract', 'Missing'],
        ['Census form', 'Accepted'],
      ]);
      expect(text($(el, '[part~="expected-rejected"] [part~="reason"]'))).to.equal('Reason: The photo is blurred');
      // Only what is still needed offers a button.
      expect($$(el, '[part~="add-button"]').map((b) => text(b))).to.deep.equal(['Add a file DNI or NIE', 'Add a file Rental contract']);
      expect(text($(el, '[part~="intro"]'))).to.contain('Accepted: PDF, JPEG and PNG. Up to 10 MB per file, 10 files and 50 MB in all.');
      expect(text($(el, '[part~="document"]'))).to.contain('dni.jpg');
    });

    it('offers a real, labelled file input and preselects the first document still needed', async () => {
      const el = await mount();
      const input = $<HTMLInputElement>(el, '#file')!;
      expect(input.type).to.equal('file');
      expect(input.multiple).to.equal(true);
      expect(input.accept).to.equal('application/pdf,image/jpeg,image/png');
      expect(text($(el, 'label[for="file"]'))).to.equal('Choose files');
      expect($<HTMLSelectElement>(el, '#expected')!.value).to.equal('id');
    });

    it('proposes a document still needed, and lists those that arrived last, saying so', async () => {
      const arrived = data({
        expected: [
          { id: 'id', name: 'DNI or NIE', status: 'received' },
          { id: 'census', name: 'Census form', status: 'accepted' },
          { id: 'rent', name: 'Rental contract', status: 'missing' },
        ],
      });
      const el = await mount({ answer: () => json(arrived), lang: 'es' });
      const select = $<HTMLSelectElement>(el, '#expected')!;
      expect(select.value).to.equal('rent');
      expect([...select.options].map((option) => text(option))).to.deep.equal(['Rental contract', 'DNI or NIE (recibido)', 'Census form (aceptado)', 'Otro documento']);
    });

    it('says the link does not work when the server refuses the token', async () => {
      const el = await mount({ answer: () => json({ statusCode: 401, code: 'FIN_ERR_TOKEN_INVALID', message: 'Invalid token' }, 401) });
      expect(text($(el, '[part~="error"]'))).to.contain('This link does not let you send documents');
      expect($(el, '#file')).to.equal(null);
    });

    it('offers to try again when the server cannot be reached', async () => {
      const el = await mount({ answer: () => json({ statusCode: 503, code: 'FIN_ERR_INTERNAL', message: 'x' }, 503) });
      expect(text($(el, '[part~="error"]'))).to.equal('Your documents cannot be shown right now.');
      fetchStub.respond(() => json(data()));
      $(el, '[part~="retry-button"]')!.click();
      await waitUntil(() => $(el, '[part~="expected-list"]'));
    });

    it('takes no files for a cancelled case, and still lists what was sent and reviewed', async () => {
      const cancelled = data();
      const el = await mount({ answer: () => json({ ...cancelled, case: { ...cancelled.case, open: false } }) });
      expect(text($(el, '[part~="closed"]'))).to.equal('This appointment was cancelled, so it takes no more documents. What you sent is still with the office.');
      expect($(el, '#file')).to.equal(null);
      expect($(el, '[part~="drop-zone"]')).to.equal(null);
      expect($$(el, '[part~="add-button"]')).to.deep.equal([]);
      expect($$(el, '[part~="expected-name"]').map((name) => text(name))).to.deep.equal(['DNI or NIE', 'Rental contract', 'Census form']);
      expect($$(el, '[part~="document-name"]').length).to.be.greaterThan(0);
      await expect(el).to.be.accessible();
    });

    it('speaks Catalan', async () => {
      const el = await mount({ lang: 'ca' });
      expect(text($(el, '[part~="heading"]'))).to.equal('Els vostres documents');
      expect(text($(el, 'label[for="file"]'))).to.equal('Tria fitxers');
    });
  });

  describe('when a PDF is chosen', () => {
    it('sends it with tus metadata, shows its progress, announces it and reports it, then refreshes the list', async () => {
      const fake = fakeTransport();
      const el = await mount({ transport: fake.transport });
      $<HTMLSelectElement>(el, '#expected')!.value = 'rent';
      $(el, '#expected')!.dispatchEvent(new Event('change'));
      choose(el, [pdf('contract.pdf', 8192)]);
      await waitUntil(() => fake.transfers.length === 1);
      const transfer = fake.transfers[0];
      expect(transfer.starts).to.equal(1);
      expect(transfer.options.endpoint).to.equal('https://oac.example/api/councils/demo/uploads');
      expect(transfer.options.token).to.match(/^token-/);
      expect(transfer.options.uploadUrl).to.equal(null);
      expect(transfer.options.metadata).to.deep.equal({ filename: 'contract.pdf', filetype: 'application/pdf', expected: 'rent' });
      expect(await storedFiles()).to.deep.equal(['contract.pdf']);

      const progress = oneEvent(el, 'fin-upload-progress') as Promise<FinUploadProgressEvent>;
      transfer.handlers.onProgress(4096, 8192);
      expect((await progress).detail).to.include({ fileName: 'contract.pdf', expected: 'rent', bytesSent: 4096, bytesTotal: 8192 });
      await el.updateComplete;
      const bar = $<HTMLProgressElement>(el, '[part~="progress"]')!;
      expect(bar.value / bar.max).to.equal(0.5);
      expect(bar.getAttribute('aria-label')).to.equal('Sending contract.pdf');
      expect(text($(el, '[part~="file-for"]'))).to.equal('For: Rental contract');
      expect(text($(el, '[part~="announcer"]'))).to.equal('contract.pdf: 50% sent.');

      fetchStub.respond(() =>
        json(data({ expected: data().expected.map((e) => (e.id === 'rent' ? { ...e, status: 'received' } : e)) })),
      );
      const complete = oneEvent(el, 'fin-upload-complete') as Promise<FinUploadCompleteEvent>;
      transfer.handlers.onProgress(8192, 8192);
      transfer.handlers.onSuccess('doc-42');
      expect((await complete).detail).to.include({ fileName: 'contract.pdf', documentId: 'doc-42' });
      await waitUntil(() => text($(el, '[part~="expected"]:nth-child(2) [part~="badge"]')) === 'Received', 'the list was not refreshed');
      expect(text($(el, '[part~="file-status"]'))).to.equal('Sent');
      expect(text($(el, '[part~="announcer"]'))).to.equal('contract.pdf has been sent.');
      // Nothing is left waiting on the device.
      expect(await storedFiles()).to.deep.equal([]);
    });

    it('sends several files one after the other', async () => {
      const fake = fakeTransport();
      const el = await mount({ transport: fake.transport });
      choose(el, [pdf('a.pdf'), pdf('b.pdf')]);
      await waitUntil(() => $$(el, '[part~="file-queued"]').length === 1);
      expect(fake.transfers.length).to.equal(1);
      fake.transfers[0].handlers.onSuccess('d-a');
      await waitUntil(() => fake.transfers.length === 2);
      expect(fake.transfers[1].options.metadata.filename).to.equal('b.pdf');
    });

    it('pauses, resumes from where it was and cancels', async () => {
      const fake = fakeTransport();
      const el = await mount({ transport: fake.transport });
      choose(el, [pdf()]);
      await waitUntil(() => fake.transfers.length === 1);
      fake.transfers[0].handlers.onUrl('https://oac.example/api/councils/demo/uploads/u1');
      fake.transfers[0].handlers.onProgress(2048, 4096);
      await el.updateComplete;

      $$(el, '[part~="action-button"]').find((b) => text(b)?.startsWith('Pause'))!.click();
      await waitUntil(() => $(el, '[part~="file-paused"]'));
      expect(fake.transfers[0].paused).to.equal(true);
      expect(text($(el, '[part~="file-status"]'))).to.equal('Paused · 50%');
      expect(text($(el, '[part~="announcer"]'))).to.equal('contract.pdf is paused.');

      $$(el, '[part~="action-button"]').find((b) => text(b)?.startsWith('Resume'))!.click();
      await waitUntil(() => fake.transfers.length === 2);
      expect(fake.transfers[1].options.uploadUrl).to.equal('https://oac.example/api/councils/demo/uploads/u1');

      $$(el, '[part~="action-button"]').find((b) => text(b)?.startsWith('Cancel'))!.click();
      await waitUntil(() => fake.transfers[1].cancelled);
      await waitUntil(() => !$(el, '[part~="file"]'));
      expect(text($(el, '[part~="announcer"]'))).to.equal('contract.pdf has been cancelled.');
    });
  });

  describe('before sending', () => {
    it('refuses a renamed program with a clear message and never sends it', async () => {
      const fake = fakeTransport();
      const el = await mount({ transport: fake.transport });
      const program = new File([new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00])], 'invoice.pdf', { type: 'application/pdf' });
      const error = oneEvent(el, 'fin-error') as Promise<FinErrorEvent>;
      choose(el, [program]);
      expect((await error).detail.code).to.equal('FIN_ERR_DOCUMENT_TYPE');
      await waitUntil(() => $(el, '[part~="file-error"]'));
      expect(text($(el, '[part~="file-error"]'))).to.equal('“invoice.pdf” is not a PDF, JPEG or PNG file.');
      expect(fake.transfers).to.deep.equal([]);
    });

    it('refuses a file over the size limit', async () => {
      const fake = fakeTransport();
      const el = await mount({ transport: fake.transport, answer: () => json(data({ limits: { ...data().limits, maxFileBytes: 1 * MB } })) });
      choose(el, [pdf('big.pdf', 2 * MB)]);
      await waitUntil(() => $(el, '[part~="file-error"]'));
      expect(text($(el, '[part~="file-error"]'))).to.equal('“big.pdf” is 2 MB; a file can be up to 1 MB.');
      expect(fake.transfers).to.deep.equal([]);
    });

    it('refuses a file beyond the number the case takes', async () => {
      const fake = fakeTransport();
      const el = await mount({ transport: fake.transport, answer: () => json(data({ limits: { ...data().limits, maxFiles: 2 } })) });
      choose(el, [pdf('one.pdf'), pdf('two.pdf')]);
      await waitUntil(() => $(el, '[part~="file-error"]'));
      expect(text($(el, '[part~="file-error"]'))).to.equal('“two.pdf” was not sent: this case takes up to 2 files and 50 MB in all.');
      expect(fake.transfers.map((t) => t.options.metadata.filename)).to.deep.equal(['one.pdf']);
    });

    it('makes a large photo smaller and sends it as JPEG', async () => {
      const canvas = new OffscreenCanvas(3000, 2000);
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#3366aa';
      context.fillRect(0, 0, 3000, 2000);
      const png = new File([await canvas.convertToBlob({ type: 'image/png' })], 'scan.png', { type: 'image/png' });
      const fake = fakeTransport();
      const el = await mount({ transport: fake.transport });
      choose(el, [png]);
      await waitUntil(() => fake.transfers.length === 1, 'the photo was not sent', { timeout: 4000 });
      const sent = fake.transfers[0];
      expect(sent.options.metadata.filename).to.equal('scan.jpg');
      expect(sent.options.metadata.filetype).to.equal('image/jpeg');
      const head = new Uint8Array(await sent.blob.slice(0, 3).arrayBuffer());
      expect([...head]).to.deep.equal([0xff, 0xd8, 0xff]);
      const bitmap = await createImageBitmap(sent.blob);
      expect([bitmap.width, bitmap.height]).to.deep.equal([MAX_IMAGE_SIDE, 1600]);
    });
  });

  describe('when the server refuses a file', () => {
    for (const [code, status, message] of [
      ['FIN_ERR_DOCUMENT_TYPE', 415, '“contract.pdf” is not a PDF, JPEG or PNG file.'],
      ['FIN_ERR_DOCUMENT_TOO_LARGE', 413, '“contract.pdf” is 4 kB; a file can be up to 10 MB.'],
      ['FIN_ERR_DOCUMENT_LIMIT', 409, '“contract.pdf” was not sent: this case takes up to 10 files and 50 MB in all.'],
      ['FIN_ERR_DOCUMENT_INFECTED', 422, '“contract.pdf” was refused because it may contain a virus.'],
      ['FIN_ERR_DOCUMENT_UNREADABLE', 422, '“contract.pdf” could not be read as an image. Take the photo again or send a PDF.'],
      ['FIN_ERR_CASE_CLOSED', 409, 'The appointment was cancelled: it takes no more documents.'],
    ] as const) {
      it(`says why for ${code} (${status}) and forgets the file`, async () => {
        const fake = fakeTransport();
        const el = await mount({ transport: fake.transport });
        choose(el, [pdf()]);
        await waitUntil(() => fake.transfers.length === 1);
        const error = oneEvent(el, 'fin-error') as Promise<FinErrorEvent>;
        fake.transfers[0].handlers.onError(new ApiError(code, 'refused', false, status));
        expect((await error).detail.code).to.equal(code);
        await waitUntil(() => $(el, '[part~="file-refused"]'));
        expect(text($(el, '[part~="file-error"]'))).to.equal(message);
        expect($$(el, '[part~="action-button"]').map((b) => text(b))).to.deep.equal(['Remove from the list contract.pdf']);
      });
    }
  });

  describe('tus errors', () => {
    const response = (status: number, body: string) => ({ getStatus: () => status, getBody: () => body, getHeader: () => undefined, getUnderlyingObject: () => null });
    const failure = (status: number | null, body = '') =>
      Object.assign(new Error('tus failed'), { originalRequest: {}, originalResponse: status === null ? null : response(status, body) }) as unknown as Error;

    it('carry the server’s code, and only passing troubles may be tried again', () => {
      const limit = transferError(failure(409, JSON.stringify({ statusCode: 409, code: 'FIN_ERR_DOCUMENT_LIMIT', message: 'Full' })));
      expect([limit.code, limit.message, limit.recoverable]).to.deep.equal(['FIN_ERR_DOCUMENT_LIMIT', 'Full', false]);
      const closed = transferError(failure(409, JSON.stringify({ statusCode: 409, code: 'FIN_ERR_CASE_CLOSED', message: 'Cancelled' })));
      expect([closed.code, closed.recoverable]).to.deep.equal(['FIN_ERR_CASE_CLOSED', false]);
      const conflict = transferError(failure(409, JSON.stringify({ statusCode: 409, code: 'FIN_ERR_UPLOAD_OFFSET_CONFLICT', message: 'Offset' })));
      expect([conflict.code, conflict.recoverable]).to.deep.equal(['FIN_ERR_UPLOAD_OFFSET_CONFLICT', true]);
      const down = transferError(failure(null));
      expect([down.code, down.recoverable]).to.deep.equal([ErrorCode.network, true]);
      const hidden = transferError(failure(500, JSON.stringify({ code: 'FIN_ERR_INTERNAL', message: 'stack trace here' })));
      expect([hidden.code, hidden.message, hidden.recoverable]).to.deep.equal(['FIN_ERR_INTERNAL', 'The service is temporarily unavailable.', true]);
      expect(transferError(new Error('tus: no file')).code).to.equal(ErrorCode.unexpected);
    });
  });

  describe('when the connection drops', () => {
    it('says so and goes on from the same upload when the browser is back online', async () => {
      const fake = fakeTransport();
      const el = await mount({ transport: fake.transport });
      choose(el, [pdf()]);
      await waitUntil(() => fake.transfers.length === 1);
      fake.transfers[0].handlers.onUrl('https://oac.example/api/councils/demo/uploads/u9');
      fake.transfers[0].handlers.onProgress(2048, 4096);
      fake.transfers[0].handlers.onError(new ApiError(ErrorCode.network, 'down', true, 0));
      await waitUntil(() => $(el, '[part~="file-interrupted"]'));
      expect(text($(el, '[part~="file-error"]'))).to.equal('No connection: it will go on by itself when the connection is back.');
      window.dispatchEvent(new Event('online'));
      await waitUntil(() => fake.transfers.length === 2);
      expect(fake.transfers[1].options.uploadUrl).to.equal('https://oac.example/api/councils/demo/uploads/u9');
    });
  });

  describe('after a reload', () => {
    it('goes on with the files left waiting, without choosing them again, and keeps paused ones paused', async () => {
      const token = `reload-${Date.now()}`;
      const first = fakeTransport();
      const before = await mount({ token, transport: first.transport });
      choose(before, [pdf('a.pdf'), pdf('b.pdf')]);
      await waitUntil(() => first.transfers.length === 1 && $$(before, '[part~="file-queued"]').length === 1);
      first.transfers[0].handlers.onUrl('https://oac.example/api/councils/demo/uploads/ua');
      $$(before, '[part~="action-button"]').filter((b) => text(b)?.startsWith('Pause'))[1].click();
      await waitUntil(() => $(before, '[part~="file-paused"]'));
      // Let IndexedDB settle before the page "goes away".
      await new Promise((resolve) => setTimeout(resolve, 100));
      before.remove();
      fetchStub.restore();

      const second = fakeTransport();
      const after = await mount({ token, transport: second.transport });
      await waitUntil(() => second.transfers.length === 1, 'the waiting file did not resume');
      expect(second.transfers[0].options.uploadUrl).to.equal('https://oac.example/api/councils/demo/uploads/ua');
      expect(second.transfers[0].options.metadata.filename).to.equal('a.pdf');
      expect(second.transfers[0].blob.size).to.equal(4096);
      await waitUntil(() => $(after, '[part~="file-paused"]'));
      expect(text($(after, '[part~="file-paused"] [part~="file-name"]'))).to.equal('b.pdf');
      expect(text($(after, '[part~="announcer"]'))).to.contain('a.pdf');
    });
  });

  describe('on a phone', () => {
    const original = window.matchMedia;
    afterEach(() => (window.matchMedia = original));

    it('offers the rear camera, and a photo taken goes to the document chosen', async () => {
      window.matchMedia = ((query: string) => ({ ...original.call(window, query), matches: query === '(pointer: coarse)' })) as typeof window.matchMedia;
      const fake = fakeTransport();
      const el = await mount({ transport: fake.transport });
      const camera = $<HTMLInputElement>(el, '#camera')!;
      expect([camera.type, camera.accept, camera.getAttribute('capture')]).to.deep.equal(['file', 'image/*', 'environment']);
      expect(text($(el, 'label[for="camera"]'))).to.equal('Take a photo');
      const canvas = new OffscreenCanvas(800, 600);
      canvas.getContext('2d')!.fillRect(0, 0, 800, 600);
      const photo = new File([await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })], 'IMG_0001.jpg', { type: 'image/jpeg' });
      choose(el, [photo], '#camera');
      await waitUntil(() => fake.transfers.length === 1, 'the photo was not sent', { timeout: 4000 });
      expect(fake.transfers[0].options.metadata).to.include({ filename: 'IMG_0001.jpg', filetype: 'image/jpeg', expected: 'id' });
    });

    it('has no camera button on a computer', async () => {
      const el = await mount();
      expect($(el, '#camera')).to.equal(null);
    });

    it('offers choosing a file or taking a photo, and no dragging, which a touch screen cannot do', async () => {
      const phone: Record<string, boolean> = { '(pointer: coarse)': true, '(pointer: fine)': false, '(hover: hover)': false };
      window.matchMedia = ((query: string) => ({ ...original.call(window, query), matches: phone[query] ?? false })) as typeof window.matchMedia;
      const el = await mount({ lang: 'ca' });
      expect($(el, '[part~="drop-zone"]')).to.equal(null);
      expect(el.shadowRoot!.textContent).to.not.contain('Arrossega');
      expect(text($(el, '[part~="pick-text"]'))).to.equal('Trieu un fitxer o feu una foto:');
      expect(text($(el, 'label[for="file"]'))).to.equal('Tria fitxers');
      expect(text($(el, 'label[for="camera"]'))).to.equal('Fes una foto');
      await expect(el).to.be.accessible();
    });

    it('offers dragging files where a mouse or trackpad can', async () => {
      const desktop: Record<string, boolean> = { '(pointer: fine)': true, '(hover: hover)': true };
      window.matchMedia = ((query: string) => ({ ...original.call(window, query), matches: desktop[query] ?? false })) as typeof window.matchMedia;
      const el = await mount();
      expect(text($(el, '[part~="drop-text"]'))).to.equal('Drag your files here, or:');
      expect($(el, '[part~="pick-zone"]')).to.equal(null);
    });
  });

  describe('when moved in the page', () => {
    it('goes on with its files where it was put', async () => {
      const fake = fakeTransport();
      const el = await mount({ transport: fake.transport });
      choose(el, [pdf()]);
      await waitUntil(() => fake.transfers.length === 1);
      fake.transfers[0].handlers.onUrl('https://oac.example/api/councils/demo/uploads/moved');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const parent = el.parentElement!;
      el.remove();
      expect(fake.transfers[0].paused).to.equal(true);
      parent.append(el);
      await waitUntil(() => fake.transfers.length === 2, 'the file did not go on');
      expect(fake.transfers[1].options.uploadUrl).to.equal('https://oac.example/api/councils/demo/uploads/moved');
    });
  });

  describe('with the same link open twice', () => {
    it('lets one window resume the waiting files, and the other take over when it closes', async () => {
      const token = `twice-${Date.now()}`;
      const first = fakeTransport();
      const before = await mount({ token, transport: first.transport });
      choose(before, [pdf('a.pdf')]);
      await waitUntil(() => first.transfers.length === 1);
      before.remove();
      fetchStub.restore();

      const one = fakeTransport();
      const windowOne = await mount({ token, transport: one.transport });
      await waitUntil(() => one.transfers.length === 1, 'the first window did not resume the file');
      fetchStub.restore();
      const two = fakeTransport();
      await mount({ token, transport: two.transport });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(two.transfers).to.deep.equal([]);

      windowOne.remove();
      await waitUntil(() => two.transfers.length === 1, 'the second window did not take over');
      expect(two.transfers[0].options.metadata.filename).to.equal('a.pdf');
    });
  });

  describe('capture()', () => {
    it('chooses the document the office asks for and, without a click to open the picker, shows the request with focus', async () => {
      const el = await mount();
      await el.capture('rent');
      await el.updateComplete;
      expect($<HTMLSelectElement>(el, '#expected')!.value).to.equal('rent');
      const request = $(el, '[part~="request"]')!;
      expect(text(request)).to.equal('The office asks you for: Rental contract');
      expect(el.shadowRoot!.activeElement).to.equal(request);
    });
  });
});
