/**
 * A council's web team pastes the snippet into a page of its own site: that page, served from
 * another origin, loads /widgets/finestreta.js from the real server and the widget talks to the
 * server's API across origins.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { serveStatic, type StaticServer } from './support/static-server.ts';
import { startServer, type RunningServer } from './support/server.ts';

/** A council's page: `body` inside its main, the host's `fin-error` listener in its head. */
function hostPage(body: string, { lang = 'ca', head = '' } = {}) {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>Ajuntament</title>
<script>
  window.finErrors = [];
  document.addEventListener('fin-error', (e) => window.finErrors.push(e.detail));
</script>
${head}
</head><body><main>
<h1>Atenció ciutadana</h1>
${body}
</main></body></html>`;
}

function councilPage(api: string, { lang = 'ca', scripts = 1, council = 'demo' } = {}) {
  const tags = Array.from({ length: scripts }, (_, i) =>
    `<script type="module" src="${api}/widgets/finestreta.js${i ? `?copy=${i}` : ''}"></script>`).join('\n');
  return hostPage(`<finestreta-config api="${api}" council="${council}">
  <office-hours></office-hours>
</finestreta-config>`, { lang, head: tags });
}

/** The README's snippet for trying the widgets against `npm start`, as a web team would copy it. */
async function readmeDevSnippet(): Promise<string> {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const snippet = /<!-- dev-snippet[^>]*-->\n```html\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(snippet, 'the README has its dev snippet');
  return snippet;
}

/** Opens a page, collecting any exception that reaches the host page and what the widgets tell the console. */
async function open(browser: Browser, url: string): Promise<{ page: Page; errors: string[]; told: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const told: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Chromium also logs every failed request as a console error; the web team's message is the widgets' own.
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().startsWith('Finestreta:')) told.push(message.text());
  });
  await page.goto(url);
  return { page, errors, told };
}

const finErrors = (page: Page) => page.evaluate(() => (window as unknown as { finErrors: { code: string; message: string }[] }).finErrors);

describe('embedding the widgets in a council page of another origin', () => {
  let server: RunningServer;
  let site: StaticServer;
  let foreign: StaticServer;
  let browser: Browser;

  before(async () => {
    server = await startServer();
    site = await serveStatic({
      pages: {
        '/': councilPage(server.url),
        '/es': councilPage(server.url, { lang: 'es' }),
        '/twice': councilPage(server.url, { scripts: 2 }),
        '/vilademo': councilPage(server.url, { council: 'vilademo' }),
        // The address is the only thing changed: this server does not listen on npm start's port.
        '/readme': hostPage((await readmeDevSnippet()).replaceAll('http://localhost:8080', server.url)),
      },
    });
    // 127.0.0.2 is loopback too, but not among the demo council's allowed origins.
    foreign = await serveStatic({ host: '127.0.0.2', pages: { '/': councilPage(server.url) } });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await foreign?.close();
    await site?.close();
    await server?.close();
  });

  it('shows the office hours fetched from the server, in the page language', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const councilResponse = page.waitForResponse((r) => r.url().includes('/api/councils/demo'));
    await page.goto(`${site.url}/`);
    const response = await councilResponse;
    assert.equal(response.headers()['access-control-allow-origin'], site.url);

    const widget = page.locator('office-hours');
    await widget.getByRole('heading', { name: 'Horari d’atenció' }).waitFor();
    await widget.getByText(/^(Obert ara|Tancat ara)$/).waitFor();
    const rows = widget.locator('table tbody tr');
    assert.equal(await rows.count(), 7);
    assert.match((await rows.nth(0).innerText()).replace(/\s+/g, ' '), /dilluns.*8:00.*20:00/i);
    assert.match((await rows.nth(6).innerText()).replace(/\s+/g, ' '), /diumenge Tancat/i);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('follows the page language', async () => {
    const { page, errors } = await open(browser, `${site.url}/es`);
    await page.locator('office-hours').getByRole('heading', { name: 'Horario de atención' }).waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('tolerates the bundle loaded twice', async () => {
    const { page, errors } = await open(browser, `${site.url}/twice`);
    await page.locator('office-hours').getByRole('heading', { name: 'Horari d’atenció' }).waitFor();
    await page.locator('office-hours table').waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('fetches only the elements the page shows, compressed, and one added later when it appears', async () => {
    const { page, errors } = await open(browser, 'about:blank');
    const scripts: { url: string; encoding: string | undefined }[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push({ url: response.url(), encoding: response.headers()['content-encoding'] });
    });
    await page.goto(`${site.url}/`);
    await page.locator('office-hours table').waitFor();
    const names = () => scripts.map(({ url }) => new URL(url).pathname);
    assert.ok(names().some((name) => /\/chunks\/office-hours-/.test(name)), names().join(' '));
    assert.ok(!names().some((name) => /call-me-form|video-appointment|doc-upload|satisfaction-survey|screen-help|activity-panel/.test(name)), names().join(' '));
    assert.equal(await page.evaluate(() => customElements.get('call-me-form')), undefined);
    for (const { url, encoding } of scripts) assert.ok(encoding === 'br' || encoding === 'gzip', `${url} came ${encoding ?? 'uncompressed'}`);

    // A CMS that renders on the client adds an element after the script ran.
    await page.evaluate(() => document.querySelector('finestreta-config')!.append(document.createElement('call-me-form')));
    await page.locator('call-me-form').getByRole('button', { name: 'Demana la trucada' }).waitFor();
    assert.ok(names().some((name) => /\/chunks\/call-me-form-/.test(name)));
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('on an origin the council does not allow, fires FIN_ERR_ORIGIN_FORBIDDEN, names the origin to allow, and tells the citizen neutrally', async () => {
    const { page, errors, told } = await open(browser, `${foreign.url}/`);
    const alert = page.locator('office-hours [role="alert"]');
    await alert.waitFor();
    assert.equal(await alert.innerText(), 'Aquest servei no està disponible en aquesta pàgina ara mateix.');
    const fired = await finErrors(page);
    assert.deepEqual(fired.map((e) => e.code), ['FIN_ERR_ORIGIN_FORBIDDEN']);
    assert.equal(told.length, 1);
    assert.match(told[0]!, new RegExp(`council="demo" at api="${server.url}" does not allow .* Add "${foreign.url}" to that council's allowedOrigins`));
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('naming a council the server does not have, fires FIN_ERR_COUNCIL_NOT_FOUND and says which attribute to fix', async () => {
    const { page, errors, told } = await open(browser, `${site.url}/vilademo`);
    const alert = page.locator('office-hours [role="alert"]');
    await alert.waitFor();
    assert.equal(await alert.innerText(), 'Aquest servei no està disponible en aquesta pàgina ara mateix.');
    assert.deepEqual((await finErrors(page)).map((e) => e.code), ['FIN_ERR_COUNCIL_NOT_FOUND']);
    assert.equal(told.length, 1);
    assert.match(told[0]!, new RegExp(`api="${server.url}" has no council "vilademo"\\. Fix the council="…" attribute`));
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("works with the README's snippet for npm start pasted into a page of another origin", async () => {
    const { page, errors, told } = await open(browser, `${site.url}/readme`);
    const hours = page.locator('office-hours');
    await hours.getByRole('heading', { name: 'Horari d’atenció' }).waitFor();
    assert.equal(await hours.locator('table tbody tr').count(), 7);
    const form = page.locator('call-me-form');
    await form.getByRole('heading', { name: 'Demaneu que us truquem' }).waitFor();
    await form.getByRole('button', { name: 'Demana la trucada' }).waitFor();
    assert.deepEqual(await finErrors(page), []);
    assert.deepEqual(told, []);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('the demo council site', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    server = await startServer({ DEMO: 'true' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('embeds the widgets, and they follow the language switch', async () => {
    const { page, errors } = await open(browser, `${server.url}/`);
    assert.equal(await page.getAttribute('html', 'lang'), 'ca');
    await page.locator('office-hours').getByRole('heading', { name: 'Horari d’atenció' }).waitFor();
    await page.getByRole('link', { name: 'Español' }).click();
    await page.waitForURL(/lang=es/);
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    await page.locator('office-hours').getByRole('heading', { name: 'Horario de atención' }).waitFor();
    await page.getByRole('link', { name: 'English' }).click();
    await page.locator('office-hours').getByRole('heading', { name: 'Opening hours' }).waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });
});
