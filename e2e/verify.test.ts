/**
 * The verification page in Chromium against the real server: a person types the code printed on
 * a receipt with the keyboard alone, however they read it, sees what the document is and
 * downloads the original; a wrong code is explained by the field. Every state passes axe's WCAG
 * 2.1 A and AA rules in each language.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { procedureCase, signedCase } from '../packages/server/test/registry-fixtures.ts';
import { launchChromium } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  help: string;
  nodes: Array<{ target: unknown }>;
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  });
  return violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')})`);
}

describe('the verification page', () => {
  let server: RunningServer;
  let browser: Browser;
  let made: { printed: string; number: string; content: Buffer };
  const errors: string[] = [];

  before(async () => {
    server = await startServer();
    browser = await launchChromium();
    const { app } = server;
    const signed = await signedCase(app, 'demo');
    const issued = await app.registry.issueCode(await procedureCase(app, signed.id));
    const content = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2000), Buffer.from('\n%%EOF\n')]);
    await app.db.transaction().execute((trx) => app.registry.attach(trx, issued.code, content));
    made = { printed: issued.printed, number: issued.entry.number, content };
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    assert.deepEqual(errors, []);
  });

  /** A page in a new context; axe is injected as an inline script, which the page's CSP forbids, so its runs bypass it. */
  async function open(url: string, forAxe = false): Promise<Page> {
    const page = await (await browser.newContext({ acceptDownloads: true, bypassCSP: forAxe })).newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    // A code that finds nothing is a 404 page, which Chromium reports as a failed resource.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('status of 404')) errors.push(message.text());
    });
    await page.goto(`${server.url}${url}`);
    return page;
  }

  for (const lang of ['ca', 'es', 'en']) {
    it(`passes axe in ${lang}: the form, a wrong code and a document found`, async () => {
      for (const url of [`/verify?lang=${lang}`, `/verify?lang=${lang}&code=AAAAA-BBBBB`, `/verify/${made.printed}?lang=${lang}`]) {
        const page = await open(url, true);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        assert.deepEqual(await axeViolations(page), [], url);
        await page.context().close();
      }
    });
  }

  it('takes the code typed with the keyboard as it is read, shows the entry and downloads the original', async () => {
    const page = await open('/verify?lang=ca');
    const field = page.getByLabel('Codi segur de verificació (CSV)');
    // Tab through the language links to the field, as a keyboard user does.
    const focused = () => field.evaluate((element) => element === document.activeElement);
    for (let i = 0; i < 10 && !(await focused()); i++) await page.keyboard.press('Tab');
    assert.equal(await focused(), true, 'the field takes focus from the keyboard');
    await page.keyboard.type(made.printed.toLowerCase().replaceAll('-', ' ').replaceAll('0', 'o'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Document verificat' }).waitFor();
    assert.equal(await page.locator('dd', { hasText: made.number }).count(), 1);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Descarrega l’original/ }).click()]);
    assert.deepEqual(await readFile((await download.path())!), made.content);
    await page.context().close();
  });

  it('explains a wrong code by the field, and its message leads there', async () => {
    const wrong = made.printed.slice(0, -1) + (made.printed.endsWith('X') ? 'Y' : 'X');
    const page = await open(`/verify?lang=en&code=${wrong}`);
    assert.match(await page.title(), /^Error: /);
    const summary = page.getByRole('alert');
    assert.match(await summary.innerText(), /No document has this verification code/);
    await summary.getByRole('link').click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'code');
    assert.equal(await page.getByLabel('Secure verification code (CSV)').getAttribute('aria-invalid'), 'true');
    await page.context().close();
  });
});
