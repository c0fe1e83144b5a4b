import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, createTestDatabase, type TestDatabase } from './helpers.js';

const SCRIPT_TAG = '<script type="module" src="/widgets/finestreta.js"></script>';

describe('pages, widgets and docs', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  before(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database);
  });
  after(async () => {
    await app.close();
    await database.drop();
  });

  describe('the demo council site at /', () => {
    for (const [lang, heading] of [
      ['ca', 'Atenció ciutadana a distància'],
      ['es', 'Atención ciudadana a distancia'],
      ['en', 'Remote citizen service'],
    ] as const) {
      it(`renders in ${lang} with <html lang="${lang}">, the widget script and the elements`, async () => {
        const response = await app.inject(`/?lang=${lang}`);
        assert.equal(response.statusCode, 200);
        assert.match(String(response.headers['content-type']), /^text\/html; charset=utf-8/);
        assert.match(response.body, new RegExp(`<html lang="${lang}">`));
        assert.match(response.body, new RegExp(`<h1>${heading}</h1>`));
        assert.ok(response.body.includes(SCRIPT_TAG));
        assert.match(response.body, /<finestreta-config api="" council="demo">\s*<call-me-form><\/call-me-form>\s*<\/finestreta-config>/);
        assert.match(response.body, /<finestreta-config api="" council="demo">\s*<video-appointment><\/video-appointment>\s*<\/finestreta-config>/);
        assert.match(response.body, /<finestreta-config api="" council="demo">\s*<office-hours heading-level="3"><\/office-hours>\s*<\/finestreta-config>/);
        assert.match(response.body, /<link rel="stylesheet" href="\/assets\/site.css">/);
      });
    }

    it('gives every page the council’s logo as its icon, so that no browser asks for a missing /favicon.ico', async () => {
      for (const url of ['/', '/transparency', '/desk', '/accessibility?council=demo']) {
        const page = await app.inject(url);
        const icon = /<link rel="icon" href="([^"]+)">/.exec(page.body);
        assert.ok(icon, `${url} names no icon`);
        const logo = await app.inject(icon[1]!);
        assert.equal(logo.statusCode, 200, `${url}: ${icon[1]}`);
        assert.match(String(logo.headers['content-type']), /^image\//);
      }
    });

    it('is in Catalan by default and for an unknown language', async () => {
      for (const url of ['/', '/?lang=fr']) {
        const response = await app.inject(url);
        assert.equal(response.statusCode, 200);
        assert.match(response.body, /<html lang="ca">/);
      }
    });

    it('links to every language, marking the current one', async () => {
      const { body } = await app.inject('/?lang=es');
      assert.match(body, /<a href="\/\?lang=ca" lang="ca" hreflang="ca">Català<\/a>/);
      assert.match(body, /<a href="\/\?lang=es" lang="es" hreflang="es" aria-current="true">Español<\/a>/);
      assert.match(body, /<a href="\/\?lang=en" lang="en" hreflang="en">English<\/a>/);
    });

    it('has a skip link, landmarks and no inline script or style', async () => {
      const { body } = await app.inject('/');
      assert.match(body, /<a class="skip-link" href="#main">/);
      for (const landmark of ['<header', '<nav', '<main id="main"', '<aside', '<footer']) assert.ok(body.includes(landmark), landmark);
      assert.equal((body.match(/<h1>/g) ?? []).length, 1);
      assert.doesNotMatch(body, /<script(?![^>]*\bsrc=)[^>]*>/);
      assert.doesNotMatch(body, /<style|style="/);
    });

    it('is served with a strict Content-Security-Policy', async () => {
      const response = await app.inject('/');
      const csp = String(response.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.match(csp, /object-src 'none'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
    });

    it('serves its stylesheet', async () => {
      const response = await app.inject('/assets/site.css');
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/css/);
    });
  });

  describe('the demo transparency page at /transparency', () => {
    for (const [lang, heading, link] of [
      ['ca', "Activitat de l’atenció ciutadana a distància", 'Transparència'],
      ['es', 'Actividad de la atención ciudadana a distancia', 'Transparencia'],
      ['en', 'Remote citizen service activity', 'Transparency'],
    ] as const) {
      it(`hosts <activity-panel> for the demo council in ${lang}, and the home page links to it`, async () => {
        const response = await app.inject(`/transparency?lang=${lang}`);
        assert.equal(response.statusCode, 200);
        assert.match(response.body, new RegExp(`<html lang="${lang}">`));
        assert.ok(response.body.includes(`<h1>${heading.replace("'", '&#39;')}</h1>`));
        assert.ok(response.body.includes(SCRIPT_TAG));
        assert.match(response.body, /<finestreta-config api="" council="demo">\s*<activity-panel council="demo"><\/activity-panel>\s*<\/finestreta-config>/);
        assert.ok(response.body.includes(`<a href="/transparency?lang=${lang}" aria-current="page">${link}</a>`));
        assert.doesNotMatch(response.body, /<script(?![^>]*\bsrc=)[^>]*>/);

        const home = await app.inject(`/?lang=${lang}`);
        assert.ok(home.body.includes(`<li><a href="/transparency?lang=${lang}">${link}</a></li>`));
        // The menu of the transparency page leads back to the home page's sections.
        assert.ok(response.body.includes(`<a href="/?lang=${lang}#serveis">`));
      });
    }
  });

  it('serves the desk page, loading the agent-desk element', async () => {
    const response = await app.inject('/desk');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<script type="module" src="\/widgets\/elements\/agent-desk.js"><\/script>/);
    assert.match(response.body, /<agent-desk><\/agent-desk>/);
    assert.ok(response.headers['content-security-policy']);
  });

  it('answers 404 for the widgets while they are not built', async () => {
    const response = await app.inject('/widgets/finestreta.js');
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().code, 'FIN_ERR_NOT_FOUND');
  });

  it('serves built widgets to any origin, as module scripts need', async () => {
    const widgetsDir = path.join(database.env.DATA_DIR!, 'widgets');
    await mkdir(path.join(widgetsDir, 'elements'), { recursive: true });
    await writeFile(path.join(widgetsDir, 'finestreta.js'), 'export {};\n');
    const withWidgets = await buildTestApp(database, { env: { WIDGETS_DIR: widgetsDir } });
    try {
      const response = await withWidgets.inject({ url: '/widgets/finestreta.js', headers: { origin: 'https://www.rubi.cat' } });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /javascript/);
      assert.equal(response.headers['access-control-allow-origin'], '*');
      assert.equal(response.headers['cross-origin-resource-policy'], 'cross-origin');
      assert.equal((await withWidgets.inject('/widgets/../package.json')).statusCode, 404);
    } finally {
      await withWidgets.close();
    }
  });

  it('answers the health check', async () => {
    const response = await app.inject('/api/health');
    assert.equal(response.statusCode, 200);
    const { councilsFile, ...health } = response.json();
    assert.deepEqual(health, { status: 'ok', database: database.kind, version: '0.1.0' });
    assert.match(councilsFile.sha256, /^[0-9a-f]{64}$/, 'the version of the councils file, by its hash');
  });

  describe('API documentation', () => {
    it('publishes an OpenAPI document with every route, tagged, with its error responses', async () => {
      const response = await app.inject('/api/openapi.json');
      assert.equal(response.statusCode, 200);
      const document = response.json();
      assert.equal(document.info.title, 'Finestreta API');
      assert.deepEqual(Object.keys(document.paths).sort(), [
        '/api/councils/{council}',
        '/api/councils/{council}/accessibility/feedback',
        '/api/councils/{council}/appointments',
        '/api/councils/{council}/appointments/mine',
        '/api/councils/{council}/appointments/mine/calendar.ics',
        '/api/councils/{council}/appointments/mine/cancel',
        '/api/councils/{council}/appointments/mine/check-in',
        '/api/councils/{council}/appointments/mine/events',
        '/api/councils/{council}/appointments/mine/procedure',
        '/api/councils/{council}/appointments/mine/procedure/agreement',
        '/api/councils/{council}/appointments/mine/procedure/consent',
        '/api/councils/{council}/appointments/mine/procedure/document',
        '/api/councils/{council}/appointments/mine/procedure/receipt',
        '/api/councils/{council}/appointments/mine/procedure/stills',
        '/api/councils/{council}/appointments/mine/reschedule',
        '/api/councils/{council}/appointments/procedures',
        '/api/councils/{council}/appointments/slots',
        '/api/councils/{council}/callbacks',
        '/api/councils/{council}/callbacks/cancel',
        '/api/councils/{council}/callbacks/mine',
        '/api/councils/{council}/callbacks/slots',
        '/api/councils/{council}/documents/mine',
        '/api/councils/{council}/indicators',
        '/api/councils/{council}/indicators/series',
        '/api/councils/{council}/indicators/{file}',
        '/api/councils/{council}/logo',
        '/api/councils/{council}/screen-help/consent',
        '/api/councils/{council}/screen-help/end',
        '/api/councils/{council}/screen-help/open',
        '/api/councils/{council}/surveys/mine',
        '/api/councils/{council}/surveys/mine/answer',
        '/api/councils/{council}/uploads',
        '/api/councils/{council}/uploads/{uploadId}',
        '/api/desk/accessibility/reports',
        '/api/desk/accessibility/reports/{id}/acknowledge',
        '/api/desk/agents',
        '/api/desk/agents/{agent}',
        '/api/desk/agents/{agent}/invitation',
        '/api/desk/appointments',
        '/api/desk/appointments/{id}',
        '/api/desk/appointments/{id}/no-show',
        '/api/desk/appointments/{id}/procedure',
        '/api/desk/appointments/{id}/procedure/agreement/present',
        '/api/desk/appointments/{id}/procedure/agreement/sign',
        '/api/desk/appointments/{id}/procedure/application',
        '/api/desk/appointments/{id}/procedure/identity/checklist',
        '/api/desk/appointments/{id}/procedure/identity/consent',
        '/api/desk/appointments/{id}/procedure/identity/decision',
        '/api/desk/appointments/{id}/procedure/identity/liveness',
        '/api/desk/appointments/{id}/procedure/identity/liveness/answer',
        '/api/desk/appointments/{id}/procedure/identity/mrz',
        '/api/desk/appointments/{id}/procedure/identity/stills/request',
        '/api/desk/appointments/{id}/procedure/identity/stills/{stillId}',
        '/api/desk/appointments/{id}/procedure/receipt',
        '/api/desk/appointments/{id}/procedure/step',
        '/api/desk/appointments/{id}/recordings/{recordingId}',
        '/api/desk/appointments/{id}/recordings/{recordingId}/parties/{party}',
        '/api/desk/audit',
        '/api/desk/callbacks',
        '/api/desk/callbacks/{id}/assign',
        '/api/desk/callbacks/{id}/claim',
        '/api/desk/callbacks/{id}/notes',
        '/api/desk/callbacks/{id}/outcome',
        '/api/desk/callbacks/{id}/screen-help',
        '/api/desk/callbacks/{id}/screen-help/end',
        '/api/desk/callbacks/{id}/start',
        '/api/desk/cases/{id}/documents',
        '/api/desk/cases/{id}/evidence',
        '/api/desk/cases/{id}/evidence.asice',
        '/api/desk/cases/{id}/hold',
        '/api/desk/cases/{id}/upload-links',
        '/api/desk/councils/{council}',
        '/api/desk/demo',
        '/api/desk/demo/appointments',
        '/api/desk/documents/{documentId}/content',
        '/api/desk/documents/{documentId}/review',
        '/api/desk/events',
        '/api/desk/floods',
        '/api/desk/floods/cancel',
        '/api/desk/incidents',
        '/api/desk/incidents/{incident}/resolve',
        '/api/desk/invitation',
        '/api/desk/login',
        '/api/desk/logout',
        '/api/desk/me',
        '/api/desk/oidc/{council}/callback',
        '/api/desk/oidc/{council}/start',
        '/api/desk/sessions',
        '/api/desk/sessions/{session}',
        '/api/desk/subjects/export',
        '/api/desk/subjects/search',
        '/api/desk/team',
        '/api/health',
        '/api/verify/{code}',
        '/api/verify/{code}/document',
      ]);
      for (const [route, operations] of Object.entries<Record<string, { tags?: string[]; responses: object }>>(document.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          assert.ok(operation.tags?.length, `${method} ${route} has a tag`);
          assert.ok('500' in operation.responses, `${method} ${route} documents its 500`);
        }
      }
      assert.deepEqual(
        document.paths['/api/councils/{council}'].get.responses['404'].content['application/json'].schema,
        { $ref: '#/components/schemas/ErrorResponse' },
      );
      assert.deepEqual(document.components.schemas.ErrorResponse.required, ['statusCode', 'code', 'message']);
    });

    it('serves the docs page', async () => {
      const response = await app.inject('/api/docs/');
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /swagger-ui/);
    });
  });
});
