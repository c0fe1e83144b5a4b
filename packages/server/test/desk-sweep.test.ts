import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance, type HTTPMethods } from 'fastify';
import { app as finestreta } from '../src/app.js';
import { DESK_CHANNEL } from '../src/modules/notifications/desk-events.js';
import { hashPassword } from '../src/shared/password.js';
import { buildTestApp, createTestDatabase, signIn, testConfig, TWO_COUNCILS_FILE, type TestDatabase } from './helpers.js';

const ANNA = { email: 'anna@alpha.example', password: 'alpha-password-1' };
/** Alpha's administrator, made by the sweep: the one who may call every desk operation. */
const ALBA = { email: 'alba@alpha.example', password: 'alpha-admin-pass-1' };
/** The desk's open operations: signing in with a password or the council's identity provider (modules/oidc), and setting a password with an invitation. */
const OPEN = /^\/api\/desk\/(login|invitation|oidc\/.+)$/;
const NOW = new Date('2026-11-23T09:00:00Z');

interface DeskRoute {
  method: HTTPMethods;
  url: string;
  stream: boolean;
}

/**
 * The app with every route it registers collected as it is registered, so the sweeps cover the
 * desk routes that exist, including ones added after these tests were written.
 */
async function buildCollecting(database: TestDatabase): Promise<{ app: FastifyInstance; routes: DeskRoute[] }> {
  const routes: DeskRoute[] = [];
  const app = Fastify({ logger: false });
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/desk')) return;
    const produces = (route.schema as { produces?: string[] } | undefined)?.produces ?? [];
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, stream: produces.includes('text/event-stream') });
  });
  await app.register(finestreta, { config: testConfig(database, { COUNCILS_FILE: TWO_COUNCILS_FILE }), now: () => NOW, reminderScheduler: false });
  await app.ready();
  return { app, routes };
}

const OPERATIONS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/**
 * The desk's operations as the app's OpenAPI document lists them, in Fastify's `:param` form: what
 * clients are told exists. A GET is also answered to HEAD, which the document does not list.
 */
async function documentedDeskRoutes(app: FastifyInstance): Promise<DeskRoute[]> {
  const document = (await app.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>> };
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api/desk'))
    .flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method]) => OPERATIONS.includes(method))
        .flatMap(([method, operation]) => {
          const route = { url: path.replace(/\{(\w+)\}/g, ':$1'), stream: Object.values(operation.responses).some((response) => 'text/event-stream' in (response.content ?? {})) };
          const methods = method === 'get' ? ['GET', 'HEAD'] : [method.toUpperCase()];
          return methods.map((name) => ({ ...route, method: name as HTTPMethods }));
        }),
    );
}

/** The route's URL with every `:param` replaced by `value(param)`. */
const fill = (url: string, value: (param: string) => string) => url.replace(/:(\w+)/g, (_match, param: string) => encodeURIComponent(value(param)));

/** What only council B's objects contain: none of it may reach an agent of A. */
const BETA_SECRETS = ['Berta Secreta', '+34699000111', 'CB-BETA01', 'AP-BETA02', 'beta-secret.pdf', 'Bernat', 'Ajuntament de Beta'];

/** Council B's cases, a document and a recording, written straight to the database. */
async function seedBeta(app: FastifyInstance) {
  const at = NOW.toISOString();
  const ids = { callback: randomUUID(), appointment: randomUUID(), document: randomUUID(), recording: randomUUID(), still: randomUUID(), report: randomUUID(), incident: randomUUID() };
  const person = { council_id: 'beta', state: 'requested', language: 'ca' as const, citizen_name: 'Berta Secreta', citizen_phone: '+34699000111', citizen_email: null, created_at: at, updated_at: at };
  await app.db
    .insertInto('cases')
    .values([
      { ...person, id: ids.callback, kind: 'callback', reference: 'CB-BETA01' },
      { ...person, id: ids.appointment, kind: 'appointment', reference: 'AP-BETA02', state: 'booked' },
    ])
    .execute();
  const slot = { slot_start: '2026-11-24T09:00:00.000Z', slot_end: '2026-11-24T09:15:00.000Z' };
  await app.db
    .insertInto('callbacks')
    .values({ case_id: ids.callback, topic: 'padro', description: 'Berta Secreta', ...slot, callable_from: slot.slot_start, attempts: 0, max_attempts: 3, assigned_agent_id: null, version: 1 })
    .execute();
  await app.db
    .insertInto('appointments')
    .values({ case_id: ids.appointment, procedure: 'padro', id_document: null, ...slot, slot_starts: JSON.stringify([slot.slot_start]), sequence: 0, version: 1 })
    .execute();
  await app.db
    .insertInto('documents')
    .values({
      id: ids.document,
      case_id: ids.appointment,
      file_name: 'beta-secret.pdf',
      expected: null,
      content_type: 'application/pdf',
      bytes: 4,
      sha256: '0'.repeat(64),
      file: 'documents/beta-secret',
      scan: 'clean',
      state: 'received',
      rejection_reason: null,
      uploaded_at: at,
      reviewed_at: null,
      reviewed_by: null,
      upload_id: null,
      upload_size: null,
    })
    .execute();
  await app.db
    .insertInto('accessibility_reports')
    .values({ id: ids.report, council_id: 'beta', submission_key: 'beta', page_url: null, message: 'Berta Secreta cannot read the map', name: 'Berta Secreta', email: null, language: 'ca', state: 'new', received_at: at, answer_by: at, acknowledged_at: null, acknowledged_by: null })
    .execute();
  await app.db
    .insertInto('recordings')
    .values({ id: ids.recording, case_id: ids.appointment, file: 'recordings/beta-secret', content_type: 'video/webm', sha256: '0'.repeat(64), bytes: 4, started_at: at, stopped_at: at, tracks: null })
    .execute();
  await app.db
    .insertInto('identity_stills')
    .values({ id: ids.still, case_id: ids.appointment, kind: 'front', content_type: 'image/jpeg', width: 1920, height: 1080, bytes: 4, sha256: '0'.repeat(64), file: 'stills/beta-secret', taken_at: at })
    .execute();
  await app.db
    .insertInto('incidents')
    .values({ id: ids.incident, key: `email:callback-confirmation:${ids.callback}:`, council_id: 'beta', case_id: ids.callback, kind: 'email', subject: 'callback-confirmation', reason: 'ECONNREFUSED', count: 1, first_at: at, last_at: at, resolved_at: null, resolved_by: null })
    .execute();
  // An entry in B's audit log, naming Bernat, that A's administrator must not read.
  const bernatAgent = (await app.agents.findByEmail('bernat@beta.example'))!;
  await app.staff.setPassword(bernatAgent.id, bernatAgent.passwordHash!, NOW);
  // Bernat, B's agent, signed in: the session an agent of A must not see or end.
  await signIn(app, 'bernat@beta.example', 'beta-password-12');
  const bernat = await app.db.selectFrom('sessions').innerJoin('agents', 'agents.id', 'sessions.agent_id').select('sessions.public_id').where('agents.email', '=', 'bernat@beta.example').executeTakeFirstOrThrow();
  return { ...ids, session: bernat.public_id, agent: bernatAgent.id };
}

/** A body each desk route accepts, so that the sweep reaches the check of whose object it is. */
const VALID_BODIES: Record<string, object> = {
  'POST /api/desk/callbacks/:id/outcome': { outcome: 'reached' },
  'POST /api/desk/callbacks/:id/notes': { text: 'Cridat' },
  // B's callback back to B's queue: not found from A.
  'POST /api/desk/callbacks/:id/assign': { agent: null },
  'PUT /api/desk/cases/:id/hold': { reason: 'Recurs contenciós' },
  // B's citizen's phone: A's supervisor finds and exports nothing of theirs.
  'POST /api/desk/subjects/search': { phone: '+34699000111' },
  'POST /api/desk/subjects/export': { phone: '+34699000111' },
  'POST /api/desk/documents/:documentId/review': { decision: 'accepted' },
  'POST /api/desk/appointments/:id/procedure/step': { step: 'identity' },
  'POST /api/desk/appointments/:id/procedure/identity/consent': {},
  'POST /api/desk/appointments/:id/procedure/identity/stills/request': { kind: 'front' },
  'POST /api/desk/appointments/:id/procedure/identity/mrz': { text: 'IDESPBAA000589599999999R<<<<<<' },
  'POST /api/desk/appointments/:id/procedure/identity/liveness': {},
  'POST /api/desk/appointments/:id/procedure/identity/liveness/answer': { heard: '1234' },
  'PUT /api/desk/appointments/:id/procedure/identity/checklist': { checklist: { hologram: true } },
  'POST /api/desk/appointments/:id/procedure/identity/decision': { verified: false, reason: 'No document' },
  'PUT /api/desk/appointments/:id/procedure/application': { formId: 'generic', data: {}, attachments: [], version: 0 },
  'POST /api/desk/appointments/:id/procedure/agreement/present': {},
  'POST /api/desk/appointments/:id/procedure/agreement/sign': { password: 'alpha-password-1' },
  'POST /api/desk/agents': { name: 'Arnau Alfa', email: 'arnau@alpha.example', role: 'agent' },
  'PATCH /api/desk/agents/:agent': { disabled: true },
};

describe('the desk', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let routes: DeskRoute[];

  before(async () => {
    database = await createTestDatabase();
    ({ app, routes } = await buildCollecting(database));
    await app.agents.create({ councilId: 'alpha', email: ALBA.email, name: 'Alba Alfa', passwordHash: await hashPassword(ALBA.password), role: 'administrator', now: NOW });
  });
  after(async () => {
    await app.close();
    await database.drop();
  });

  it('has the routes the sweeps go through', () => {
    const urls = new Set(routes.map((route) => route.url));
    for (const url of ['/api/desk/me', '/api/desk/events', '/api/desk/callbacks/:id/claim', '/api/desk/callbacks/:id/screen-help', '/api/desk/documents/:documentId/review', '/api/desk/appointments/:id/recordings/:recordingId']) {
      assert.ok(urls.has(url), url);
    }
  });

  it('lists every desk route it has in its OpenAPI document, and no other', async () => {
    const key = (route: DeskRoute) => `${route.method} ${route.url}`;
    assert.deepEqual(new Set((await documentedDeskRoutes(app)).map(key)), new Set(routes.map(key)));
  });

  describe('to an anonymous caller', () => {
    const garbage = (param: string) => `${param}-not-valid-${'x'.repeat(70)}`;
    const requests = (route: DeskRoute) => {
      const url = `${fill(route.url, garbage)}?day=nonsense&state=bogus&from=x&download=maybe`;
      if (route.method === 'GET' || route.method === 'HEAD') return [{ url }];
      return [
        { url },
        { url, payload: { unexpected: { deep: [1, 2, 3] }, outcome: 42 } },
        { url, payload: '{"not json', headers: { 'content-type': 'application/json' } },
        { url, payload: 'plain', headers: { 'content-type': 'text/plain' } },
      ];
    };

    it('answers every desk operation of the OpenAPI document but the open ones 401 FIN_ERR_AUTH_REQUIRED, before looking at the request', async () => {
      const swept = (await documentedDeskRoutes(app)).filter((route) => !OPEN.test(route.url));
      assert.ok(swept.length >= 20, `the document lists only ${swept.length} desk operations`);
      for (const route of swept) {
        for (const cookie of [undefined, 'fin_session=forged']) {
          for (const request of requests(route)) {
            const response = await app.inject({ method: route.method, ...request, headers: { ...request.headers, ...(cookie && { cookie }) } });
            const where = `${route.method} ${request.url} ${JSON.stringify(request.payload ?? null)}`;
            assert.equal(response.statusCode, 401, where);
            if (route.method === 'HEAD') continue;
            assert.deepEqual(response.json(), { statusCode: 401, code: 'FIN_ERR_AUTH_REQUIRED', message: 'Sign in to continue' }, where);
          }
        }
      }
    });
  });

  describe('by role', () => {
    /** The desk's operations only a supervisor or an administrator may call. */
    const SUPERVISORS_ONLY = [
      'GET /api/desk/cases/:id/evidence.asice',
      'HEAD /api/desk/cases/:id/evidence.asice',
      'GET /api/desk/incidents',
      'HEAD /api/desk/incidents',
      'POST /api/desk/incidents/:incident/resolve',
      'PUT /api/desk/cases/:id/hold',
      'DELETE /api/desk/cases/:id/hold',
      'POST /api/desk/subjects/search',
      'POST /api/desk/subjects/export',
      'POST /api/desk/callbacks/:id/assign',
      'GET /api/desk/team',
      'HEAD /api/desk/team',
    ];
    /** The management of agents and the audit log. */
    const ADMINISTRATORS_ONLY = ['GET /api/desk/agents', 'HEAD /api/desk/agents', 'POST /api/desk/agents', 'PATCH /api/desk/agents/:agent', 'POST /api/desk/agents/:agent/invitation', 'GET /api/desk/audit', 'HEAD /api/desk/audit'];
    const BERNAT = { email: 'bernat@beta.example', password: 'beta-password-12' };

    /** Every documented operation but signing in and out, called as `cookie` with made-up ids and no body: the role is checked before the request is read. */
    async function refusedForRole(cookie: string): Promise<string[]> {
      const refused: string[] = [];
      for (const route of (await documentedDeskRoutes(app)).filter((r) => !r.stream && !OPEN.test(r.url) && !r.url.endsWith('/logout'))) {
        const response = await app.inject({ method: route.method, url: fill(route.url, () => randomUUID()), headers: { cookie } });
        if (route.method !== 'HEAD' && response.statusCode === 403 && response.json().code === 'FIN_ERR_ROLE_FORBIDDEN') refused.push(`${route.method} ${route.url}`);
        else if (route.method === 'HEAD' && response.statusCode === 403) refused.push(`${route.method} ${route.url}`);
      }
      return refused.sort();
    }

    it('refuses an agent the supervisors’ and administrators’ operations, 403 FIN_ERR_ROLE_FORBIDDEN, a supervisor the administrators’, and an administrator none', async () => {
      assert.deepEqual(await refusedForRole(await signIn(app, ANNA.email, ANNA.password)), [...SUPERVISORS_ONLY, ...ADMINISTRATORS_ONLY].sort());
      assert.deepEqual(await refusedForRole(await signIn(app, BERNAT.email, BERNAT.password)), [...ADMINISTRATORS_ONLY].sort());
      assert.deepEqual(await refusedForRole(await signIn(app, ALBA.email, ALBA.password)), []);
    });

    it('tells the desk each agent’s role', async () => {
      const me = async (who: { email: string; password: string }) => (await app.inject({ url: '/api/desk/me', headers: { cookie: await signIn(app, who.email, who.password) } })).json().agent.role;
      assert.equal(await me(ANNA), 'agent');
      assert.equal(await me(BERNAT), 'supervisor');
    });
  });

  describe("to an administrator of council A, who may call every operation, with council B's ids", () => {
    let beta: Awaited<ReturnType<typeof seedBeta>>;
    before(async () => {
      beta = await seedBeta(app);
    });

    const candidates = (param: string): string[] => {
      switch (param) {
        case 'id':
          return [beta.callback, beta.appointment, beta.report];
        case 'documentId':
          return [beta.document];
        case 'recordingId':
          return [beta.recording];
        case 'council':
          return ['beta'];
        case 'party':
          return ['citizen'];
        case 'stillId':
          return [beta.still];
        case 'session':
          return [beta.session];
        case 'incident':
          return [beta.incident];
        case 'agent':
          return [beta.agent];
        default:
          throw new Error(`the sweep has no value of B for :${param}`);
      }
    };
    /** Every URL of the route with B's ids: each `:id` once as B's callback and once as B's appointment. */
    const urlsOf = (url: string): string[] => {
      const match = /:(\w+)/.exec(url);
      if (!match) return [url];
      return candidates(match[1]!).flatMap((value) => urlsOf(url.replace(`:${match[1]}`, encodeURIComponent(value))));
    };

    it("answers 404 or 403 wherever it names B's objects, and shows nothing of B anywhere", async () => {
      const swept = routes.filter((route) => !OPEN.test(route.url) && !route.stream);
      let requests = 0;
      let cookie = await signIn(app, ALBA.email, ALBA.password);
      for (const route of swept) {
        // B's cases named in a body rather than a path: cancelling a flood of them cancels none.
        const payload = route.url === '/api/desk/floods/cancel' ? { ids: [beta.callback, beta.appointment] } : VALID_BODIES[`${route.method} ${route.url}`];
        for (const url of urlsOf(route.url)) {
          const response = await app.inject({ method: route.method, url, headers: { cookie }, ...(payload && { payload }) });
          requests += 1;
          // Signing out is swept like the rest; the next route needs a session again.
          if (response.statusCode === 204 && route.url.endsWith('/logout')) cookie = await signIn(app, ALBA.email, ALBA.password);
          const where = `${route.method} ${url} → ${response.statusCode} ${response.body}`;
          if (route.url.includes(':')) assert.ok([403, 404].includes(response.statusCode), where);
          else assert.ok(response.statusCode < 400, where);
          for (const secret of BETA_SECRETS) assert.ok(!response.body.includes(secret), where);
          const named = `${url} ${JSON.stringify(payload ?? null)}`;
          for (const id of Object.values(beta)) assert.ok(!response.body.includes(id) || named.includes(id), where);
          if (route.url === '/api/desk/floods/cancel') assert.deepEqual(response.json().cancelled, [], where);
        }
      }
      assert.ok(requests >= 25, `only ${requests} requests`);
    });

    it("sends none of B's events down A's event stream", async () => {
      const cookie = await signIn(app, ANNA.email, ANNA.password);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      const received = await new Promise<string>((resolve, reject) => {
        const request = http.get({ host: '127.0.0.1', port, path: '/api/desk/events', headers: { cookie } }, (response) => {
          assert.equal(response.statusCode, 200);
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            if (!text.includes(': connected') && (text + chunk).includes(': connected')) {
              // B's event goes first: had it been delivered, it would come before A's.
              void app.notifications
                .publish(DESK_CHANNEL, { councilId: 'beta', event: 'callback', data: { id: beta.callback, reference: 'CB-BETA01', state: 'requested' } })
                .then(() => app.notifications.publish(DESK_CHANNEL, { councilId: 'alpha', event: 'callback', data: { id: 'alpha-case', reference: 'CB-ALPHA1', state: 'requested' } }));
            }
            text += chunk;
            if (text.includes('CB-ALPHA1')) {
              request.destroy();
              resolve(text);
            }
          });
        });
        request.on('error', reject);
      });
      assert.doesNotMatch(received, /CB-BETA01/);
      assert.match(received, /event: callback\ndata: \{"id":"alpha-case","reference":"CB-ALPHA1","state":"requested"\}/);
    });
  });
});

describe('a desk route registered outside the desk scope', () => {
  it('stops the app from starting, since nothing would authenticate it', async () => {
    const database = await createTestDatabase();
    try {
      await assert.rejects(
        buildTestApp(database, { routes: (app) => app.get('/api/desk/open-by-mistake', async () => ({ secret: true })) }),
        /\/api\/desk\/open-by-mistake is a desk route outside the desk's scope/,
      );
    } finally {
      await database.drop();
    }
  });
});
