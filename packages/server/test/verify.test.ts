import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { codeHash, formatCode, newCode, normaliseCode, verificationUrl } from '../src/modules/registry/code.js';
import type { AppError } from '../src/shared/errors.js';
import { callsTestEnv } from './call-fixtures.js';
import { useTestApp } from './helpers.js';
import { madeReceipt, procedureCase, sha256, signedCase, standInPdf } from './registry-fixtures.js';

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/;

describe('verification codes', () => {
  it('are 25 characters of Crockford base32 in five groups, 125 random bits, all different', () => {
    const codes = Array.from({ length: 2000 }, newCode);
    assert.equal(new Set(codes).size, codes.length);
    for (const code of codes.slice(0, 50)) assert.match(formatCode(code), CROCKFORD);
    // Every character of the alphabet turns up in every position: nothing fixed to guess.
    for (let position = 0; position < 25; position++) assert.equal(new Set(codes.map((code) => code[position])).size, 32, `position ${position}`);
  });

  it('read the same however they are typed: case, spaces, dashes, O for 0, I and L for 1', () => {
    const code = '0123456789ABCDEFGHJKMNPQR';
    for (const typed of ['01234-56789-ABCDE-FGHJK-MNPQR', 'o1234 56789 abcde fghjk mnpqr', 'OI234–56789–ABCDE–FGHJK–MNPQR', '0l234567 89abcdefghjkmnpqr ']) {
      assert.equal(normaliseCode(typed), code, typed);
      assert.equal(codeHash(typed), codeHash(code), typed);
    }
  });

  it('are printed with the verification page’s address for the QR code', () => {
    assert.equal(verificationUrl('https://oac.example.cat', '0123456789ABCDEFGHJKMNPQR'), 'https://oac.example.cat/verify/01234-56789-ABCDE-FGHJK-MNPQR');
  });
});

describe('/verify', () => {
  const suite = useTestApp(async (database) => ({
    env: callsTestEnv(database),
    now: () => new Date('2026-12-06T17:39:18Z'),
    rateLimits: { verify: { max: 1000, timeWindow: 60_000 } },
  }));

  describe('the API, with the right code', () => {
    it('says what the document is, however the code is typed', async () => {
      const { app } = suite;
      const made = await madeReceipt(app);
      const expected = {
        code: made.printed,
        kind: 'receipt',
        council: { id: 'alpha', name: "Ajuntament d'Alfa" },
        entryNumber: made.entry.number,
        registeredAt: '2026-12-06T17:39:18.000Z',
        timeZone: 'Europe/Madrid',
        procedure: { id: 'padro', name: 'Alta al padró' },
        sha256: sha256(made.content),
        bytes: made.content.length,
        contentType: 'application/pdf',
        documentUrl: `/api/verify/${made.printed}/document`,
      };
      for (const typed of [made.printed, made.code.toLowerCase(), made.printed.replaceAll('-', ' '), made.code.replaceAll('0', 'O').replaceAll('1', 'l')]) {
        const answer = await app.inject(`/api/verify/${encodeURIComponent(typed)}`);
        assert.equal(answer.statusCode, 200, typed);
        assert.deepEqual(answer.json(), expected, typed);
      }
      assert.equal((await app.inject(`/api/verify/${made.printed}?lang=es`)).json().procedure.name, 'Alta en el padrón');
    });

    it('serves the original exactly as it was attached', async () => {
      const { app } = suite;
      const made = await madeReceipt(app);
      const answer = await app.inject(`/api/verify/${made.code.toLowerCase()}/document`);
      assert.equal(answer.statusCode, 200);
      assert.equal(answer.headers['content-type'], 'application/pdf');
      assert.match(String(answer.headers['content-disposition']), /^attachment; filename="receipt-\d{4}-\d{6}\.pdf"$/);
      assert.deepEqual(answer.rawPayload, made.content);
    });

    it('keeps the original sealed at rest, and a file altered on disk is not served', async () => {
      const { app } = suite;
      const made = await madeReceipt(app);
      const row = await app.db.selectFrom('verifiable_documents').selectAll().where('case_id', '=', made.caseId).executeTakeFirstOrThrow();
      const file = path.join(app.config.dataDir, row.file!);
      const stored = await readFile(file);
      assert.equal(stored.includes(made.content.subarray(0, 64)), false, 'the file on disk is not the plaintext');
      stored[stored.length - 20]! ^= 1;
      await writeFile(file, stored);
      const answer = await app.inject(`/api/verify/${made.printed}/document`);
      assert.equal(answer.statusCode, 500);
      assert.equal(answer.rawPayload.includes(made.content.subarray(0, 64)), false);
    });
  });

  describe('the API, with a code that finds nothing', () => {
    it('answers wrong, random and malformed codes alike: 404 and no hint', async () => {
      const { app } = suite;
      const made = await madeReceipt(app);
      const oneOff = made.code.slice(0, 24) + (made.code[24] === 'Z' ? 'Y' : 'Z');
      const attempts = [oneOff, newCode(), formatCode(newCode()), 'hello', 'x'.repeat(90), '%20', made.code.slice(0, 24), `${made.code}0`];
      const bodies = new Set<string>();
      for (const typed of attempts) {
        const answer = await app.inject(`/api/verify/${encodeURIComponent(typed)}`);
        assert.equal(answer.statusCode, 404, typed);
        assert.equal(answer.json().code, 'FIN_ERR_VERIFY_NOT_FOUND', typed);
        bodies.add(answer.body);
        assert.equal((await app.inject(`/api/verify/${encodeURIComponent(typed)}/document`)).statusCode, 404, typed);
      }
      assert.equal(bodies.size, 1, 'one answer for every code that finds nothing');
    });

    it('finds nothing with a code whose document was never made, or that was issued again', async () => {
      const { app } = suite;
      const signed = await signedCase(app, 'alpha');
      const found = await procedureCase(app, signed.id);
      const abandoned = await app.registry.issueCode(found);
      assert.equal((await app.inject(`/api/verify/${abandoned.printed}`)).statusCode, 404);
      const retried = await app.registry.issueCode(found);
      assert.equal(retried.entry.number, abandoned.entry.number, 'the retry keeps the entry number');
      await assert.rejects(
        app.db.transaction().execute((trx) => app.registry.attach(trx, abandoned.code, standInPdf())),
        (error: AppError) => error.code === 'FIN_ERR_CHANGED_MEANWHILE',
      );
      await app.db.transaction().execute((trx) => app.registry.attach(trx, retried.code, standInPdf()));
      assert.equal((await app.inject(`/api/verify/${abandoned.printed}`)).statusCode, 404);
      assert.equal((await app.inject(`/api/verify/${retried.printed}`)).statusCode, 200);
      await assert.rejects(app.registry.issueCode(found), (error: AppError) => error.code === 'FIN_ERR_RECEIPT_EXISTS');
      assert.equal((await app.registry.documentOf(signed.id))?.sha256, (await app.inject(`/api/verify/${retried.printed}`)).json().sha256);
    });

    it('stores no live code, only its hash', async () => {
      const { app } = suite;
      const made = await madeReceipt(app);
      const rows = JSON.stringify(await app.db.selectFrom('verifiable_documents').selectAll().execute());
      assert.equal(rows.includes(made.code), false);
      assert.equal(rows.includes(made.printed), false);
      assert.ok(rows.includes(codeHash(made.code)));
    });
  });

  describe('the page', () => {
    it('asks for the code with a labelled field, in the language asked for', async () => {
      const { app } = suite;
      for (const [lang, label] of [['ca', 'Codi segur de verificació (CSV)'], ['es', 'Código seguro de verificación (CSV)'], ['en', 'Secure verification code (CSV)']]) {
        const page = await app.inject(`/verify?lang=${lang}`);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, new RegExp(`<html lang="${lang}">`));
        assert.match(page.body, new RegExp(`<label for="code">${label.replace(/[()]/g, '\\$&')}</label>`));
        assert.match(page.body, /<input id="code" name="code" type="text"[^>]* aria-describedby="code-hint"/);
        assert.match(page.body, /<form class="verify-form" method="get" action="\/verify">/);
        assert.doesNotMatch(page.body, /<script|style=/);
      }
      const councils = await app.inject('/verify?council=alpha');
      assert.match(councils.body, /Ajuntament d&#39;Alfa/);
      assert.match(councils.body, /<input type="hidden" name="council" value="alpha">/);
    });

    it('shows what the right code finds, in the council’s language and time zone, with the download', async () => {
      const { app } = suite;
      const made = await madeReceipt(app);
      for (const url of [`/verify?code=${encodeURIComponent(made.code.toLowerCase())}`, `/verify/${made.printed}`]) {
        const page = await app.inject(url);
        assert.equal(page.statusCode, 200, url);
        assert.equal(page.headers['cache-control'], 'no-store');
        assert.match(page.body, /<html lang="ca">/);
        assert.match(page.body, /<h1>Document verificat<\/h1>/);
        assert.match(page.body, new RegExp(`<dd>${made.entry.number}</dd>`));
        // 17:39 UTC is 18:39 in Madrid in December.
        assert.match(page.body, /<dd>6 de desembre[^<]* 2026[^<]* 18:39:18 CET<\/dd>/);
        assert.match(page.body, /<dd>Alta al padró<\/dd>/);
        assert.match(page.body, new RegExp(`<dd>${made.printed}</dd>`));
        assert.match(page.body, new RegExp(`<code class="fingerprint">${sha256(made.content)}</code>`));
        assert.match(page.body, new RegExp(`<a class="verify-download" href="/api/verify/${made.printed}/document" download>Descarrega l’original \\(PDF, 3 kB\\)</a>`));
      }
      const spanish = await app.inject(`/verify/${made.printed}?lang=es`);
      assert.match(spanish.body, /<html lang="es">/);
      assert.match(spanish.body, /<dd>Alta en el padrón<\/dd>/);
      assert.match(spanish.body, /<dd>6 de diciembre[^<]* 2026[^<]* 18:39:18 CET<\/dd>/);
    });

    it('answers a code that finds nothing with a clear message by the field, and no hint', async () => {
      const { app } = suite;
      const made = await madeReceipt(app);
      const pages = await Promise.all(
        [made.code.slice(0, 24) + (made.code[24] === 'Z' ? 'Y' : 'Z'), newCode(), 'hello'].map((typed) => app.inject(`/verify?code=${encodeURIComponent(typed)}&lang=en`)),
      );
      for (const page of pages) {
        assert.equal(page.statusCode, 404);
        assert.match(page.body, /<title>Error: Verify a document — Finestreta<\/title>/);
        assert.match(page.body, /<div class="error-summary" role="alert" aria-labelledby="error-summary-title">/);
        assert.match(page.body, /<p><a href="#code">No document has this verification code\. [^<]+<\/a><\/p>/);
        assert.match(page.body, /aria-describedby="code-hint code-error" aria-invalid="true">/);
      }
      const messages = pages.map((page) => page.body.replace(/value="[^"]*"|code=[^&"]*/g, ''));
      assert.equal(new Set(messages).size, 1, 'the same page whatever was wrong');
      assert.match((await app.inject('/verify/<script>')).body, /value="&lt;script&gt;"/);
    });
  });
});

describe('/verify when one address looks up too many codes', () => {
  const suite = useTestApp(async (database) => ({ env: callsTestEnv(database), rateLimits: { verify: { max: 3, timeWindow: 600_000 } } }));

  it('refuses more lookups from it, page and API together, but not from another address', async () => {
    const { app } = suite;
    const made = await madeReceipt(app);
    const from = (remoteAddress: string) => (url: string) => app.inject({ url, remoteAddress });
    const attacker = from('203.0.113.9');
    assert.equal((await attacker('/verify')).statusCode, 200, 'the empty form is no lookup');
    assert.equal((await attacker(`/api/verify/${newCode()}`)).statusCode, 404);
    assert.equal((await attacker(`/verify?code=${newCode()}`)).statusCode, 404);
    assert.equal((await attacker(`/verify/${newCode()}`)).statusCode, 404);

    const refused = await attacker(`/api/verify/${made.printed}`);
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().code, 'FIN_ERR_RATE_LIMITED');
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.equal((await attacker(`/api/verify/${made.printed}/document`)).statusCode, 429);
    const page = await attacker(`/verify/${made.printed}?lang=en`);
    assert.equal(page.statusCode, 429);
    assert.match(page.body, /Too many verifications from your connection\. Try again in 10 minutes\./);
    assert.doesNotMatch(page.body, new RegExp(made.entry.number));

    assert.equal((await from('198.51.100.7')(`/api/verify/${made.printed}`)).statusCode, 200);
  });
});
