/**
 * A council's web team pastes the snippet into a page of its own site: that page, served from
 * another origin, loads /widgets/finestreta.js from the real server and the widget talks to the
 * server's API across origins.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { serveStatic, type StaticServer } from './support/static-server.ts';
import { startServer, type RunningServer } from './support/server.ts';

function councilPage(api: string, { lang = 'ca', scripts = 1 } = {}) {
  const tags = Array.from({ length: scripts }, (_, i) =>
    `<script type="module" src="${api}/widgets/finestreta.js${i ? `?copy=${i}` : ''}"></script>`).join('\n');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>Ajuntament</title>
<script>
  window.finErrors = [];
  document.addEventListener('fin-error', (e) => window.finErrors.push(e.detail));
</script>
${tags}
</head><body><main>
<h1>Atenció ciutadana</h1>
<finestreta-config api="${api}" council="demo">
  <office-hours></office-hours>
</finestreta-config>
</main></body></html>`;
}

/** Opens a page, collecting any exception that reaches the host page. */
async function open(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { page, errors };
}

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

  it('on an origin the council does not allow, shows a neutral message and fires fin-error without breaking the page', async () => {
    const { page, errors } = await open(browser, `${foreign.url}/`);
    await page.locator('office-hours [role="alert"]').waitFor();
    assert.match(await page.locator('office-hours [role="alert"]').innerText(), /no es pot mostrar|no es poden mostrar|ara mateix/i);
    const finErrors = await page.evaluate(() => (window as unknown as { finErrors: { code: string }[] }).finErrors);
    assert.ok(finErrors.length >= 1, 'fin-error was fired');
    assert.equal(finErrors[0].code, 'FIN_ERR_NETWORK');
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
