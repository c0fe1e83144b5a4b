/** Firefox ESR (Debian's `firefox-esr`), headless, driven over WebDriver BiDi by puppeteer-core. */
import { existsSync } from 'node:fs';
import puppeteer, { type ElementHandle } from 'puppeteer-core';
import type { Engine } from './engine.ts';
import { LOCATE, type Query } from './page-script.ts';

export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

/** Why Firefox cannot run here, or undefined when it can. */
export const firefoxMissing = (): string | undefined => (existsSync(FIREFOX_PATH) ? undefined : `no Firefox at ${FIREFOX_PATH} (scripts/setup.mjs installs Debian's firefox-esr as root)`);

/** A page function from its source, compiled here rather than by tsx, which would add helpers the page lacks. */
const pageFunction = (source: string) => new Function(`return ${source}`)() as (...args: unknown[]) => unknown;
const locate = pageFunction(LOCATE);

export async function launchFirefox(): Promise<Engine> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    defaultViewport: { width: 1280, height: 900 },
  });
  const page = await browser.newPage();
  let errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error instanceof Error ? error.message : String(error)}`));
  return {
    async goto(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    async find(query: Query) {
      const handle = await page.evaluateHandle(locate, query);
      const element = handle.asElement();
      if (!element) await handle.dispose();
      return element;
    },
    click: (element) => (element as ElementHandle).click(),
    type: (element, text) => (element as ElementHandle).type(text),
    evaluate: <T>(source: string, argument?: unknown) => page.evaluate(pageFunction(source), argument) as Promise<T>,
    async takeErrors() {
      const taken = errors;
      errors = [];
      return taken;
    },
    screenshot: async () => Buffer.from(await page.screenshot({ type: 'png' })),
    close: () => browser.close(),
  };
}
