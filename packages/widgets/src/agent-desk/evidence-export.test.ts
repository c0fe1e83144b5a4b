import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { captureDownloads, hang, json, stubFetch, type FetchStub } from '../shared/testing.js';
import type { FinEvidenceExport } from './evidence-export.js';
import './index.js';

const ZIP = new TextEncoder().encode('PK\u0003\u0004mimetypeapplication/vnd.etsi.asic-e+zip');
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);

describe('<fin-evidence-export>', () => {
  let fetch: FetchStub | undefined;
  let capture: ReturnType<typeof captureDownloads> | undefined;
  afterEach(() => {
    fetch?.restore();
    capture?.restore();
    fetch = capture = undefined;
  });

  const mount = (lang = 'en') =>
    fixture<FinEvidenceExport>(html`<fin-evidence-export api="https://oac.example" case-id="case-1" reference="VA-7K3M9Q" lang=${lang}></fin-evidence-export>`);

  it('exports the case’s container with the session, busy meanwhile, and saves it by its reference', async () => {
    let answer!: (response: Response) => void;
    fetch = stubFetch(() => new Promise<Response>((resolve) => (answer = resolve)));
    capture = captureDownloads();
    const el = await mount();
    await expect(el).to.be.accessible();
    const button = $<HTMLButtonElement>(el, '[part~="export-button"]')!;
    expect(text(button)).to.equal('Export the evidence (ASiC-E)');
    button.focus();
    button.click();
    await el.updateComplete;
    expect(text(button)).to.equal('Preparing the export…');
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    // A second press while busy asks nothing more.
    button.click();
    expect(fetch.calls).to.have.length(1);
    expect(new URL(fetch.calls[0]!.url).pathname).to.equal('/api/desk/cases/case-1/evidence.asice');
    expect(fetch.calls[0]!.credentials).to.equal('include');
    answer(new Response(ZIP, { headers: { 'Content-Type': 'application/vnd.etsi.asic-e+zip' } }));
    await waitUntil(() => capture!.downloads.length === 1, 'nothing was saved');
    const saved = await capture.downloads[0]!;
    expect(saved.fileName).to.equal('VA-7K3M9Q.asice');
    expect([...saved.bytes]).to.deep.equal([...ZIP]);
    await waitUntil(() => text($(el, '[part~="announcer"]')) === 'Evidence exported: VA-7K3M9Q.asice.');
    expect(text(button)).to.equal('Export the evidence (ASiC-E)');
    expect(el.shadowRoot!.activeElement).to.equal(button);
  });

  it('says a council without a seal in words, once: an export is not retried', async () => {
    fetch = stubFetch(() => json({ statusCode: 503, code: 'FIN_ERR_SEAL_NOT_CONFIGURED', message: 'The service is temporarily unavailable.' }, 503));
    const el = await mount('ca');
    $<HTMLButtonElement>(el, '[part~="export-button"]')!.click();
    await waitUntil(() => $(el, '[part~="error"]'), 'the failure was not said');
    expect(text($(el, '[part~="error"]'))).to.equal('L’ajuntament no té cap segell electrònic configurat i les evidències no es poden segellar. Demaneu a l’administrador del servei que l’instal·li.');
    expect($(el, '[part~="error"]')!.getAttribute('role')).to.equal('alert');
    expect(fetch.calls).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('says when the server cannot be reached, in Spanish', async () => {
    fetch = stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const el = await mount('es');
    $<HTMLButtonElement>(el, '[part~="export-button"]')!.click();
    await waitUntil(() => $(el, '[part~="error"]'), 'the failure was not said');
    expect(text($(el, '[part~="error"]'))).to.equal('No se ha podido conectar con el servidor. Compruebe la conexión y vuelva a intentarlo.');
  });

  it('tells assistive technology it is busy while the server prepares the container', async () => {
    fetch = stubFetch(hang);
    const el = await mount();
    $<HTMLButtonElement>(el, '[part~="export-button"]')!.click();
    await el.updateComplete;
    expect($(el, '[part~="base"]')!.getAttribute('aria-busy')).to.equal('true');
  });
});
