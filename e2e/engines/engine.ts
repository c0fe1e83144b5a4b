import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Query } from './page-script.ts';

/** A browser as the smoke drives it, the same whatever the engine and its driver. */
export interface Engine {
  /** Opens an address in the one tab and waits for it to load. */
  goto(url: string): Promise<void>;
  /** The element a query finds right now, or null. */
  find(query: Query): Promise<unknown>;
  click(element: unknown): Promise<void>;
  type(element: unknown, text: string): Promise<void>;
  /** Runs a function's source in the page with one argument and returns its result. */
  evaluate<T>(source: string, argument?: unknown): Promise<T>;
  /** The console errors and uncaught exceptions since the last call. */
  takeErrors(): Promise<string[]>;
  /** A PNG of the window: element screenshots come out black in WebKitGTK. */
  screenshot(): Promise<Buffer>;
  close(): Promise<void>;
}

/** Generous: the smoke shares two cores with every other suite and engineer. */
const TIMEOUT = 30_000;

/**
 * Waits for a query to find an element, as a person waits for it to appear; on timeout the error
 * names the query and keeps a screenshot of the window to show what was there instead.
 */
export async function waitFor(engine: Engine, query: Query, timeout = TIMEOUT): Promise<unknown> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = await engine.find(query);
    if (found) return found;
    if (Date.now() > deadline) {
      const file = join(mkdtempSync(join(tmpdir(), 'fin-engine-')), 'window.png');
      writeFileSync(file, await engine.screenshot());
      throw new Error(`Nothing matched ${JSON.stringify(query)} within ${timeout} ms (the window then: ${file})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Does something with a query's element once it shows. An element re-rendered between being found
 * and being used is stale, so it is found again, as a person looks again, until the time is up.
 */
export async function withElement<T>(engine: Engine, query: Query, action: (element: unknown) => Promise<T>): Promise<T> {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const element = await waitFor(engine, query);
    try {
      return await action(element);
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

/** The text a query's element shows, once it shows. */
export const textOf = (engine: Engine, query: Query) =>
  withElement(engine, query, (element) => engine.evaluate<string>('(element) => element.textContent.replace(/\\s+/g, " ").trim()', element));
