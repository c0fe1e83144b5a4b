/**
 * Documents end to end, in Chromium against the real server: from an appointment's personal link
 * the citizen sends a PDF and a photo (shrunk in the browser), sees the expected documents update,
 * loses the connection in the middle of a large file and sees it go on from where it stopped,
 * reloads in the middle of another and sees it go on without choosing it again, and is refused a
 * renamed program and an oversize file; the agent previews the documents in the desk, rejects one
 * with a reason, and the citizen reads that reason; an upload-only link made in the desk takes
 * files for the same case.
 */
import { createHash } from 'node:crypto';
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page, Request } from 'playwright-core';
import sharp from 'sharp';
import { launchChromium } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { signInToDesk } from './support/desk.ts';

const MB = 1024 * 1024;
const CHUNK = 5 * MB;

/** A PDF of `size` bytes: a real header and trailer around a comment that pads it out. */
function pdf(size: number, seed = 'x'): Buffer {
  const head = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%');
  const tail = Buffer.from('\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const padding = Buffer.alloc(size - head.length - tail.length, seed);
  return Buffer.concat([head, padding, tail]);
}

const sha256 = (buffer: Buffer) => createHash('sha256').update(buffer).digest('hex');

interface Booked {
  reference: string;
  url: string;
}

/** Books a "padró" appointment at the first free time through the public API, as the booking form does. */
async function book(server: RunningServer): Promise<Booked> {
  const slots = (await (await fetch(`${server.url}/api/councils/demo/appointments/slots?procedure=padro`)).json()) as { slots: { start: string }[] };
  const response = await fetch(`${server.url}/api/councils/demo/appointments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      procedure: 'padro',
      slot: slots.slots[0]!.start,
      name: 'Jordi Vidal',
      email: 'jordi@example.cat',
      phone: '+34612345678',
      consent: true,
      language: 'ca',
      website: '',
    }),
  });
  assert.equal(response.status, 201);
  const created = (await response.json()) as { reference: string; appointmentUrl: string };
  return { reference: created.reference, url: new URL(created.appointmentUrl, server.url).toString() };
}

/** The tus PATCH requests a page sends, with the offset each starts at. */
function watchPatches(page: Page): number[] {
  const offsets: number[] = [];
  page.on('request', (request: Request) => {
    if (request.method() === 'PATCH' && request.url().includes('/uploads/')) offsets.push(Number(request.headers()['upload-offset']));
  });
  return offsets;
}

async function progressOf(upload: Locator, name: string): Promise<number> {
  return upload.getByRole('progressbar', { name: `S’està enviant ${name}` }).evaluate((bar: HTMLProgressElement) => bar.value / bar.max);
}

describe('documents for a video appointment', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let citizen: Page;
  let upload: Locator;
  let appointment: Booked;
  const errors: string[] = [];
  const large = pdf(9 * MB, 'a');
  const larger = pdf(9 * MB, 'b');

  before(async () => {
    server = await startServer({ DEMO: 'true' });
    browser = await launchChromium();
    appointment = await book(server);
    context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    citizen = await context.newPage();
    citizen.on('pageerror', (e) => errors.push(e.message));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sends a PDF and a photo from the personal link: progress reaches 100 % and the expected documents update', async () => {
    await citizen.goto(appointment.url);
    upload = citizen.locator('video-appointment doc-upload');
    await upload.getByRole('heading', { name: 'Els vostres documents' }).waitFor();
    const expected = upload.locator('[part~="expected"]');
    await expected.filter({ hasText: 'DNI o NIE' }).getByText('Falta').waitFor();
    await citizen.evaluate(() => {
      const w = window as unknown as { completed: unknown[] };
      w.completed = [];
      document.addEventListener('fin-upload-complete', (e) => w.completed.push((e as CustomEvent).detail));
    });

    await upload.getByLabel('Quin document és?').selectOption({ label: 'DNI o NIE' });
    await upload.getByLabel('Tria fitxers').setInputFiles({ name: 'dni.pdf', mimeType: 'application/pdf', buffer: pdf(200 * 1024) });
    await upload.locator('[part~="file-done"]').filter({ hasText: 'dni.pdf' }).waitFor();
    assert.equal(await progressOf(upload, 'dni.pdf'), 1);
    await expected.filter({ hasText: 'DNI o NIE' }).getByText('Rebut').waitFor();

    // A 12-megapixel photo, as a phone takes it: the browser sends it at 2400 px, as JPEG.
    const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 40, g: 90, b: 160 } } })
      .jpeg({ quality: 95 })
      .toBuffer();
    await upload.getByLabel('Quin document és?').selectOption({ label: 'Contracte de lloguer o escriptura de l\'habitatge' });
    await upload.getByLabel('Tria fitxers').setInputFiles({ name: 'contracte.jpg', mimeType: 'image/jpeg', buffer: photo });
    await upload.locator('[part~="file-done"]').filter({ hasText: 'contracte.jpg' }).waitFor();
    assert.equal(await progressOf(upload, 'contracte.jpg'), 1);
    await expected.filter({ hasText: 'Contracte de lloguer' }).getByText('Rebut').waitFor();
    await upload.locator('[part~="document"]').filter({ hasText: 'contracte.jpg' }).waitFor();

    const completed = await citizen.evaluate(() => (window as unknown as { completed: { fileName: string; expected: string; documentId: string }[] }).completed);
    assert.deepEqual(
      completed.map((c) => [c.fileName, c.expected, typeof c.documentId]),
      [
        ['dni.pdf', 'dni', 'string'],
        ['contracte.jpg', 'habitatge', 'string'],
      ],
    );
    assert.deepEqual(errors, []);
  });

  it('refuses a renamed program and an oversize file before sending, saying why', async () => {
    const program = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4094, 0x90)]);
    await upload.getByLabel('Tria fitxers').setInputFiles({ name: 'factura.pdf', mimeType: 'application/pdf', buffer: program });
    await upload.getByText('«factura.pdf» no és un fitxer PDF, JPEG o PNG.').waitFor();
    await upload.getByLabel('Tria fitxers').setInputFiles({ name: 'gran.pdf', mimeType: 'application/pdf', buffer: pdf(11 * MB) });
    await upload.getByText('«gran.pdf» fa 11 MB; un fitxer pot fer fins a 10 MB.').waitFor();
    const names = await upload.locator('[part~="document-name"]').allInnerTexts();
    assert.deepEqual(names.sort(), ['contracte.jpg', 'dni.pdf']);
  });

  it('loses the connection in the middle of a large file and goes on from where it stopped', async () => {
    const offsets = watchPatches(citizen);
    let dropped = false;
    await citizen.route('**/api/councils/demo/uploads/*', async (route) => {
      const request = route.request();
      if (request.method() === 'PATCH' && Number(request.headers()['upload-offset']) > 0 && !dropped) {
        dropped = true;
        await context.setOffline(true);
        await route.abort('internetdisconnected');
        return;
      }
      await route.continue();
    });
    await upload.getByLabel('Quin document és?').selectOption({ label: 'Un altre document' });
    await upload.getByLabel('Tria fitxers').setInputFiles({ name: 'annex.pdf', mimeType: 'application/pdf', buffer: large });
    await upload.getByText('No hi ha connexió: l’enviament continuarà sol quan torni la connexió.').waitFor();
    const stopped = await progressOf(upload, 'annex.pdf');
    assert.ok(stopped >= CHUNK / large.length && stopped < 1, `the first chunk stays sent (${stopped})`);

    await context.setOffline(false);
    await upload.locator('[part~="file-done"]').filter({ hasText: 'annex.pdf' }).waitFor({ timeout: 20_000 });
    assert.equal(await progressOf(upload, 'annex.pdf'), 1);
    await citizen.unrouteAll({ behavior: 'ignoreErrors' });
    // The first chunk went once; only the chunk cut off went again, from its own start.
    assert.deepEqual(offsets, [0, CHUNK, CHUNK]);
    await upload.locator('[part~="document"]').filter({ hasText: 'annex.pdf' }).waitFor();
  });

  it('goes on after a reload in the middle of a file, without choosing it again', async () => {
    let resolveHeld: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (resolveHeld = resolve));
    let holding = true;
    await citizen.route('**/api/councils/demo/uploads/*', async (route) => {
      const request = route.request();
      if (request.method() === 'PATCH' && Number(request.headers()['upload-offset']) > 0 && holding) {
        holding = false;
        // The second chunk never reaches the server: the page is reloaded while it is held here.
        resolveHeld();
        return;
      }
      await route.continue();
    });
    await upload.getByLabel('Tria fitxers').setInputFiles({ name: 'escriptura.pdf', mimeType: 'application/pdf', buffer: larger });
    await held;

    const offsets = watchPatches(citizen);
    await citizen.reload();
    await citizen.unrouteAll({ behavior: 'ignoreErrors' });
    upload = citizen.locator('video-appointment doc-upload');
    await upload.locator('[part~="file"]').filter({ hasText: 'escriptura.pdf' }).waitFor();
    await upload.locator('[part~="file-done"]').filter({ hasText: 'escriptura.pdf' }).waitFor({ timeout: 20_000 });
    assert.deepEqual(offsets, [CHUNK], 'after the reload only the missing chunk is sent');
    await upload.locator('[part~="document"]').filter({ hasText: 'escriptura.pdf' }).waitFor();
    assert.deepEqual(errors, []);
  });

  it('lets the agent preview the documents and reject one with a reason, which the citizen then reads', async () => {
    const agent = await browser.newPage();
    const desk = await signInToDesk(agent, server.url);
    await desk.getByRole('tab', { name: 'Cites' }).click();
    await desk.getByRole('button', { name: `Obre ${appointment.reference}` }).first().click();
    const panel = desk.locator('fin-case-documents');
    await panel.getByRole('heading', { name: 'Documents previstos' }).waitFor();
    const files = panel.locator('[part~="document"]');
    await files.filter({ hasText: 'escriptura.pdf' }).waitFor();
    assert.equal(await files.count(), 4);

    // What was sent is what is kept: the resumed upload arrived whole.
    const annex = files.filter({ hasText: 'annex.pdf' });
    assert.equal((await annex.locator('[part~="hash"] code').innerText()).trim(), sha256(large));
    assert.equal((await files.filter({ hasText: 'escriptura.pdf' }).locator('[part~="hash"] code').innerText()).trim(), sha256(larger));

    await panel.getByRole('button', { name: 'Previsualitza contracte.jpg' }).click();
    const image = panel.getByRole('img', { name: 'Previsualització de contracte.jpg' });
    await image.waitFor();
    await agent.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await image.elementHandle());
    assert.deepEqual(await image.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]), [2400, 1800]);

    await panel.getByRole('button', { name: 'Previsualitza dni.pdf' }).click();
    const frame = panel.locator('iframe[title="Previsualització de dni.pdf"]');
    await frame.waitFor();
    const content = await agent.request.get(new URL((await frame.getAttribute('src'))!, server.url).toString());
    assert.equal(content.status(), 200);
    assert.equal(content.headers()['content-type'], 'application/pdf');

    await panel.getByRole('button', { name: 'Rebutja dni.pdf' }).click();
    await panel.getByRole('button', { name: 'Rebutja el document' }).click();
    await panel.getByText('Expliqueu per què es rebutja el document.').waitFor();
    await panel.getByLabel('Per què es rebutja? El ciutadà ho llegirà.').fill('El DNI està caducat');
    await panel.getByRole('button', { name: 'Rebutja el document' }).click();
    await files.filter({ hasText: 'dni.pdf' }).getByText('Motiu: El DNI està caducat').waitFor();

    await citizen.reload();
    upload = citizen.locator('video-appointment doc-upload');
    const dni = upload.locator('[part~="expected"]').filter({ hasText: 'DNI o NIE' });
    await dni.getByText('Rebutjat').waitFor();
    await dni.getByText('Motiu: El DNI està caducat').waitFor();

    // A new DNI reaches the agent's open panel without a reload.
    await upload.getByLabel('Tria fitxers').setInputFiles({ name: 'dni-nou.pdf', mimeType: 'application/pdf', buffer: pdf(100 * 1024) });
    await files.filter({ hasText: 'dni-nou.pdf' }).waitFor({ timeout: 10_000 });
    await agent.close();
    assert.deepEqual(errors, []);
  });

  it('gives the citizen an upload-only link from the desk, whose page takes files for the same case until it is cancelled', async () => {
    const agent = await browser.newPage();
    const desk = await signInToDesk(agent, server.url);
    await desk.getByRole('tab', { name: 'Cites' }).click();
    await desk.getByRole('button', { name: `Obre ${appointment.reference}` }).first().click();
    const panel = desk.locator('fin-case-documents');
    await panel.getByRole('button', { name: 'Crea un enllaç per enviar documents' }).click();
    const url = await panel.getByLabel('Enllaç per al ciutadà').inputValue();
    assert.match(url, /\/documents\?council=demo&.*token=/);

    const other = await browser.newContext();
    const page = await other.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    const linkUpload = page.locator('doc-upload');
    await linkUpload.getByText(`Expedient ${appointment.reference}`).waitFor();
    await linkUpload.getByLabel('Tria fitxers').setInputFiles({ name: 'nomina.pdf', mimeType: 'application/pdf', buffer: pdf(50 * 1024) });
    await linkUpload.locator('[part~="document"]').filter({ hasText: 'nomina.pdf' }).waitFor();
    await panel.locator('[part~="document"]').filter({ hasText: 'nomina.pdf' }).waitFor({ timeout: 10_000 });

    // Once the citizen cancels the appointment, the same link shows what was sent and takes nothing more.
    const token = new URL(appointment.url).searchParams.get('token');
    const cancelled = await fetch(`${server.url}/api/councils/demo/appointments/mine/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    assert.equal(cancelled.status, 200);
    await page.reload();
    await linkUpload.getByText('Aquesta cita s’ha anul·lat, així que ja no admet més documents.', { exact: false }).waitFor();
    await linkUpload.locator('[part~="document"]').filter({ hasText: 'nomina.pdf' }).waitFor();
    assert.equal(await linkUpload.getByLabel('Tria fitxers').count(), 0, 'no file picker on a cancelled case');
    await other.close();
    await agent.close();
    assert.deepEqual(errors, []);
  });
});
