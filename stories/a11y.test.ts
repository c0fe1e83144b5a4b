/**
 * Every story of the built Storybook, rendered in Chromium: it must render without an error and
 * pass axe's WCAG 2.1 A/AA rules (shadow DOM included).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../e2e/support/browser.ts';
import { AXE_TAGS, AxeAudit, axeRun } from '../e2e/support/axe-report.ts';
import { serveStatic, type StaticServer } from '../e2e/support/static-server.ts';

const dir = join(import.meta.dirname, '..', 'storybook-static');
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as {
  entries: Record<string, { id: string; title: string; name: string; type: string }>;
};
const stories = Object.values(index.entries).filter((e) => e.type === 'story');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: StaticServer;
let browser: Browser;

/**
 * Stories run a few at a time, each in a browser context of its own while it runs. A context
 * goes back to the pool after its story, so the next story's page finds Storybook's scripts in
 * the context's cache, already compiled: loading them is most of a story's time. What a story
 * stored (IndexedDB outboxes, recovered uploads) is cleared before the next one starts.
 */
const CONCURRENCY = 3;
const idle: BrowserContext[] = [];
async function withContext<T>(use: (context: BrowserContext) => Promise<T>): Promise<T> {
  const context = idle.pop() ?? (await browser.newContext());
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin: server.url, storageTypes: 'indexeddb,local_storage,websql,service_workers,cache_storage' });
    await cdp.detach();
    await page.close();
    return await use(context);
  } finally {
    idle.push(context);
  }
}

/** What axe checked and found, for the release's report (FIN_AXE_REPORT). */
const audit = new AxeAudit('story');

before(async () => {
  server = await serveStatic({ dir, cacheSeconds: 3600 });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
  audit.write();
});

test('the Storybook has stories', () => {
  assert.ok(stories.length > 0);
});

/**
 * The procedure's views are shown in each of the three languages (their `lang` arg set from the
 * URL); every other story once, in the language it is written in.
 */
const IN_EVERY_LANGUAGE = new Set([
  'Call/fin-citizen-procedure',
  'Call/fin-citizen-receipt',
  'Desk/fin-identity-panel',
  'Desk/Procedure forms',
  'Desk/fin-procedure-panel',
  'Desk/fin-case-receipt',
  'Desk/fin-evidence-export',
  'Desk/fin-demo-try',
  'Desk/fin-accessibility-feedback',
  'Desk/fin-desk-sessions',
  'Desk/fin-desk-incidents',
  'Desk/fin-data-protection',
  'Desk/fin-desk-agents',
]);
const runs: Array<{ story: (typeof stories)[number]; lang?: 'ca' | 'es' | 'en' }> = stories.flatMap((story) =>
  IN_EVERY_LANGUAGE.has(story.title) ? (['ca', 'es', 'en'] as const).map((lang) => ({ story, lang })) : [{ story }],
);

/**
 * Resolves once the story's elements are at rest: no Lit element in the story (shadow roots
 * included) has an update pending across two turns of the event loop, so that the stubbed
 * requests they made on their first render have answered and been rendered. Source text, as
 * the TypeScript loader would wrap a function's inner functions in a helper the page lacks.
 */
const settled = `(async () => {
  const all = (root) => [...root.querySelectorAll('*')].flatMap((element) => [element, ...(element.shadowRoot ? all(element.shadowRoot) : [])]);
  let quiet = 0;
  while (quiet < 2) {
    await new Promise((resolve) => setTimeout(resolve));
    const pending = all(document.querySelector('#storybook-root')).filter((element) => element.isUpdatePending);
    quiet = pending.length ? 0 : quiet + 1;
    await Promise.all(pending.map((element) => element.updateComplete));
  }
})()`;

describe('every story', { concurrency: CONCURRENCY }, () => {
  for (const { story, lang } of runs) {
    test(`${story.title} › ${story.name}${lang ? ` (${lang})` : ''} renders and passes axe`, () => withContext(async (context) => {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await page.goto(`${server.url}/iframe.html?id=${story.id}&viewMode=story${lang ? `&args=lang:${lang}` : ''}`);
        // Rendered, and its play function (which brings the widget into the state shown) finished.
        const phase = await page.waitForFunction(() => {
          const preview = (window as unknown as { __STORYBOOK_PREVIEW__?: { currentRender?: { phase?: string } } }).__STORYBOOK_PREVIEW__;
          const current = preview?.currentRender?.phase;
          return current === 'finished' || current === 'errored' || current === 'aborted' ? current : false;
        }, undefined, { timeout: 15_000 });
        assert.equal(await phase.jsonValue(), 'finished', 'the story rendered and played without an error');
        if (lang) assert.equal(await page.evaluate(() => document.querySelector('#storybook-root [lang]')?.getAttribute('lang')), lang, `the story is shown in ${lang}`);
        await page.evaluate(settled);
        const shownError = await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay'));
        assert.equal(shownError, false, 'Storybook shows an error for this story');
        assert.deepEqual(errors, []);
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(axeRun, ['#storybook-root', AXE_TAGS] as [string, string[]]);
        audit.add(story.id, lang, result);
        const violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.targets.join(', ')})`);
        assert.deepEqual(violations, []);
      } finally {
        await page.close();
      }
    }));
  }
});
