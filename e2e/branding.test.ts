/**
 * The council's identity in Chromium against the real server, under the pages' own CSP: the
 * banner's logo is served by the backend and drawn (`img-src 'self'` holds), the council's colour
 * reaches the page and the widgets, and nothing is refused on the way.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

const VILADEMO = 'rgb(155, 28, 49)';
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe("the council's identity on the server's pages", () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    server = await startServer();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The page with every console error and failed request it caused. */
  async function open(url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // The server has no favicon, and the desk asks who is signed in before anyone is (401).
    const expected = ['/favicon.ico', '/api/desk/me'];
    page.on('console', (message) => {
      if (message.type() === 'error' && !expected.some((path) => message.location().url.endsWith(path))) errors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('requestfailed', (request) => errors.push(`${request.url()}: ${request.failure()?.errorText}`));
    await page.goto(`${server.url}${url}`, { waitUntil: 'load' });
    return { page, errors };
  }

  for (const url of ['/cita?council=demo&lang=ca', '/verify?lang=es', '/desk?lang=en']) {
    it(`draws the council's logo and colour on ${url.split('?')[0]} with no console error`, async () => {
      const { page, errors } = await open(url);
      const logo = page.locator('header.council-header img');
      assert.equal(await logo.getAttribute('alt'), 'Ajuntament de Vilademo');
      assert.ok(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the logo was drawn');
      assert.match(await page.title(), / — Ajuntament de Vilademo$/);
      assert.equal(await page.locator('header.council-header').evaluate((header) => getComputedStyle(header).borderBottomColor), VILADEMO);
      assert.deepEqual(errors, []);
      await page.context().close();
    });
  }

  it('keeps every page with the banner free of axe violations (WCAG 2.1 A and AA)', async () => {
    // axe goes in as an inline script, which the pages' CSP forbids: this context bypasses it.
    const context = await browser.newContext({ bypassCSP: true });
    for (const url of ['/cita?council=demo&lang=ca', '/documents?council=demo&lang=es', '/survey?council=demo&token=x&lang=en', '/desk?lang=ca']) {
      const page = await context.newPage();
      await page.goto(`${server.url}${url}`, { waitUntil: 'load' });
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Array<{ id: string }> }> } }).axe;
        const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        return result.violations.map((violation) => violation.id);
      });
      assert.deepEqual(violations, [], url);
    }
    await context.close();
  });

  it("gives the widget on /cita the council's colour", async () => {
    const { page, errors } = await open('/cita?council=demo&lang=ca');
    // Without a token the element offers to book: its first button is in the accent colour.
    const button = page.locator('video-appointment button').first();
    await button.waitFor();
    assert.equal(await button.evaluate((element) => getComputedStyle(element).backgroundColor), VILADEMO);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
