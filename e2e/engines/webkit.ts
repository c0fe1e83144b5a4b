/**
 * WebKit as Debian ships it for automation: `WebKitWebDriver` (webkit2gtk-driver) starting
 * MiniBrowser, driven by selenium-webdriver. MiniBrowser has no headless mode, so it draws on a
 * private Xvfb display.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Builder, type WebDriver, type WebElement } from 'selenium-webdriver';
import { freePort } from '../support/server.ts';
import type { Engine } from './engine.ts';
import { LOCATE, type Query } from './page-script.ts';

const DRIVER = '/usr/bin/WebKitWebDriver';
const XVFB = '/usr/bin/Xvfb';
const MINIBROWSER = ['/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser'];

/** Why WebKit cannot run here, or undefined when it can. */
export function webkitMissing(): string | undefined {
  const missing = [DRIVER, XVFB].filter((path) => !existsSync(path));
  if (!MINIBROWSER.some(existsSync)) missing.push('MiniBrowser');
  return missing.length ? `missing ${missing.join(', ')} (scripts/setup.mjs installs Debian's webkit2gtk-driver and xvfb as root)` : undefined;
}

/**
 * WebDriver classic has no console events and this WebKitGTK no BiDi, so the page's own console
 * and error events are watched from a script run after each load. What fails while the page first
 * loads shows anyway: as an element that never renders.
 */
const WATCH_ERRORS = String.raw`
  if (!window.__finErrors) {
    const errors = (window.__finErrors = []);
    const consoleError = console.error.bind(console);
    console.error = (...args) => { errors.push('console.error: ' + args.map(String).join(' ')); consoleError(...args); };
    addEventListener('error', (event) => errors.push(event.error ? 'uncaught: ' + event.error : 'failed to load: ' + (event.target.src || event.target.href || event.message)), true);
    addEventListener('unhandledrejection', (event) => errors.push('unhandled rejection: ' + event.reason));
  }`;

/** Xvfb on a display it picks itself (`-displayfd`), so parallel runs do not collide. */
async function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  const xvfb = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  xvfb.stderr!.on('data', (chunk) => (stderr += chunk));
  const display = await new Promise<string>((resolve, reject) => {
    xvfb.stdio[3]!.on('data', (chunk) => resolve(`:${String(chunk).trim()}`));
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}: ${stderr}`)));
  });
  return { display, process: xvfb };
}

/** WebKitWebDriver on a free loopback port, ready once it accepts connections. */
async function startDriver(display: string): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  // Without a GPU, accelerated compositing renders every frame in software: a keystroke then took
  // 1.5 s under load, and the run 130 s instead of 40. Layout, scripts and Intl are the same either way.
  const env = { ...process.env, DISPLAY: display, WEBKIT_DISABLE_COMPOSITING_MODE: '1' };
  const driver = spawn(DRIVER, [`--port=${port}`, '--host=local'], { env, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ready = await fetch(`${url}/status`).then((response) => response.ok, () => false);
    if (ready) return { url, process: driver };
    if (driver.exitCode !== null || Date.now() > deadline) throw new Error(`WebKitWebDriver did not start (exit ${driver.exitCode})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function launchWebKit(): Promise<Engine> {
  const xvfb = await startXvfb();
  const service = await startDriver(xvfb.display);
  let driver: WebDriver;
  try {
    driver = await new Builder()
      .usingServer(service.url)
      .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER.find(existsSync), args: ['--automation'] } })
      .build();
    await driver.manage().window().setRect({ width: 1280, height: 900 });
  } catch (error) {
    service.process.kill();
    xvfb.process.kill();
    throw error;
  }
  let errors: string[] = [];
  /** The errors the current page has collected, kept before it is left. */
  const collect = async () => {
    errors.push(...((await driver.executeScript<string[] | null>('return window.__finErrors && window.__finErrors.splice(0)')) ?? []));
  };
  return {
    async goto(url) {
      await collect();
      await driver.get(url);
      await driver.executeScript(WATCH_ERRORS);
    },
    find: (query: Query) => driver.executeScript<WebElement | null>(`return (${LOCATE})(arguments[0])`, query),
    click: (element) => (element as WebElement).click(),
    type: (element, text) => (element as WebElement).sendKeys(text),
    evaluate: <T>(source: string, argument?: unknown) => driver.executeScript<T>(`return (${source})(arguments[0])`, argument),
    async takeErrors() {
      await collect();
      const taken = errors;
      errors = [];
      return taken;
    },
    screenshot: async () => Buffer.from(await driver.takeScreenshot(), 'base64'),
    async close() {
      await driver.quit().catch(() => undefined);
      service.process.kill();
      xvfb.process.kill();
    },
  };
}
