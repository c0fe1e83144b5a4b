import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Migrator } from 'kysely';
import { DEMO_COUNCILS_FILE } from '../src/config.js';
import { createDatabase, migrateToLatest } from '../src/db/index.js';
import { migrationProvider } from '../src/db/migrations/index.js';
import { book as bookAppointment, outbox } from './appointment-fixtures.js';
import { buildTestApp, createTestDatabase, signIn, testConfig, useTestApp, type TestDatabase } from './helpers.js';

let keys = 0;
// Monday 23 November 2026, 08:00 in Madrid.
const START = new Date('2026-11-23T07:00:00Z');

describe('satisfaction surveys', () => {
  let now = START;
  let cookie: string;
  let councilsFile: string;
  // The demo council and a neighbour with the same settings, to check that one's tokens open nothing of the other's.
  const suite = useTestApp(async (database) => {
    const [demo] = JSON.parse(await readFile(DEMO_COUNCILS_FILE, 'utf8'));
    councilsFile = path.join(database.env.DATA_DIR!, 'councils.json');
    await writeFile(councilsFile, JSON.stringify([demo, { ...demo, id: 'veina', name: 'Ajuntament de Veïna', agents: [] }]));
    return { env: { COUNCILS_FILE: councilsFile }, now: () => now, reminderScheduler: false };
  });
  before(async () => {
    cookie = await signIn(suite.app, 'agent@demo.finestreta.cat', 'finestreta-demo');
  });

  const desk = (url: string, payload?: object) => suite.app.inject({ method: 'POST', url, headers: { cookie }, ...(payload && { payload }) });
  const survey = (token: string, council = 'demo', lang = '') =>
    suite.app.inject(`/api/councils/${council}/surveys/mine?${new URLSearchParams({ token, ...(lang && { lang }) })}`);
  const answer = (payload: Record<string, unknown>, council = 'demo') =>
    suite.app.inject({ method: 'POST', url: `/api/councils/${council}/surveys/mine/answer`, payload });
  const caseOf = async (reference: string) =>
    suite.app.db.selectFrom('cases').select(['id', 'state']).where('reference', '=', reference).executeTakeFirstOrThrow();
  const invitationOf = async (caseId: string) =>
    suite.app.db.selectFrom('survey_invitations').selectAll().where('case_id', '=', caseId).execute();
  const tokenIn = (url: string) => new URL(url).searchParams.get('token')!;

  async function callback(phone: string, extra: Record<string, unknown> = {}) {
    const response = await suite.app.inject({
      method: 'POST',
      url: '/api/councils/demo/callbacks',
      headers: { 'idempotency-key': `survey-${++keys}` },
      payload: { topic: 'padro', slot: 'asap', name: 'Marta Soler', phone, email: 'marta@example.org', consent: true, language: 'ca', ...extra },
    });
    assert.equal(response.statusCode, 201);
    const { reference, cancelUrl } = response.json();
    return { reference, caseToken: tokenIn(cancelUrl), id: (await caseOf(reference)).id };
  }

  async function completedCallback(phone: string, extra: Record<string, unknown> = {}) {
    const booked = await callback(phone, extra);
    const done = await desk(`/api/desk/callbacks/${booked.id}/outcome`, { outcome: 'reached' });
    assert.equal(done.statusCode, 200);
    return { ...booked, token: tokenIn(done.json().surveyUrl), surveyUrl: done.json().surveyUrl as string };
  }

  describe('when a callback is completed', () => {
    let done: Awaited<ReturnType<typeof completedCallback>>;
    before(async () => {
      done = await completedCallback('611100001', { language: 'es', topic: 'online-help' });
    });

    it('opens the survey with the council scale, the channel, the reference and the topic in the asked language', async () => {
      const response = await survey(done.token, 'demo', 'en');
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), {
        state: 'open',
        scale: 'stars5',
        askRepeat: true,
        commentMaxLength: 500,
        channel: 'callback',
        reference: done.reference,
        // The day of the call that ended it, not its slot's.
        serviceDate: START.toISOString(),
        procedure: { id: 'online-help', name: 'Help with an online procedure' },
        expiresAt: new Date(START.getTime() + 30 * 86_400_000).toISOString(),
        language: 'es',
      });
    });

    it('records the outcome on the invitation', async () => {
      const [invitation] = await invitationOf(done.id);
      assert.equal(invitation!.outcome, 'completed');
      assert.equal(invitation!.answered_at, null);
    });

    it('emails nothing yet: the citizen may be answering in the widget', async () => {
      assert.equal(await suite.app.surveys.mailDue(new Date(START.getTime() + 29 * 60_000)), 0);
      assert.equal((await outbox(suite.database)).filter((entry) => entry.subject.endsWith(`Encuesta sobre ${done.reference}`)).length, 0);
    });

    it('emails the invitation in Spanish, once, when it is still unanswered after 30 minutes', async () => {
      const due = new Date(START.getTime() + 30 * 60_000);
      // Two processes on the same database sweep at once: one email.
      const other = await buildTestApp(suite.database, { env: { COUNCILS_FILE: councilsFile }, now: () => now, reminderScheduler: false });
      try {
        const sent = await Promise.all([suite.app.surveys.mailDue(due), other.surveys.mailDue(due)]);
        assert.equal(sent[0]! + sent[1]!, 1);
      } finally {
        await other.close();
      }
      await suite.app.surveys.mailDue(new Date(due.getTime() + 86_400_000));
      const mails = (await outbox(suite.database)).filter((entry) => entry.subject === `¿Cómo le hemos atendido? Encuesta sobre ${done.reference}`);
      assert.equal(mails.length, 1, 'one survey email in Spanish');
      const [mail] = mails;
      assert.equal(mail!.to, 'marta@example.org');
      assert.match(mail!.text, /Gracias por haber utilizado la atención ciudadana a distancia\./);
      assert.match(mail!.text, /El enlace funciona hasta el 23 de diciembre de 2026\./);
      const link = /\/survey\?council=demo&token=([\w-]{43})/.exec(mail!.text);
      assert.ok(link, 'a survey link');
      const opened = await survey(link[1]!);
      assert.equal(opened.statusCode, 200);
      assert.equal(opened.json().reference, done.reference, 'the same survey as the desk link');
      const types = (await suite.app.evidence.list(done.id)).map((event) => event.type);
      assert.deepEqual(types.slice(-2), ['survey.invited', 'survey.mailed']);
    });

    it('opens the same survey with the case token the citizen already holds', async () => {
      const response = await survey(done.caseToken);
      assert.equal(response.statusCode, 200);
      assert.equal(response.json().reference, done.reference);
      assert.equal(response.json().procedure.name, 'Ayuda con un trámite en línea', "in the case's language when the widget names none");
    });

    it('serves the /survey page with <satisfaction-survey> for that link, in the case language', async () => {
      const page = await suite.app.inject(new URL(done.surveyUrl).pathname + new URL(done.surveyUrl).search);
      assert.equal(page.statusCode, 200);
      assert.match(page.headers['content-type'] as string, /^text\/html/);
      assert.match(page.body, /<html lang="es">/);
      assert.match(page.body, /<script type="module" src="\/widgets\/finestreta.js"><\/script>/);
      assert.ok(
        page.body.includes(
          `<satisfaction-survey api="" council="demo" token="${done.token}" lang="es"><p>Para responder esta encuesta hay que activar JavaScript en el navegador.</p></satisfaction-survey>`,
        ),
      );
    });
  });

  describe('when the citizen answers', () => {
    it('takes one answer (201) and politely refuses a second (409 FIN_ERR_SURVEY_ANSWERED)', async () => {
      const done = await completedCallback('611100002');
      const first = await answer({ token: done.token, rating: 4, wouldRepeat: true, comment: '  Molt amables  ' });
      assert.equal(first.statusCode, 201);
      assert.deepEqual(first.json(), { state: 'answered', answeredAt: START.toISOString() });
      const second = await answer({ token: done.token, rating: 1, wouldRepeat: false });
      assert.equal(second.statusCode, 409);
      assert.equal(second.json().code, 'FIN_ERR_SURVEY_ANSWERED');
      assert.match(second.json().message, /already been answered\. Thank you/);
    });

    it('is not emailed the survey they answered in the widget within the delay', async () => {
      const done = await completedCallback('611100003');
      now = new Date(START.getTime() + 29 * 60_000);
      try {
        assert.equal((await answer({ token: done.caseToken, rating: 5 })).statusCode, 201);
      } finally {
        now = START;
      }
      await suite.app.surveys.mailDue(new Date(START.getTime() + 2 * 86_400_000));
      assert.equal((await outbox(suite.database)).filter((entry) => entry.subject === `Com us hem atès? Enquesta sobre ${done.reference}`).length, 0);
      assert.deepEqual((await suite.app.evidence.list(done.id)).map((event) => event.type).slice(-2), ['survey.invited', 'survey.answered']);
    });
  });

  describe("with the council's own delay", () => {
    it('emails after the minutes the councils file sets', async () => {
      const booked = await callback('611100004');
      const council = (await suite.app.councils.get('demo'))!;
      await suite.app.councils.upsert({ ...council, survey: { emailDelayMinutes: 5 } }, START);
      try {
        await desk(`/api/desk/callbacks/${booked.id}/outcome`, { outcome: 'reached' });
        const sent = (at: number) => suite.app.surveys.mailDue(new Date(START.getTime() + at * 60_000));
        assert.equal(await sent(4), 0);
        assert.equal(await sent(5), 1);
        assert.equal((await outbox(suite.database)).filter((entry) => entry.subject === `Com us hem atès? Enquesta sobre ${booked.reference}`).length, 1);
      } finally {
        await suite.app.councils.upsert(council, START);
      }
    });
  });

  describe('when a callback fails', () => {
    it('invites the citizen who never answered, after the last attempt, with the outcome failed', async () => {
      const booked = await callback('611100007');
      for (const attempt of [1, 2]) {
        const retry = await desk(`/api/desk/callbacks/${booked.id}/outcome`, { outcome: 'no_answer' });
        assert.equal(retry.json().state, 'retry', `attempt ${attempt}`);
        assert.equal(retry.json().surveyUrl, undefined);
        assert.equal((await invitationOf(booked.id)).length, 0);
        // The next call comes at the time the citizen was given.
        now = new Date(retry.json().callableFrom);
      }
      const failed = await desk(`/api/desk/callbacks/${booked.id}/outcome`, { outcome: 'no_answer' });
      assert.equal(failed.json().state, 'failed');
      const [invitation] = await invitationOf(booked.id);
      assert.equal(invitation!.outcome, 'failed');
      const types = (await suite.app.evidence.list(booked.id)).map((event) => event.type);
      assert.deepEqual(types.slice(-2), ['callback.failed', 'survey.invited']);
      await suite.app.surveys.mailDue(new Date(now.getTime() + 30 * 60_000));
      const mail = (await outbox(suite.database)).find((entry) => entry.subject === `Com us hem atès? Enquesta sobre ${booked.reference}`);
      assert.ok(mail);
      assert.match(mail.text, /Us vam intentar trucar però no vam poder parlar amb vosaltres\./);
      const opened = await survey(tokenIn(failed.json().surveyUrl));
      assert.equal(opened.json().state, 'open');
      now = START;
    });

    it('invites nobody for a cancelled callback', async () => {
      const booked = await callback('611100008');
      await suite.app.inject({ method: 'POST', url: '/api/councils/demo/callbacks/cancel', payload: { token: booked.caseToken } });
      assert.equal((await invitationOf(booked.id)).length, 0);
      assert.equal((await survey(booked.caseToken)).statusCode, 404);
    });
  });

  describe('video appointments', () => {
    async function appointment(slot: string, phone: string, language = 'ca') {
      const response = await bookAppointment(suite.app, { slot, phone, language, email: `${phone}@example.org` });
      assert.equal(response.statusCode, 201, response.body);
      const { reference, token } = response.json();
      return { reference, caseToken: token as string, id: (await caseOf(reference)).id };
    }

    it('invites a no-show when the desk marks it, by email in the citizen language', async () => {
      const booked = await appointment('2026-11-24T09:00:00.000Z', '611200001', 'en');
      now = new Date('2026-11-24T09:15:00Z');
      try {
        const agent = await signIn(suite.app, 'agent@demo.finestreta.cat', 'finestreta-demo');
        const marked = await suite.app.inject({ method: 'POST', url: `/api/desk/appointments/${booked.id}/no-show`, headers: { cookie: agent } });
        assert.equal(marked.statusCode, 200);
        const [invitation] = await invitationOf(booked.id);
        assert.equal(invitation!.outcome, 'no_show');
        await suite.app.surveys.mailDue(new Date(now.getTime() + 30 * 60_000));
        const mail = (await outbox(suite.database)).find((entry) => entry.subject === `How did we do? Survey about ${booked.reference}`);
        assert.ok(mail);
        assert.equal(mail.to, '611200001@example.org');
        assert.match(mail.text, /We could not see you at your video appointment\./);
        assert.match(mail.text, /\/survey\?council=demo&token=[\w-]{43}/);
        const opened = (await survey(booked.caseToken)).json();
        assert.deepEqual([opened.channel, opened.procedure, opened.serviceDate], ['video', { id: 'padro', name: 'Registering on the municipal roll' }, '2026-11-24T09:00:00.000Z']);
      } finally {
        now = START;
      }
    });

    it('opens the survey with the case token as soon as the call has completed it', async () => {
      const booked = await appointment('2026-11-24T10:00:00.000Z', '611200002');
      await suite.app.db.updateTable('cases').set({ state: 'completed' }).where('id', '=', booked.id).execute();
      now = new Date('2026-11-24T10:25:00Z');
      try {
        const opened = await survey(booked.caseToken);
        assert.equal(opened.statusCode, 200);
        assert.equal(opened.json().state, 'open');
        const [invitation] = await invitationOf(booked.id);
        assert.equal(invitation!.outcome, 'completed');
        const created = await answer({ token: booked.caseToken, rating: 5, wouldRepeat: true });
        assert.equal(created.statusCode, 201);
      } finally {
        now = START;
      }
    });

    it('sweeps in the appointments completed by the call, and those left open an hour after their end as abandoned', async () => {
      const completed = await appointment('2026-11-25T09:00:00.000Z', '611200003');
      const waiting = await appointment('2026-11-25T10:00:00.000Z', '611200004');
      const upcoming = await appointment('2026-11-26T09:00:00.000Z', '611200005');
      await suite.app.db.updateTable('cases').set({ state: 'completed' }).where('id', '=', completed.id).execute();
      await suite.app.db.updateTable('cases').set({ state: 'checked_in' }).where('id', '=', waiting.id).execute();

      // The second one ends at 10:30; at 11:00 it may still be going on.
      assert.equal(await suite.app.surveys.sweep(new Date('2026-11-25T11:00:00Z')), 1);
      assert.equal((await invitationOf(completed.id))[0]!.outcome, 'completed');
      assert.equal((await invitationOf(waiting.id)).length, 0);

      assert.equal(await suite.app.surveys.sweep(new Date('2026-11-25T11:31:00Z')), 1);
      assert.equal((await invitationOf(waiting.id))[0]!.outcome, 'abandoned');
      assert.equal((await invitationOf(upcoming.id)).length, 0);
      assert.equal(await suite.app.surveys.sweep(new Date('2026-11-25T12:00:00Z')), 0, 'one invitation per case');
      await suite.app.surveys.mailDue(new Date('2026-11-25T12:01:00Z'));
      const mail = (await outbox(suite.database)).find((entry) => entry.subject === `Com us hem atès? Enquesta sobre ${waiting.reference}`);
      assert.ok(mail);
      assert.match(mail.text, /La vostra cita per videotrucada no es va poder completar\./);
    });

    it('has no survey for an appointment that has not happened yet', async () => {
      const booked = await appointment('2026-11-27T09:00:00.000Z', '611200006');
      const response = await survey(booked.caseToken);
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().code, 'FIN_ERR_SURVEY_NOT_FOUND');
    });
  });

  it("tells the widgets the council's survey settings in its public profile", async () => {
    const council = (await suite.app.inject('/api/councils/demo')).json();
    assert.deepEqual(council.survey, { scale: 'stars5', askRepeat: true, commentMaxLength: 500 });
  });
});

describe('upgrading a database from before the surveys', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  it('keeps the invitations already issued, as those of completed callbacks, one per case', async () => {
    const db = createDatabase(testConfig(database).database);
    try {
      const migrated = await new Migrator({ db, provider: migrationProvider }).migrateTo('0004_calls');
      assert.equal(migrated.error, undefined);
      const at = START.toISOString();
      await db.insertInto('councils').values({ id: 'demo', config: '{}', updated_at: at }).execute();
      await db
        .insertInto('cases')
        .values({ id: 'c1', council_id: 'demo', kind: 'callback', reference: 'CB-222222', state: 'completed', language: 'ca', citizen_name: 'Pere', citizen_phone: '+34611000000', citizen_email: null, created_at: at, updated_at: at })
        .execute();
      // Only the columns that existed then.
      await db.insertInto('survey_invitations').values({ id: 'i1', case_id: 'c1', token_hash: 'h1', expires_at: at, created_at: at, answered_at: null } as never).execute();

      await migrateToLatest(db);
      const [invitation] = await db.selectFrom('survey_invitations').selectAll().execute();
      assert.deepEqual([invitation!.outcome, invitation!.rating, invitation!.would_repeat], ['completed', null, null]);
      await assert.rejects(
        db.insertInto('survey_invitations').values({ ...invitation!, id: 'i2', token_hash: 'h2' }).execute(),
        'a second invitation for the same case',
      );
    } finally {
      await db.destroy();
    }
  });
});
