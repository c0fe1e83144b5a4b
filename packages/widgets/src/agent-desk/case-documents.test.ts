import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { json, stubEventSource, stubFetch, type EventSourceStub, type FetchStub, type RecordedCall } from '../shared/testing.js';
import type { CaseDocumentsView, FinCaseDocuments, DeskDocument } from './case-documents.js';
import { DeskEventStream } from './desk-events.js';
import './index.js';

const documentOf = (id: string, overrides: Partial<DeskDocument> = {}): DeskDocument => ({
  id,
  fileName: `${id}.pdf`,
  expected: 'id',
  contentType: 'application/pdf',
  bytes: 3 * 1024 * 1024,
  sha256: 'ab'.repeat(32),
  state: 'received',
  rejectionReason: null,
  uploadedAt: '2026-11-20T09:00:00.000Z',
  scan: 'clean',
  reviewedAt: null,
  ...overrides,
});

function view(documents: DeskDocument[] = [documentOf('d1'), documentOf('p1', { fileName: 'photo.jpg', contentType: 'image/jpeg', expected: null, bytes: 400 * 1024, scan: 'unavailable' })]): CaseDocumentsView {
  return {
    expected: [
      { id: 'id', name: 'DNI or NIE', status: 'received' },
      { id: 'rent', name: 'Rental contract', status: 'missing' },
    ],
    documents,
  };
}

const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLElement>(el: FinCaseDocuments, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: FinCaseDocuments, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const button = (el: FinCaseDocuments, label: string) => $$<HTMLButtonElement>(el, 'button').find((b) => text(b) === label)!;

let fetch: FetchStub;
let sources: EventSourceStub | undefined;

type Handler = (call: RecordedCall) => Response | Promise<Response>;

async function mount(options: { handler?: Handler; lang?: string; events?: DeskEventStream } = {}) {
  fetch = stubFetch(options.handler ?? (() => json(view())));
  const el = await fixture<FinCaseDocuments>(
    html`<fin-case-documents api="https://oac.example" case-id="c1" lang=${options.lang ?? 'en'} .events=${options.events}></fin-case-documents>`,
  );
  await waitUntil(() => $(el, '[part~="documents"], [part~="error"], [part~="empty-state"]'), 'the documents did not load', { timeout: 3000 });
  return el;
}

afterEach(() => {
  fetch?.restore();
  sources?.restore();
  sources = undefined;
});

describe('<fin-case-documents>', () => {
  it('passes an accessibility check, with a PDF previewed and a rejection being written', async () => {
    const el = await mount();
    button(el, 'Preview d1.pdf').click();
    button(el, 'Reject photo.jpg').click();
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('lists what is expected and what arrived, with type, size, hash and a scan that could not run', async () => {
    const el = await mount();
    expect(new URL(fetch.calls[0].url).pathname).to.equal('/api/desk/cases/c1/documents');
    expect(fetch.calls[0].credentials).to.equal('include');
    expect($$(el, '[part~="expected"]').map((li) => text(li))).to.deep.equal(['DNI or NIE Received', 'Rental contract Missing']);
    const [pdf, photo] = $$(el, '[part~="document"]');
    expect(text(pdf.querySelector('[part~="document-name"]'))).to.equal('d1.pdf Received');
    expect(text(pdf.querySelector('[part~="document-meta"]'))).to.match(/^For: DNI or NIE · PDF, 3 MB, received on /);
    expect(text(pdf.querySelector('[part~="hash"]'))).to.equal(`SHA-256 ${'ab'.repeat(32)}`);
    expect(pdf.querySelector('[part~="scan-warning"]')).to.equal(null);
    expect(text(photo.querySelector('[part~="document-meta"]'))).to.match(/^Not tied to an expected document · JPEG, 400 kB/);
    expect(text(photo.querySelector('[part~="scan-warning"]'))).to.contain('Not scanned for malware');
  });

  it('previews a PDF in a frame and a photo as an image, from the decrypting endpoint, and offers a download', async () => {
    const el = await mount();
    const toggle = button(el, 'Preview d1.pdf');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    const frame = $<HTMLIFrameElement>(el, 'iframe[part~="preview"]')!;
    expect(frame.title).to.equal('Preview of d1.pdf');
    expect(frame.getAttribute('src')).to.equal('https://oac.example/api/desk/documents/d1/content');
    button(el, 'Preview photo.jpg').click();
    await el.updateComplete;
    const image = $<HTMLImageElement>(el, 'img[part~="preview"]')!;
    expect(image.alt).to.equal('Preview of photo.jpg');
    expect(image.getAttribute('src')).to.equal('https://oac.example/api/desk/documents/p1/content');
    const download = $$<HTMLAnchorElement>(el, '[part~="download-link"]')[0];
    expect(download.getAttribute('href')).to.equal('https://oac.example/api/desk/documents/d1/content?download=1');
    expect(text(download)).to.equal('Download d1.pdf');
  });

  it('accepts a document and says so', async () => {
    const el = await mount({
      handler: (call) => (call.method === 'POST' ? json(documentOf('d1', { state: 'accepted', reviewedAt: '2026-11-20T10:00:00.000Z' })) : json(view())),
    });
    button(el, 'Accept d1.pdf').click();
    await waitUntil(() => text($(el, '[part~="announcer"]')) === 'd1.pdf accepted.');
    const post = fetch.calls.find((c) => c.method === 'POST')!;
    expect(new URL(post.url).pathname).to.equal('/api/desk/documents/d1/review');
    expect(post.body).to.deep.equal({ decision: 'accepted' });
    expect(text($(el, '[part~="document"] [part~="badge"]'))).to.equal('Accepted');
    expect(button(el, 'Accept d1.pdf')).to.equal(undefined);
  });

  it('rejects only with a reason, which it sends for the citizen to read', async () => {
    const el = await mount({
      handler: (call) =>
        call.method === 'POST'
          ? json(documentOf('d1', { state: 'rejected', rejectionReason: (call.body as { reason: string }).reason }))
          : json(view()),
    });
    button(el, 'Reject d1.pdf').click();
    await waitUntil(() => el.shadowRoot!.activeElement?.id === 'reason-d1', 'the reason did not take focus');
    button(el, 'Reject the document').click();
    await waitUntil(() => $(el, '[part~="field-error"]'));
    expect(text($(el, '[part~="field-error"]'))).to.equal('Say why the document is rejected.');
    expect($(el, '#reason-d1')!.getAttribute('aria-invalid')).to.equal('true');
    expect(fetch.calls.some((c) => c.method === 'POST')).to.equal(false);

    const reason = $<HTMLTextAreaElement>(el, '#reason-d1')!;
    reason.value = 'The photo is blurred';
    reason.dispatchEvent(new InputEvent('input'));
    button(el, 'Reject the document').click();
    await waitUntil(() => text($(el, '[part~="announcer"]')) === 'd1.pdf rejected.');
    expect(fetch.calls.find((c) => c.method === 'POST')!.body).to.deep.equal({ decision: 'rejected', reason: 'The photo is blurred' });
    expect(text($(el, '[part~="reason"]'))).to.equal('Reason: The photo is blurred');
    expect(el.shadowRoot!.activeElement).to.equal($(el, '#name-d1'));
  });

  it('says so when the review could not be saved', async () => {
    const el = await mount({ handler: (call) => (call.method === 'POST' ? json({ statusCode: 500, code: 'FIN_ERR_INTERNAL', message: 'x' }, 500) : json(view())) });
    button(el, 'Accept d1.pdf').click();
    await waitUntil(() => $(el, '[part~="error"]'), 'no error shown', { timeout: 4000 });
    expect(text($(el, '[part~="error"]'))).to.equal('The review could not be saved. Try again.');
  });

  it('refreshes when the desk hears that this case’s documents changed, not another case’s', async () => {
    sources = stubEventSource();
    const stream = new DeskEventStream('https://oac.example/api/desk/events');
    stream.open();
    let documents = view([]);
    const el = await mount({ events: stream, handler: () => json(documents) });
    expect(text($(el, '[part~="empty-state"]:last-of-type'))).to.equal('No file received yet.');
    documents = view([documentOf('new')]);
    sources.latest!.send('document', { id: 'other', reference: 'CB-1', documentId: 'x', state: 'received' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fetch.calls.length).to.equal(1);
    sources.latest!.send('document', { id: 'c1', reference: 'VA-1', documentId: 'new', state: 'received' });
    await waitUntil(() => $(el, '[part~="document"]'), 'the list was not refreshed');
    expect(text($(el, '[part~="document-name"]'))).to.equal('new.pdf Received');
    expect(text($(el, '[part~="announcer"]'))).to.equal('The documents have changed.');
    stream.close();
  });

  it('creates an upload-only link to send to the citizen', async () => {
    const link = { url: 'https://oac.example/documents?council=demo&token=up-1', token: 'up-1', expiresAt: '2026-11-27T09:00:00.000Z' };
    const el = await mount({ handler: (call) => (call.method === 'POST' ? json(link, 201) : json(view())) });
    button(el, 'Create an upload link').click();
    await waitUntil(() => $(el, '#upload-link-url'));
    const post = fetch.calls.find((c) => c.method === 'POST')!;
    expect(new URL(post.url).pathname).to.equal('/api/desk/cases/c1/upload-links');
    const input = $<HTMLInputElement>(el, '#upload-link-url')!;
    expect(input.value).to.equal(link.url);
    expect(input.readOnly).to.equal(true);
    expect(text($(el, 'label[for="upload-link-url"]'))).to.equal('Upload link for the citizen');
    expect(text($(el, '[part~="link-expires"]'))).to.match(/^It works until 27 November 2026/);
  });

  it('says why no link is created for a cancelled case', async () => {
    const closed = { statusCode: 409, code: 'FIN_ERR_CASE_CLOSED', message: 'This case was cancelled: it takes no more documents' };
    const el = await mount({ handler: (call) => (call.method === 'POST' ? json(closed, 409) : json(view())) });
    button(el, 'Create an upload link').click();
    await waitUntil(() => $(el, '[role="alert"]'), 'no error said');
    expect(text($(el, '[role="alert"]'))).to.equal('This case was cancelled and takes no more documents, so no link was created.');
    expect($(el, '#upload-link-url')).to.equal(null);
  });

  it('offers to try again when the documents cannot be loaded', async () => {
    const el = await mount({ handler: () => json({ statusCode: 404, code: 'FIN_ERR_CASE_NOT_FOUND', message: 'No.' }, 404) });
    expect(text($(el, '[part~="error"]'))).to.equal('The documents cannot be shown right now.');
    fetch.respond(() => json(view()));
    button(el, 'Try again').click();
    await waitUntil(() => $(el, '[part~="document"]'));
  });

  it('speaks Spanish', async () => {
    const el = await mount({ lang: 'es' });
    expect(text($(el, '[part~="heading"]'))).to.equal('Documentos');
    expect(button(el, 'Rechazar d1.pdf')).to.not.equal(undefined);
  });
});
