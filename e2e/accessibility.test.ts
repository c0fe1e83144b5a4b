/**
 * The accessibility statement in Chromium against the real server: a person reads it in
 * Catalan, reports a barrier with the keyboard, is told the reference and the date the answer is
 * due, and the report reaches the desk, where an agent acknowledges it. Each of the server's
 * pages passes axe's WCAG 2.1 A and AA rules in each language; with FIN_AXE_REPORT set, what axe
 * checked goes into the release's report, which the statement reads.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { AXE_TAGS, AxeAudit, axeRun } from './support/axe-report.ts';
import { launchChromium } from './support/browser.ts';
import { signInToDesk } from './support/desk.ts';
import { startServer, type RunningServer } from './support/server.ts';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The server's own pages, as a citizen, an agent or a web team opens them. */
const PAGES = ['/', '/transparency', '/accessibility?council=demo', '/accessibility', '/desk', '/verify', '/survey?council=demo&token=unknown', '/bookings/confirm'];

describe('the accessibility statement', () => {
  let server: RunningServer;
  let browser: Browser;
  const errors: string[] = [];
  const audit = new AxeAudit('page');

  before(async () => {
    server = await startServer();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    audit.write();
    assert.deepEqual(errors, []);
  });

  /** A page in a new context; axe is injected as an inline script, which the pages' CSP forbids, so its runs bypass it. */
  async function open(url: string, forAxe = false): Promise<Page> {
    const page = await (await browser.newContext({ bypassCSP: forAxe })).newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    // A form sent with mistakes (400) and the pages for a link that opens nothing (401, 404) are answered
    // with their page and an error status, which Chromium reports as a failed resource.
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 40[014]/.test(message.text())) errors.push(message.text());
    });
    await page.goto(`${server.url}${url}`);
    return page;
  }

  for (const lang of ['ca', 'es', 'en']) {
    it(`has every server page pass axe in ${lang}`, async () => {
      for (const path of PAGES) {
        const url = `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
        const page = await open(url, true);
        await page.waitForLoadState('networkidle');
        await page.addScriptTag({ content: axeSource });
        const run = await page.evaluate(axeRun, ['html', AXE_TAGS] as [string, string[]]);
        audit.add(path, lang, run);
        assert.deepEqual(run.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.targets.join(', ')})`), [], url);
        await page.context().close();
      }
    });
  }

  it('takes a report typed with the keyboard, and the desk sees it and acknowledges it', async () => {
    const page = await open('/?lang=ca');
    await page.getByRole('link', { name: 'Declaració d’accessibilitat i formulari per comunicar barreres' }).click();
    await page.getByRole('heading', { level: 1, name: 'Declaració d’accessibilitat' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Situació de compliment' }).count(), 1);

    // Sent empty: the summary says what to fix, and its link leads to the field.
    await page.getByRole('button', { name: 'Envia' }).click();
    const summary = page.getByRole('alert');
    assert.match(await summary.innerText(), /Expliqueu quin problema heu trobat/);
    await summary.getByRole('link').first().click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'message');

    await page.keyboard.type('El calendari de la cita no es pot fer servir amb el teclat');
    await page.getByLabel('Correu electrònic (opcional)').fill('jordi@example.cat');
    await page.getByLabel('Correu electrònic (opcional)').press('Enter');
    await page.getByRole('heading', { name: 'Comunicació rebuda' }).waitFor();
    const status = await page.getByRole('status').innerText();
    const reference = /AC-[0-9A-F]{8}/.exec(status)?.[0];
    assert.ok(reference, status);
    assert.match(status, /Us respondrem abans del \d+ de \w+ del? \d{4}\./);
    await page.context().close();

    const agent = await (await browser.newContext()).newPage();
    agent.on('pageerror', (error) => errors.push(error.message));
    const desk = await signInToDesk(agent, server.url, 'ca');
    const reports = desk.locator('fin-accessibility-feedback');
    await reports.getByRole('heading', { name: `${reference} · Nova` }).waitFor();
    assert.equal(await reports.getByText('El calendari de la cita no es pot fer servir amb el teclat').count(), 1);
    await reports.getByRole('button', { name: `Marca ${reference} com a atesa` }).click();
    await reports.getByRole('heading', { name: `${reference} · Atesa` }).waitFor();
    assert.match(await reports.getByRole('status').innerText(), new RegExp(`${reference} marcada com a atesa`));
    await agent.context().close();
  });
});
