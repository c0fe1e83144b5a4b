import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureMediasoupWorker } from '../../scripts/mediasoup-worker.mjs';
import { startServer, type RunningServer } from './server.ts';

/**
 * The demo server with the built mediasoup worker and a master key of its own, for calls through
 * the widgets; `keyDir` holds the key that opens its recordings.
 */
export async function startCallServer(): Promise<RunningServer & { keyDir: string }> {
  const keyDir = mkdtempSync(join(tmpdir(), 'fin-e2e-call-'));
  // mediasoup reads the worker's path when it is first imported, as the server does.
  process.env.MEDIASOUP_WORKER_BIN ||= ensureMediasoupWorker();
  const server = await startServer({
    DEMO: 'true',
    MEDIASOUP_WORKER_BIN: process.env.MEDIASOUP_WORKER_BIN,
    MASTER_KEY_FILE: join(keyDir, 'master.key'),
    MEDIA_WORKERS: '1',
  });
  return {
    ...server,
    keyDir,
    async close() {
      await server.close();
      rmSync(keyDir, { recursive: true, force: true });
    },
  };
}

/** Books through the public API, then moves the appointment to start in five minutes, so its call is open now. */
export async function bookJoinableAppointment(server: RunningServer): Promise<{ id: string; reference: string; token: string }> {
  const slots = (await (await fetch(`${server.url}/api/councils/demo/appointments/slots?procedure=padro`)).json()) as { slots: Array<{ start: string }> };
  const response = await fetch(`${server.url}/api/councils/demo/appointments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), origin: server.url },
    body: JSON.stringify({
      procedure: 'padro',
      slot: slots.slots[0]!.start,
      name: 'Marta Soler',
      email: 'marta@example.org',
      phone: '+34612345678',
      consent: true,
      language: 'en',
      website: '',
    }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  const booked = (await response.json()) as { reference: string; token: string };
  const { id } = await server.app.db.selectFrom('cases').select('id').where('reference', '=', booked.reference).executeTakeFirstOrThrow();
  const start = new Date(server.app.now().getTime() + 5 * 60_000);
  await server.app.db
    .updateTable('appointments')
    .set({ slot_start: start.toISOString(), slot_end: new Date(start.getTime() + 30 * 60_000).toISOString() })
    .where('case_id', '=', id)
    .execute();
  return { id, ...booked };
}

/**
 * A page in a context of its own that may use the (fake) camera and microphone; the context is
 * added to `contexts` for the suite to close, and the page's errors to `errors`.
 */
export async function newMediaPage(
  browser: Browser,
  serverUrl: string,
  track: { contexts: BrowserContext[]; errors: string[] },
  viewport?: { width: number; height: number },
): Promise<Page> {
  const context = await browser.newContext(viewport ? { viewport } : {});
  track.contexts.push(context);
  await context.grantPermissions(['camera', 'microphone'], { origin: serverUrl });
  const page = await context.newPage();
  page.on('pageerror', (error) => track.errors.push(error.message));
  return page;
}
