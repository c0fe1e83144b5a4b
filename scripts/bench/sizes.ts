/**
 * First loads as issue 16 measures them: a page on another origin embeds one element with the
 * README's snippet; in Chromium, every script the page fetches until the element has rendered (and
 * the network has gone quiet), summed as gzip -9 of each file the build made, against the issue's
 * limit for that element. Run `npm run build -w @finestreta/widgets` first (`npm run bench` does).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { signIn } from '../../packages/server/test/helpers.ts';
import { launchChromium } from '../../e2e/support/browser.ts';
import { startServer, type RunningServer } from '../../e2e/support/server.ts';
import { serveStatic } from '../../e2e/support/static-server.ts';

const dist = join(import.meta.dirname, '../../packages/widgets/dist');
const KB = 1024;

/** The limits, gzip KB; the video appointment's is for its booking view. */
const LIMITS: Record<string, number> = {
  'office-hours': 10,
  'call-me-form': 20,
  'satisfaction-survey': 12,
  'activity-panel': 15,
  'doc-upload': 20,
  'video-appointment': 30,
};

/** The README's snippet for trying the widgets against a server, as a web team copies it. */
function readmeSnippet(): string {
  const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
  const snippet = /<!-- dev-snippet[^>]*-->\n```html\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!snippet) throw new Error('the README has no dev snippet');
  return snippet;
}

/** The snippet pointing at `api`, with `element` the only one inside its `<finestreta-config>`. */
function pageWith(snippet: string, api: string, element: string): string {
  const body = snippet.replaceAll('http://localhost:8080', api).replace(/(<finestreta-config[^>]*>)[\s\S]*?(<\/finestreta-config>)/, `$1\n  ${element}\n$2`);
  return `<!doctype html>\n<html lang="ca"><head><meta charset="utf-8"><title>Ajuntament</title></head><body><main>\n<h1>Atenció ciutadana</h1>\n${body}</main></body></html>`;
}

/** The personal link's token of an appointment booked through the public API, as the form books it. */
async function appointmentToken(server: RunningServer): Promise<string> {
  const { slots } = (await (await fetch(`${server.url}/api/councils/demo/appointments/slots?procedure=padro`)).json()) as { slots: { start: string }[] };
  const response = await fetch(`${server.url}/api/councils/demo/appointments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ procedure: 'padro', slot: slots[0]!.start, name: 'Jordi Vidal', email: 'jordi@example.cat', phone: '+34612345678', consent: true, language: 'ca', website: '' }),
  });
  if (response.status !== 201) throw new Error(`booking answered ${response.status}`);
  return new URL(((await response.json()) as { appointmentUrl: string }).appointmentUrl, server.url).searchParams.get('token')!;
}

/** The survey invitation's token of a callback the demo agent reached. */
async function surveyToken(server: RunningServer): Promise<string> {
  const booked = await server.app.inject({
    method: 'POST',
    url: '/api/councils/demo/callbacks',
    payload: { topic: 'online-help', slot: 'asap', name: 'Marta Soler', phone: '+34612345678', description: 'No puc signar la sol·licitud.', consent: true, language: 'ca', website: '' },
  });
  const { reference } = booked.json() as { reference: string };
  const { id } = await server.app.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
  const cookie = await signIn(server.app, 'agent@demo.finestreta.cat', 'finestreta-demo');
  const done = await server.app.inject({ method: 'POST', url: `/api/desk/callbacks/${id}/outcome`, headers: { cookie }, payload: { outcome: 'reached' } });
  if (done.statusCode !== 200) throw new Error(`the outcome answered ${done.statusCode}`);
  return new URL(done.json<{ surveyUrl: string }>().surveyUrl).searchParams.get('token')!;
}

/** The scripts a fresh page fetches until `tag` shows a heading and the network is quiet. */
async function scriptsFetched(browser: Browser, url: string, tag: string): Promise<string[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const scripts = new Set<string>();
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.add(request.url());
  });
  await page.goto(url);
  await page.locator(tag).getByRole('heading').first().waitFor({ timeout: 15_000 });
  await page.waitForLoadState('networkidle');
  await context.close();
  return [...scripts];
}

/** gzip -9 of the build's file behind a `/widgets/…` script URL. */
function gzipOf(url: string): number {
  const path = new URL(url).pathname;
  if (!path.startsWith('/widgets/')) throw new Error(`a script from outside the widgets: ${url}`);
  return gzipSync(readFileSync(join(dist, path.slice('/widgets/'.length))), { level: 9 }).length;
}

if (!existsSync(join(dist, 'finestreta.js'))) throw new Error('build the widgets first: npm run build -w @finestreta/widgets');

const server = await startServer();
const browser = await launchChromium();
const snippet = readmeSnippet();
try {
  const elements: Record<string, string> = {
    'office-hours': '<office-hours></office-hours>',
    'call-me-form': '<call-me-form></call-me-form>',
    'satisfaction-survey': `<satisfaction-survey token="${await surveyToken(server)}"></satisfaction-survey>`,
    'activity-panel': '<activity-panel></activity-panel>',
    'doc-upload': `<doc-upload token="${await appointmentToken(server)}"></doc-upload>`,
    'video-appointment': '<video-appointment></video-appointment>',
  };
  // Another origin than the server's, as a council's site is.
  const site = await serveStatic({ host: 'localhost', pages: Object.fromEntries(Object.entries(elements).map(([tag, element]) => [`/${tag}.html`, pageWith(snippet, server.url, element)])) });
  console.log('First load through the README snippet, from another origin, until the element has rendered (gzip -9 of every script fetched)');
  console.log(`${'element'.padEnd(22)} ${'scripts'.padStart(7)} ${'gzip'.padStart(9)} ${'limit'.padStart(8)} ${'ratio'.padStart(6)}`);
  let failed = 0;
  try {
    for (const tag of Object.keys(elements)) {
      const scripts = await scriptsFetched(browser, `${site.url}/${tag}.html`, tag);
      const gzip = scripts.map(gzipOf).reduce((a, b) => a + b, 0);
      const limit = LIMITS[tag]! * KB;
      if (gzip > limit) failed++;
      console.log(`<${tag}>`.padEnd(22), String(scripts.length).padStart(7), `${(gzip / KB).toFixed(1)} KB`.padStart(9), `${LIMITS[tag]} KB`.padStart(8), `${(gzip / limit).toFixed(2)}×`.padStart(6), gzip > limit ? ' FAIL' : ' pass');
    }
  } finally {
    await site.close();
  }
  console.log(failed ? `${failed} element(s) over the issue's limit` : 'every element within the issue’s limit');
} finally {
  await browser.close();
  await server.close();
}
