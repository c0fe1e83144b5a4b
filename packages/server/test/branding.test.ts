import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { loadLogos, LOGO_MAX_BYTES } from '../src/modules/branding/logo.js';
import { CouncilsFileError, readCouncilsFile } from '../src/modules/councils/seed.js';
import { outbox } from './appointment-fixtures.js';
import { buildTestApp, createTestDatabase, TWO_COUNCILS_FILE, useTestApp, type TestDatabase } from './helpers.js';

// Monday 23 November 2026, 08:00 in Madrid.
const NOW = new Date('2026-11-23T07:00:00Z');
let keys = 0;

/** The two test councils, Alfa with a PNG logo and its own addresses, Beta with neither. */
async function brandedCouncils(dir: string, alpha: Record<string, unknown> = {}): Promise<string> {
  await mkdir(path.join(dir, 'logos'), { recursive: true });
  await sharp({ create: { width: 120, height: 60, channels: 3, background: '#005ea5' } }).png().toFile(path.join(dir, 'logos', 'alfa.png'));
  const [first, second] = JSON.parse(await readFile(TWO_COUNCILS_FILE, 'utf8'));
  first.branding = { primaryColor: '#005ea5', logo: 'logos/alfa.png' };
  first.mail = { from: 'oac@alpha.example', replyTo: 'atencio@alpha.example' };
  const file = path.join(dir, 'councils.json');
  await writeFile(file, JSON.stringify([{ ...first, ...alpha }, second]));
  return file;
}

/** The decoded HTML part of a raw message (nodemailer writes it quoted-printable or base64). */
function htmlOf(raw: string): string {
  const eml = raw.replace(/\r\n/g, '\n');
  const part = /Content-Type: text\/html[^\n]*\nContent-Transfer-Encoding: ([\w-]+)\n\n([\s\S]*?)\n--/.exec(eml);
  assert.ok(part, 'an HTML part');
  const [, encoding, body] = part;
  if (encoding === 'base64') return Buffer.from(body!, 'base64').toString('utf8');
  const bytes = body!.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/g, '%25'));
}

function bookCallback(app: FastifyInstance, council: string, topic: string, slot: string) {
  return app.inject({
    method: 'POST',
    url: `/api/councils/${council}/callbacks`,
    headers: { 'idempotency-key': `branding-${++keys}` },
    payload: { topic, slot, name: 'Marta Soler', phone: '612 345 678', email: 'marta@example.org', description: '', consent: true, language: 'ca', website: '' },
  });
}

describe("the council's identity", () => {
  describe('in the councils file', () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase();
    });
    after(() => database.drop());

    it('refuses at start a colour without 4.5:1 contrast with white, naming where it is', async () => {
      const file = await brandedCouncils(database.env.DATA_DIR!, { branding: { primaryColor: '#ffbf47' } });
      await assert.rejects(buildTestApp(database, { env: { COUNCILS_FILE: file } }), (error: Error) => {
        assert.ok(error instanceof CouncilsFileError);
        assert.match(error.message, /\/0\/branding\/primaryColor: #ffbf47 has a contrast of 1\.\d\d:1 with white, below the 4\.5:1/);
        return true;
      });
      // The darkest grey that still fails, and the lightest that passes.
      await writeFile(file, JSON.stringify([{ ...JSON.parse(await readFile(file, 'utf8'))[0], branding: { primaryColor: '#777777' } }]));
      await assert.rejects(readCouncilsFile(file), /primaryColor: #777777 has a contrast of 4\.48:1/);
      await writeFile(file, JSON.stringify([{ ...JSON.parse(await readFile(file, 'utf8'))[0], branding: { primaryColor: '#767676' } }]));
      assert.equal((await readCouncilsFile(file)).length, 1);
    });

    async function logoProblem(name: string, bytes: Buffer | string): Promise<string> {
      const dir = path.join(database.env.DATA_DIR!, 'bad-logos');
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, name), bytes);
      const file = await brandedCouncils(database.env.DATA_DIR!, { branding: { primaryColor: '#005ea5', logo: `bad-logos/${name}` } });
      const error = await loadLogos(file, await readCouncilsFile(file)).then(
        () => assert.fail('the logo was accepted'),
        (caught: Error) => caught,
      );
      assert.ok(error instanceof CouncilsFileError);
      return error.message;
    }

    it('refuses at start a logo that is not a PNG, JPEG, WebP or SVG image, whatever its name says', async () => {
      const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).gif().toBuffer();
      assert.match(await logoProblem('logo.gif', gif), /\/0\/branding\/logo: .*logo\.gif is not a PNG, JPEG, WebP or SVG image/);
      assert.match(await logoProblem('page.png', '<!doctype html><script>alert(1)</script>'), /page\.png is not a PNG, JPEG, WebP or SVG image/);
      assert.match(await logoProblem('empty.png', Buffer.alloc(0)), /empty\.png is not a PNG/);
    });

    it('refuses at start a logo file that is not there', async () => {
      const file = await brandedCouncils(database.env.DATA_DIR!, { branding: { primaryColor: '#005ea5', logo: 'logos/nowhere.svg' } });
      await assert.rejects(buildTestApp(database, { env: { COUNCILS_FILE: file } }), /\/0\/branding\/logo: cannot read .*logos\/nowhere\.svg \(ENOENT/);
    });

    it('refuses at start a logo too large to send with every email', async () => {
      const noise = await sharp(Buffer.from(Array.from({ length: 400 * 400 * 3 }, (_, i) => (i * 7919) % 251)), { raw: { width: 400, height: 400, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
      assert.ok(noise.length > LOGO_MAX_BYTES);
      assert.match(await logoProblem('huge.png', noise), new RegExp(`huge\\.png has ${noise.length} bytes; a logo may have ${LOGO_MAX_BYTES} at most`));
    });

    it('refuses at start an SVG logo that carries script', async () => {
      for (const svg of [
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"><rect width="10" height="10"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><a xlink:href="javascript:alert(1)"><rect width="10" height="10"/></a></svg>',
      ]) {
        assert.match(await logoProblem('active.svg', svg), /active\.svg has scripts, event handlers or embedded content/);
      }
    });
  });

  describe('on the demo council (an SVG logo, a Reply-To)', () => {
    const suite = useTestApp({ now: () => NOW });

    it('serves the logo as an inert image: its type, no sniffing, a sandboxing policy, cacheable', async () => {
      const response = await suite.app.inject('/api/councils/demo/logo');
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], 'image/svg+xml');
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      const csp = String(response.headers['content-security-policy']);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /(^|; )sandbox($|;)/);
      assert.doesNotMatch(csp, /script-src/);
      assert.equal(response.headers['cross-origin-resource-policy'], 'cross-origin');
      assert.match(String(response.headers['cache-control']), /^public, max-age=\d+$/);
      assert.ok(response.body.startsWith('<svg'));

      const again = await suite.app.inject({ url: '/api/councils/demo/logo', headers: { 'if-none-match': String(response.headers.etag) } });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, '');
    });

    it("gives the logo's address in the council's public profile", async () => {
      const { branding } = (await suite.app.inject('/api/councils/demo')).json();
      assert.deepEqual(branding, { primaryColor: '#9b1c31', logoUrl: 'http://localhost:80/api/councils/demo/logo' });
      assert.equal((await suite.app.inject('/api/councils/nowhere/logo')).json().code, 'FIN_ERR_COUNCIL_NOT_FOUND');
    });

    for (const [url, title] of [
      ['/cita?council=demo&lang=ca', 'La meva cita per videotrucada'],
      ['/ajuda-pantalla?council=demo&lang=ca', 'Ajuda amb la pantalla'],
      ['/documents?council=demo&lang=es', null],
      ['/survey?council=demo&token=nope&lang=en', null],
      ['/verify?council=demo&lang=ca', null],
      ['/desk?lang=en', 'OAC agent desk'],
      ['/callbacks/cancel?council=demo&token=nope', null],
    ] as const) {
      it(`shows the council's banner on ${url.split('?')[0]} and ends its title with the council's name`, async () => {
        const { body } = await suite.app.inject(url);
        assert.match(body, title ? new RegExp(`<title>${title} — Ajuntament de Vilademo</title>`) : /<title>[^<]+ — Ajuntament de Vilademo<\/title>/);
        assert.doesNotMatch(body, /Finestreta<\/title>/);
        assert.match(
          body,
          /<header class="council-header">.*<img class="council-header__logo" src="\/api\/councils\/demo\/logo" alt="Ajuntament de Vilademo" width="40" height="48"><span class="council-header__name" aria-hidden="true">Ajuntament de Vilademo<\/span>/,
        );
        assert.match(body, /<link rel="stylesheet" href="\/councils\/demo\/theme.css">/);
      });
    }

    it("gives the pages the council's colour, and a darker one for hovering", async () => {
      const response = await suite.app.inject('/councils/demo/theme.css');
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/css/);
      assert.match(response.body, /--site-primary: #9b1c31;/);
      assert.match(response.body, /--site-primary-dark: #6d1422;/);
      assert.equal((await suite.app.inject('/councils/nowhere/theme.css')).statusCode, 404);
    });

    it("sends email in the council's name, with its Reply-To and its logo inline at the top", async () => {
      assert.equal((await bookCallback(suite.app, 'demo', 'padro', '2026-11-24T09:00:00.000Z')).statusCode, 201);
      const [mail] = await outbox(suite.database);
      assert.ok(mail);
      const eml = mail.eml.replace(/\r\n/g, '\n');
      assert.match(eml, /^From: Ajuntament de Vilademo <no-reply@finestreta\.localhost>$/m);
      assert.match(eml, /^Reply-To: oac@vilademo\.example$/m);
      const html = htmlOf(mail.eml);
      assert.match(html, /<body>\n<div style="border-bottom:4px solid #9b1c31;[^"]*"><img src="cid:logo\.demo@finestreta" alt="Ajuntament de Vilademo" width="40" height="48"/);
      // The SVG goes as a PNG, which every mail client shows.
      const logo = /Content-Type: image\/png; name=logo\.png\nContent-ID: <logo\.demo@finestreta>\nContent-Transfer-Encoding: base64\nContent-Disposition: inline[^\n]*\n\n([A-Za-z0-9+/=\n]+)/.exec(eml);
      assert.ok(logo, 'the logo as an inline part');
      assert.deepEqual(await sharp(Buffer.from(logo[1]!, 'base64')).metadata().then(({ format, height }) => ({ format, height })), { format: 'png', height: 96 });
      assert.equal(mail.attachments, undefined, 'the logo is not listed among the attachments');
    });
  });

  describe('on a server of several councils', () => {
    const suite = useTestApp(async (database) => ({ env: { COUNCILS_FILE: await brandedCouncils(database.env.DATA_DIR!) }, now: () => NOW }));

    it('sends from the address the council gives, in its name', async () => {
      assert.equal((await bookCallback(suite.app, 'alpha', 'online-help', '2026-11-30T09:00:00.000Z')).statusCode, 201);
      const [mail] = await outbox(suite.database);
      assert.ok(mail);
      const eml = mail.eml.replace(/\r\n/g, '\n');
      assert.match(eml, /^From: "Ajuntament d'Alfa" <oac@alpha\.example>$/m);
      assert.match(eml, /^Reply-To: atencio@alpha\.example$/m);
      assert.match(htmlOf(mail.eml), /<img src="cid:logo\.alpha@finestreta" alt="Ajuntament d&#39;Alfa" width="96" height="48"/);
    });

    it('serves a PNG logo as it was given, and none for a council without one', async () => {
      const response = await suite.app.inject('/api/councils/alpha/logo');
      assert.equal(response.headers['content-type'], 'image/png');
      assert.deepEqual(response.rawPayload, await readFile(path.join(suite.database.env.DATA_DIR!, 'logos', 'alfa.png')));
      const none = await suite.app.inject('/api/councils/beta/logo');
      assert.equal(none.statusCode, 404);
      assert.equal(none.json().code, 'FIN_ERR_NOT_FOUND');
      assert.equal((await suite.app.inject('/api/councils/beta')).json().branding.logoUrl, null);
    });

    it("titles a page after the council its address names, and after no council when it names none", async () => {
      const beta = await suite.app.inject('/desk?council=beta&lang=ca');
      assert.match(beta.body, /<title>Escriptori de l’OAC — Ajuntament de Beta<\/title>/);
      assert.match(beta.body, /<header class="council-header"><div class="wrap council-header__inner"><span class="council-header__name">Ajuntament de Beta<\/span>/);
      const none = await suite.app.inject('/desk?lang=ca');
      assert.match(none.body, /<title>Escriptori de l’OAC — Finestreta<\/title>/);
      assert.doesNotMatch(none.body, /council-header/);
    });
  });
});
