/**
 * Every story of the built Storybook, rendered in Chromium: it must render without an error and
 * pass axe's WCAG 2.1 A/AA rules (shadow DOM included).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../e2e/support/browser.ts';
import { AXE_TAGS, AxeAudit, axeRun } from '../e2e/support/axe-report.ts';
import { serveStatic, type StaticServer } from '../e2e/support/static-server.ts';

const dir = join(import.meta.dirname, '..', 'storybook-static');
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as {
  entries: Record<string, { id: string; title: string; name: string; type: string }>;
};
type Story = (typeof index.entries)[string];
const stories = Object.values(index.entries).filter((e) => e.type === 'story');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** axe is loaded by address, not as inline text, so that Chromium compiles it once and reuses the code on every page. */
const AXE_PATH = '/__axe.min.js';

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
async function takeContext(): Promise<BrowserContext> {
  const context = idle.pop() ?? (await browser.newContext());
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: server.url, storageTypes: 'indexeddb,local_storage,websql,service_workers,cache_storage' });
  await cdp.detach();
  await page.close();
  return context;
}

/** What axe checked and found, for the release's report (FIN_AXE_REPORT). */
const audit = new AxeAudit('story');

before(async () => {
  server = await serveStatic({ dir, cacheSeconds: 3600, pages: { [AXE_PATH]: axeSource } });
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
 * The procedure's views are shown in each of the three languages (their `lang` arg); every other
 * story once, in the language it is written in.
 */
const IN_EVERY_LANGUAGE = new Set([
  'Call/fin-citizen-procedure',
  'Call/fin-citizen-receipt',
  'Citizen/screen-help',
  'Desk/fin-identity-panel',
  'Desk/Procedure forms',
  'Desk/fin-procedure-panel',
  'Desk/fin-case-receipt',
  'Desk/fin-evidence-export',
  'Desk/fin-demo-try',
  'Desk/fin-accessibility-feedback',
  'Desk/fin-desk-sessions',
  'Desk/fin-desk-screen-help',
  'Desk/fin-desk-incidents',
  'Desk/fin-data-protection',
  'Desk/fin-desk-agents',
]);
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

type Lang = 'ca' | 'es' | 'en';

/** How long a story may take to render and play: a deadline only, long because the sweep renders three stories at once on two cores. */
const RENDER_DEADLINE = 30_000;

/**
 * A story shown in another language: its `lang` arg is changed and the story mounted afresh, its
 * play function run again, on the page that already shows it. Storybook re-renders once for the
 * new arg, then remounts. Source text, for the reason `settled` gives.
 */
const inLanguage = (storyId: string, lang: Lang) => `new Promise((resolve) => {
  const channel = window.__STORYBOOK_ADDONS_CHANNEL__;
  let remounted = false;
  const phaseChanged = ({ storyId, newPhase }) => {
    if (storyId !== ${JSON.stringify(storyId)} || !['finished', 'errored', 'aborted'].includes(newPhase)) return;
    if (!remounted) {
      remounted = true;
      channel.emit('forceRemount', { storyId });
      return;
    }
    channel.off('storyRenderPhaseChanged', phaseChanged);
    resolve(newPhase);
  };
  channel.on('storyRenderPhaseChanged', phaseChanged);
  setTimeout(() => resolve('still rendering after ${RENDER_DEADLINE} ms'), ${RENDER_DEADLINE});
  channel.emit('updateStoryArgs', { storyId: ${JSON.stringify(storyId)}, updatedArgs: { lang: ${JSON.stringify(lang)} } });
})`;

/** The phase of the story's render once it has ended: rendered, and its play function (which brings the widget into the state shown) finished. */
async function loaded(page: Page, story: Story, lang?: Lang): Promise<string> {
  await page.goto(`${server.url}/iframe.html?id=${story.id}&viewMode=story${lang ? `&args=lang:${lang}` : ''}`);
  const phase = await page.waitForFunction(() => {
    const preview = (window as unknown as { __STORYBOOK_PREVIEW__?: { currentRender?: { phase?: string } } }).__STORYBOOK_PREVIEW__;
    const current = preview?.currentRender?.phase;
    return current === 'finished' || current === 'errored' || current === 'aborted' ? current : false;
  }, undefined, { timeout: RENDER_DEADLINE });
  await page.addScriptTag({ url: AXE_PATH });
  return (await phase.jsonValue()) as string;
}

/** Checks the story the page shows: it rendered without an error, in `lang` if given, and axe finds nothing. */
async function check(page: Page, story: Story, phase: string, errors: string[], lang?: Lang): Promise<void> {
  assert.equal(phase, 'finished', 'the story rendered and played without an error');
  if (lang) assert.equal(await page.evaluate(() => document.querySelector('#storybook-root [lang]')?.getAttribute('lang')), lang, `the story is shown in ${lang}`);
  await page.evaluate(settled);
  const shownError = await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay'));
  assert.equal(shownError, false, 'Storybook shows an error for this story');
  assert.deepEqual(errors.splice(0), []);
  const result = await page.evaluate(axeRun, ['#storybook-root', AXE_TAGS] as [string, string[]]);
  audit.add(story.id, lang, result);
  const violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.targets.join(', ')})`);
  assert.deepEqual(violations, []);
}

/** A page of its own context, and the errors it throws, for the tests of one story. */
async function openPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await takeContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

async function closePage({ context, page }: { context: BrowserContext; page: Page }): Promise<void> {
  await page.close();
  idle.push(context);
}

describe('every story', { concurrency: CONCURRENCY }, () => {
  for (const story of stories) {
    if (!IN_EVERY_LANGUAGE.has(story.title)) {
      test(`${story.title} › ${story.name} renders and passes axe`, async () => {
        const open = await openPage();
        try {
          await check(open.page, story, await loaded(open.page, story), open.errors);
        } finally {
          await closePage(open);
        }
      });
      continue;
    }
    // One page per story for its three languages: the first loads it, the others switch it.
    describe(`${story.title} › ${story.name}`, { concurrency: 1 }, () => {
      let open: Awaited<ReturnType<typeof openPage>> | undefined;
      let shown = false;
      after(async () => {
        if (open) await closePage(open);
      });
      for (const lang of ['ca', 'es', 'en'] as const) {
        test(`${story.title} › ${story.name} (${lang}) renders and passes axe`, async () => {
          open ??= await openPage();
          const phase = shown ? ((await open.page.evaluate(inLanguage(story.id, lang))) as string) : await loaded(open.page, story, lang);
          shown = true;
          await check(open.page, story, phase, open.errors, lang);
        });
      }
    });
  }
});
