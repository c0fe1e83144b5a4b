import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it, before } from 'node:test';
import { AXE_REPORT_FILE } from '../src/modules/accessibility/report.js';
import { outbox } from './appointment-fixtures.js';
import { signIn, TWO_COUNCILS_FILE, useTestApp } from './helpers.js';

// Monday 23 November 2026, 08:00 in Madrid.
const NOW = new Date('2026-11-23T07:00:00Z');
// Twenty working days later in Vilademo: 30 November (its festival) and 8 December are holidays.
const ANSWER_BY = '2026-12-23T22:59:59.999Z';

const form = (fields: Record<string, string>) => ({
  method: 'POST' as const,
  url: '/accessibility',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

describe('the accessibility statement', () => {
  const suite = useTestApp({ now: () => NOW });
  let report: { axeVersion: string; rules: string[]; covered: Array<{ kind: string }>; violations: unknown[] };
  before(async () => {
    report = JSON.parse(await readFile(AXE_REPORT_FILE, 'utf8'));
  });

  it("publishes the model's sections for a council, in its language, from the release's axe report", async () => {
    const page = await suite.app.inject('/accessibility?council=demo&lang=es');
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /^text\/html/);
    assert.match(page.body, /<html lang="es">/);
    assert.match(page.body, /<h1>Declaración de accesibilidad<\/h1>/);
    for (const heading of ['Situación de cumplimiento', 'Contenido no accesible', 'Preparación de esta declaración', 'Observaciones y datos de contacto', 'Procedimiento de aplicación']) {
      assert.ok(page.body.includes(`<h2>${heading}</h2>`), heading);
    }
    assert.ok(page.body.includes(report.violations.length ? 'parcialmente conforme' : 'plenamente conforme'));
    const stories = report.covered.filter((entry) => entry.kind === 'story').length;
    const pages = report.covered.filter((entry) => entry.kind === 'page').length;
    assert.ok(page.body.includes(`axe-core ${report.axeVersion}, que comprueba ${report.rules.length} reglas de las WCAG 2.1 niveles A y AA sobre ${stories} vistas de los componentes y ${pages} páginas`));
    assert.ok(page.body.includes('<a href="mailto:accessibilitat@vilademo.example">'));
    assert.ok(page.body.includes('href="https://www.vilademo.example/seu/reclamacions-accessibilitat"'));
    assert.match(page.body, /20 días hábiles/);
    assert.match(page.body, /<form method="post" action="\/accessibility" novalidate>/);
    assert.match(page.body, /<label for="message">¿Qué le ha pasado\?<\/label>/);
    assert.match(page.body, /<input type="hidden" name="key" value="[0-9a-f-]{36}">/);
  });

  it('is linked from the footer of the server pages and the demo home', async () => {
    for (const url of ['/?lang=en', '/transparency?lang=en', '/desk?lang=en', '/verify?lang=en', '/accessibility?council=demo&lang=en']) {
      const page = await suite.app.inject(url);
      assert.match(page.body, /<a href="\/accessibility\?(council=demo&amp;)?lang=en">Accessibility statement( and barrier report form)?<\/a>/, url);
    }
  });

  it('lists the councils without one named, and says so for an unknown one (404)', async () => {
    const list = await suite.app.inject('/accessibility?lang=ca');
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes('<a href="/accessibility?council=demo&amp;lang=ca">Ajuntament de Vilademo</a>'));
    const unknown = await suite.app.inject('/accessibility?council=nowhere');
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.body, /No trobem aquest ajuntament/);
  });

  describe('its feedback form', () => {
    it('takes a report, shows its reference and the date the answer is due, and emails a receipt once', async () => {
      const fields = { council: 'demo', lang: 'ca', key: 'form-1', message: 'El botó de la cita no es llegeix amb el lector', pageUrl: 'https://www.vilademo.example/cita', name: 'Jordi', email: 'jordi@example.cat' };
      const first = await suite.app.inject(form(fields));
      assert.equal(first.statusCode, 201);
      const reference = /referència (AC-[0-9A-F]{8})/.exec(first.body)?.[1];
      assert.ok(reference, first.body);
      assert.match(first.body, /Us respondrem abans del 23 de desembre del? 2026\./);
      assert.match(first.body, /Us hem enviat un justificant/);

      // The form sent again (a double click, a reload): the same report.
      const again = await suite.app.inject(form(fields));
      assert.ok(again.body.includes(reference));
      const mails = (await outbox(suite.database)).filter((mail) => mail.to === 'jordi@example.cat');
      assert.equal(mails.length, 1);
      assert.equal(mails[0]!.subject, `Hem rebut la vostra comunicació sobre accessibilitat (${reference})`);
      assert.match(mails[0]!.text, /Resposta abans del: 23 de desembre del? 2026/);
      assert.match(mails[0]!.text, /20 dies hàbils/);
      assert.ok(!mails[0]!.text.includes('lector'), "the person's text is not sent back: nobody can mail others their own words");
    });

    it('shows every mistake at once, linked to its field, and keeps what was typed (400)', async () => {
      const page = await suite.app.inject(form({ council: 'demo', lang: 'en', key: 'form-2', message: '  ', email: 'not an address', name: '<b>Ann</b>' }));
      assert.equal(page.statusCode, 400);
      assert.match(page.body, /<title>Error: Accessibility statement — Ajuntament de Vilademo<\/title>/);
      assert.match(page.body, /role="alert"/);
      assert.ok(page.body.includes('<a href="#message">Tell us what problem you met.</a>'));
      assert.ok(page.body.includes('<a href="#email">Enter a valid email address'));
      assert.match(page.body, /<textarea id="message"[^>]* aria-describedby="message-hint message-error" aria-invalid="true">/);
      assert.ok(page.body.includes('value="&lt;b&gt;Ann&lt;/b&gt;"'));
      assert.equal((await suite.app.db.selectFrom('accessibility_reports').selectAll().where('submission_key', '=', 'form-2').execute()).length, 0);
    });
  });

  describe('its API', () => {
    const post = (payload: unknown, headers: Record<string, string> = {}, council = 'demo') =>
      suite.app.inject({ method: 'POST', url: `/api/councils/${council}/accessibility/feedback`, headers, payload: payload as object });

    it('answers 201 with the reference and the end of the 20 working days, once per Idempotency-Key', async () => {
      const body = { message: 'Low contrast on the receipt', language: 'en' };
      const first = await post(body, { 'idempotency-key': 'api-1' });
      assert.equal(first.statusCode, 201, first.body);
      assert.deepEqual(Object.keys(first.json()).sort(), ['answerBy', 'receivedAt', 'reference']);
      assert.equal(first.json().answerBy, ANSWER_BY);
      assert.equal(first.json().receivedAt, NOW.toISOString());
      const replay = await post(body, { 'idempotency-key': 'api-1' });
      assert.deepEqual(replay.json(), first.json());
      const rows = await suite.app.db.selectFrom('accessibility_reports').selectAll().where('submission_key', '=', 'api-1').execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.state, 'new');
    });

    it('refuses what is not a report with FIN_ERR codes, never a 500', async () => {
      const cases: Array<[unknown, number, string, string?]> = [
        [{}, 400, 'FIN_ERR_VALIDATION'],
        [{ message: '   ' }, 400, 'FIN_ERR_VALIDATION', 'message'],
        [{ message: 'x', email: 'nobody' }, 400, 'FIN_ERR_EMAIL_INVALID', 'email'],
        [{ message: 'x', pageUrl: 'javascript:alert(1)' }, 400, 'FIN_ERR_VALIDATION', 'pageUrl'],
        [{ message: { text: 'x' } }, 400, 'FIN_ERR_VALIDATION'],
        [{ message: 'x'.repeat(20_000) }, 413, 'FIN_ERR_PAYLOAD_TOO_LARGE'],
      ];
      for (const [payload, status, code, field] of cases) {
        const response = await post(payload);
        assert.equal(response.statusCode, status, JSON.stringify(payload).slice(0, 80));
        assert.equal(response.json().code, code);
        if (field) assert.equal(response.json().field, field);
      }
      const unknown = await post({ message: 'x' }, {}, 'nowhere');
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().code, 'FIN_ERR_COUNCIL_NOT_FOUND');
    });
  });
});

describe('accessibility reports on the desk', () => {
  const suite = useTestApp({ now: () => NOW, env: { COUNCILS_FILE: TWO_COUNCILS_FILE } });
  const report = (council: string, message: string) =>
    suite.app.inject({ method: 'POST', url: `/api/councils/${council}/accessibility/feedback`, payload: { message, name: 'Pau' } });

  it("lists the agent's council's reports only, new then acknowledged by name, and keeps other councils' out of reach", async () => {
    await report('alpha', 'Alpha: the map has no text');
    await report('beta', 'Beta: the video has no captions');
    const anna = await signIn(suite.app, 'anna@alpha.example', 'alpha-password-1');
    const bernat = await signIn(suite.app, 'bernat@beta.example', 'beta-password-12');
    const desk = (cookie: string, url: string, method: 'GET' | 'POST' = 'GET') => suite.app.inject({ method, url: `/api/desk${url}`, headers: { cookie } });

    assert.equal((await suite.app.inject('/api/desk/accessibility/reports')).statusCode, 401);
    const listed = (await desk(anna, '/accessibility/reports')).json().reports;
    assert.deepEqual(listed.map((entry: { message: string }) => entry.message), ['Alpha: the map has no text']);
    const [mine] = listed;
    assert.equal(mine.state, 'new');
    assert.equal(mine.answerBy, '2026-12-22T22:59:59.999Z');

    const betaId = (await desk(bernat, '/accessibility/reports')).json().reports[0].id;
    const foreign = await desk(anna, `/accessibility/reports/${betaId}/acknowledge`, 'POST');
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.json().code, 'FIN_ERR_NOT_FOUND');
    assert.equal((await desk(anna, '/accessibility/reports/not-a-uuid/acknowledge', 'POST')).statusCode, 400);

    const acknowledged = await desk(anna, `/accessibility/reports/${mine.id}/acknowledge`, 'POST');
    assert.equal(acknowledged.statusCode, 200);
    assert.deepEqual([acknowledged.json().state, acknowledged.json().acknowledgedBy, acknowledged.json().acknowledgedAt], ['acknowledged', 'Anna Alfa', NOW.toISOString()]);
    assert.equal((await desk(anna, '/accessibility/reports?state=new')).json().reports.length, 0);
    assert.equal((await desk(anna, '/accessibility/reports?state=acknowledged')).json().reports.length, 1);
    assert.equal((await desk(bernat, '/accessibility/reports')).json().reports[0].state, 'new');
  });
});
