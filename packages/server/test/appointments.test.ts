import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { book, emlCalendar, icsUtc, icsValue, mine, outbox, parseIcs, writeTwoAppointmentCouncils } from './appointment-fixtures.js';
import { appointmentUrl } from '../src/modules/appointments/service.js';
import { useTestApp } from './helpers.js';

let phones = 0;
/** A fresh valid mobile number, so the limit of three bookings per phone a day stays out of the way. */
const phone = () => `6110${String(++phones).padStart(5, '0')}`;

describe('<video-appointment> API: booking and the personal link', () => {
  // Monday 23 November 2026, 08:00 in Madrid.
  let now = new Date('2026-11-23T07:00:00Z');

  const suite = useTestApp(async (database) => ({
    now: () => now,
    reminderScheduler: false,
    env: { COUNCILS_FILE: await writeTwoAppointmentCouncils(database.env.DATA_DIR!) },
  }));

  const usage = async (slotStart: string) =>
    (await suite.app.db.selectFrom('slot_usage').select('used').where('council_id', '=', 'demo').where('service', '=', 'appointment').where('slot_start', '=', slotStart).executeTakeFirst())?.used ?? 0;
  const stateOf = async (reference: string) =>
    (await suite.app.db.selectFrom('cases').select('state').where('reference', '=', reference).executeTakeFirstOrThrow()).state;

  describe('the procedures and their free times', () => {
    it('lists the procedures with duration and documents in the asked language', async () => {
      const response = await suite.app.inject('/api/councils/demo/appointments/procedures?lang=es');
      assert.equal(response.statusCode, 200);
      const ajuts = response.json().procedures.find((procedure: { id: string }) => procedure.id === 'ajuts');
      assert.equal(ajuts.name, 'Solicitud de ayudas sociales');
      assert.equal(ajuts.durationMinutes, 45);
      assert.deepEqual(ajuts.documents.map((document: { id: string }) => document.id), ['dni', 'ingressos', 'empadronament']);
    });

    it('lists times whose end covers the whole procedure, never running past closing time', async () => {
      const response = await suite.app.inject('/api/councils/demo/appointments/slots?procedure=ajuts&lang=en');
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.equal(body.timeZone, 'Europe/Madrid');
      assert.equal(body.slotMinutes, 30);
      assert.equal(body.procedure.name, 'Social aid application');
      assert.deepEqual(body.slots[0], { start: '2026-11-23T07:30:00.000Z', end: '2026-11-23T08:15:00.000Z', available: 2 });
      const starts = body.slots.map((slot: { start: string }) => slot.start);
      // 19:30 in Madrid is the last 30-minute slot of the day: 45 minutes do not fit.
      assert.ok(starts.includes('2026-11-23T18:00:00.000Z'));
      assert.ok(!starts.includes('2026-11-23T18:30:00.000Z'));
    });

    it('answers 400 FIN_ERR_PROCEDURE_UNKNOWN for an unknown procedure and 404 for a council without the service', async () => {
      const unknown = await suite.app.inject('/api/councils/demo/appointments/slots?procedure=bodes');
      assert.equal(unknown.statusCode, 400);
      assert.deepEqual([unknown.json().code, unknown.json().field], ['FIN_ERR_PROCEDURE_UNKNOWN', 'procedure']);
      const missing = await suite.app.inject('/api/councils/nowhere/appointments/procedures');
      assert.equal(missing.statusCode, 404);
    });
  });

  describe('when the citizen books a free time', () => {
    let response: Awaited<ReturnType<typeof book>>;
    before(async () => {
      response = await book(suite.app, { phone: phone() });
    });

    it('answers 201 with the reference, the procedure, the time, the token and the links', () => {
      assert.equal(response.statusCode, 201, response.body);
      const body = response.json();
      assert.match(body.reference, /^VA-[2-9A-HJKMNP-Z]{6}$/);
      assert.equal(body.state, 'booked');
      assert.deepEqual(body.slot, { start: '2026-11-24T09:00:00.000Z', end: '2026-11-24T09:30:00.000Z' });
      assert.equal(body.procedure.id, 'padro');
      assert.equal(body.procedure.name, 'Alta al padró municipal');
      assert.match(body.token, /^[\w-]{43}$/);
      assert.match(body.appointmentUrl, /^http:\/\/localhost(:\d+)?\/cita\?council=demo&token=[\w-]{43}$/);
      assert.equal(new URL(body.appointmentUrl).searchParams.get('token'), body.token);
      assert.match(body.calendarUrl, /^http:\/\/localhost(:\d+)?\/api\/councils\/demo\/appointments\/mine\/calendar\.ics\?token=[\w-]{43}$/);
    });

    it('stores the case with the DNI normalised, the token only hashed, and both reminders', async () => {
      const body = response.json();
      const stored = await suite.app.db
        .selectFrom('cases')
        .innerJoin('appointments', 'appointments.case_id', 'cases.id')
        .selectAll()
        .where('reference', '=', body.reference)
        .executeTakeFirstOrThrow();
      assert.equal(stored.kind, 'appointment');
      assert.equal(stored.id_document, '12345678Z');
      assert.equal(stored.citizen_phone.startsWith('+34611'), true);
      const tokens = await suite.app.db.selectFrom('capability_tokens').selectAll().where('case_id', '=', stored.id).orderBy('purpose').execute();
      assert.deepEqual(tokens.map((token) => token.purpose), ['appointment', 'appointment-view']);
      for (const token of tokens) {
        assert.match(token.hash, /^[0-9a-f]{64}$/);
        assert.notEqual(token.hash, body.token);
        // The links last until 30 days after the end of the appointment.
        assert.equal(token.expires_at, '2026-12-24T09:30:00.000Z');
      }
      const reminders = await suite.app.db.selectFrom('appointment_reminders').select(['kind', 'due_at', 'state']).where('case_id', '=', stored.id).orderBy('due_at').execute();
      assert.deepEqual(reminders, [
        { kind: '24h', due_at: '2026-11-23T09:00:00.000Z', state: 'pending' },
        { kind: '1h', due_at: '2026-11-24T08:00:00.000Z', state: 'pending' },
      ]);
      assert.equal(await usage('2026-11-24T09:00:00.000Z'), 1);
    });

    it('starts the evidence log with a chained appointment.booked event', async () => {
      const { id } = await suite.app.db.selectFrom('cases').select('id').where('reference', '=', response.json().reference).executeTakeFirstOrThrow();
      const { events, valid } = await suite.app.evidence.verify(id);
      assert.equal(valid, true);
      assert.deepEqual(events.map((event) => event.type), ['appointment.booked']);
      assert.equal(events[0]!.actor, 'citizen');
      assert.deepEqual(events[0]!.data.slot, response.json().slot);
    });

    it('emails the confirmation in Catalan, text and HTML, with the link, the documents, the call instructions and a valid .ics', async () => {
      const { reference, appointmentUrl } = response.json();
      const message = (await outbox(suite.database)).find((entry) => entry.subject.includes(reference));
      assert.ok(message, 'a confirmation in the outbox');
      assert.equal(message.subject, `Cita per videotrucada confirmada: ${reference}`);
      assert.equal(message.to, 'marta@example.org');
      assert.ok(message.text.includes(appointmentUrl));
      assert.match(message.text, /dimarts, 24 de novembre del? 2026, 10:00–10:30 \(Europe\/Madrid\)/);
      assert.match(message.text, /Contracte de lloguer o escriptura de l'habitatge/);
      assert.match(message.text, /càmera i al micròfon/);
      assert.match(message.text, /DNI o el NIE a mà/);
      assert.deepEqual(message.attachments, [`${reference}.ics`]);
      assert.match(message.eml, /Content-Type: text\/plain/);
      assert.match(message.eml, /Content-Type: text\/html/);
      assert.match(message.eml, /Content-Type: text\/calendar; charset=utf-8; method=PUBLISH/);
      const attached = parseIcs(emlCalendar(message.eml));
      assert.equal(icsValue(attached, 'METHOD'), 'PUBLISH');
      assert.equal(icsValue(attached, 'DTSTART'), icsUtc('2026-11-24T09:00:00.000Z'));

      const calendar = await suite.app.inject(new URL(response.json().calendarUrl).pathname + new URL(response.json().calendarUrl).search);
      assert.equal(calendar.statusCode, 200);
      assert.match(String(calendar.headers['content-type']), /^text\/calendar/);
      assert.match(String(calendar.headers['content-disposition']), new RegExp(`${reference}\\.ics`));
      const ics = parseIcs(calendar.body);
      assert.deepEqual(ics[0], ['BEGIN', 'VCALENDAR']);
      assert.deepEqual(ics.at(-1), ['END', 'VCALENDAR']);
      assert.ok(ics.some(([key, value]) => key === 'BEGIN' && value === 'VEVENT'));
      assert.ok(ics.some(([key, value]) => key === 'BEGIN' && value === 'VALARM'));
      assert.equal(icsValue(ics, 'METHOD'), 'PUBLISH');
      assert.equal(icsValue(ics, 'DTSTART'), icsUtc('2026-11-24T09:00:00.000Z'));
      assert.equal(icsValue(ics, 'DTEND'), icsUtc('2026-11-24T09:30:00.000Z'));
      assert.equal(icsValue(ics, 'SEQUENCE'), '0');
      assert.match(icsValue(ics, 'UID')!, /^appointment-[0-9a-f-]{36}@finestreta$/);
      assert.match(icsValue(ics, 'SUMMARY')!, /Alta al padró municipal/);
      // The link in the file is the calendar's, not the personal link the email carries.
      const link = new URL(icsValue(ics, 'URL')!);
      assert.equal(link.searchParams.get('token'), new URL(response.json().calendarUrl).searchParams.get('token'));
      assert.notEqual(link.searchParams.get('token'), new URL(appointmentUrl).searchParams.get('token'));
      assert.ok(icsValue(ics, 'DESCRIPTION')!.includes(link.toString()));
    });

    it('shows the citizen their appointment through the token, with the join window', async () => {
      const { token, reference } = response.json();
      const shown = await suite.app.inject(`/api/councils/demo/appointments/mine?token=${token}&lang=en`);
      assert.equal(shown.statusCode, 200);
      const stored = await suite.app.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
      assert.deepEqual(shown.json(), {
        id: stored.id,
        reference,
        state: 'booked',
        procedure: {
          id: 'padro',
          name: 'Registering on the municipal roll',
          durationMinutes: 30,
          documents: [
            { id: 'dni', name: 'DNI or NIE (identity document)' },
            { id: 'habitatge', name: 'Rental contract or title deed of the home' },
          ],
        },
        slot: { start: '2026-11-24T09:00:00.000Z', end: '2026-11-24T09:30:00.000Z' },
        name: 'Marta Soler',
        email: 'marta@example.org',
        timeZone: 'Europe/Madrid',
        joinOpensAt: '2026-11-24T08:50:00.000Z',
        canJoin: false,
        canReschedule: true,
        canCancel: true,
        access: 'full',
      });
      const forged = await suite.app.inject('/api/councils/demo/appointments/mine?token=forged');
      assert.equal(forged.statusCode, 401);
      assert.equal(forged.json().code, 'FIN_ERR_TOKEN_INVALID');
    });
  });

  describe('a procedure longer than one slot', () => {
    it('takes consecutive slots and holds them all, so shorter bookings see both full', async () => {
      const first = await book(suite.app, { procedure: 'ajuts', slot: '2026-11-24T11:00:00.000Z', phone: phone() });
      assert.equal(first.statusCode, 201, first.body);
      assert.deepEqual(first.json().slot, { start: '2026-11-24T11:00:00.000Z', end: '2026-11-24T11:45:00.000Z' });
      assert.equal(await usage('2026-11-24T11:00:00.000Z'), 1);
      assert.equal(await usage('2026-11-24T11:30:00.000Z'), 1);
      assert.equal((await book(suite.app, { procedure: 'ajuts', slot: '2026-11-24T11:00:00.000Z', phone: phone() })).statusCode, 201);

      for (const slot of ['2026-11-24T11:00:00.000Z', '2026-11-24T11:30:00.000Z']) {
        const full = await book(suite.app, { slot, phone: phone() });
        assert.equal(full.statusCode, 409);
        assert.equal(full.json().code, 'FIN_ERR_SLOT_TAKEN');
        assert.equal(full.json().field, 'slot');
        assert.ok(full.json().alternatives.length > 0);
      }
      // 10:30 needs 11:00 too, which is full; 12:00 is untouched.
      const listed = (await suite.app.inject('/api/councils/demo/appointments/slots?procedure=ajuts')).json().slots.map((slot: { start: string }) => slot.start);
      assert.ok(!listed.includes('2026-11-24T10:30:00.000Z'));
      assert.ok(!listed.includes('2026-11-24T11:00:00.000Z'));
      assert.ok(listed.includes('2026-11-24T12:00:00.000Z'));
      const half = await book(suite.app, { procedure: 'ajuts', slot: '2026-11-24T10:30:00.000Z', phone: phone() });
      assert.equal(half.statusCode, 409);
      // The failed booking took 10:30 before finding 11:00 full; the rollback gave it back.
      assert.equal(await usage('2026-11-24T10:30:00.000Z'), 0);
    });

    it('refuses a start from which the procedure would run past closing time', async () => {
      const late = await book(suite.app, { procedure: 'ajuts', slot: '2026-11-24T18:30:00.000Z', phone: phone() });
      assert.equal(late.statusCode, 400);
      assert.equal(late.json().code, 'FIN_ERR_SLOT_UNAVAILABLE');
    });
  });

  describe('when many citizens ask for the last places at once', () => {
    it('gives exactly the capacity, with every slot of a long procedure counted once per booking', async () => {
      const slot = '2026-11-25T09:00:00.000Z';
      const responses = await Promise.all(Array.from({ length: 12 }, () => book(suite.app, { procedure: 'ajuts', slot, phone: phone() })));
      const created = responses.filter((response) => response.statusCode === 201);
      const taken = responses.filter((response) => response.statusCode === 409);
      assert.equal(created.length, 2, responses.map((response) => response.body).join('\n'));
      assert.equal(taken.length, 10);
      assert.ok(taken.every((response) => response.json().code === 'FIN_ERR_SLOT_TAKEN'));
      assert.equal(await usage('2026-11-25T09:00:00.000Z'), 2);
      assert.equal(await usage('2026-11-25T09:30:00.000Z'), 2);
      const stored = await suite.app.db.selectFrom('appointments').select('case_id').where('slot_start', '=', slot).execute();
      assert.equal(stored.length, 2);
    });
  });

  describe('rescheduling and cancelling through the personal link', () => {
    it('moves the appointment: frees the old places, takes the new ones, emails an updated .ics with the same UID', async () => {
      const created = await book(suite.app, { procedure: 'ajuts', slot: '2026-11-26T09:00:00.000Z', phone: phone() });
      const { token, reference } = created.json();
      const booked = parseIcs((await suite.app.inject(`/api/councils/demo/appointments/mine/calendar.ics?token=${token}`)).body);
      const moved = await mine(suite.app, 'reschedule', { token, slot: '2026-11-26T09:30:00.000Z' });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json().state, 'booked');
      assert.deepEqual(moved.json().slot, { start: '2026-11-26T09:30:00.000Z', end: '2026-11-26T10:15:00.000Z' });
      assert.equal(await usage('2026-11-26T09:00:00.000Z'), 0);
      assert.equal(await usage('2026-11-26T09:30:00.000Z'), 1);
      assert.equal(await usage('2026-11-26T10:00:00.000Z'), 1);

      const messages = (await outbox(suite.database)).filter((entry) => entry.subject.includes(reference));
      // Both were written at the same frozen instant, so their order in the outbox is arbitrary.
      assert.deepEqual(messages.map((entry) => entry.subject).sort(), [`Cita per videotrucada canviada: ${reference}`, `Cita per videotrucada confirmada: ${reference}`]);
      const calendar = parseIcs((await suite.app.inject(`/api/councils/demo/appointments/mine/calendar.ics?token=${token}`)).body);
      assert.equal(icsValue(calendar, 'SEQUENCE'), '1');
      assert.equal(icsValue(calendar, 'DTSTART'), icsUtc('2026-11-26T09:30:00.000Z'));
      assert.equal(icsValue(calendar, 'UID'), icsValue(booked, 'UID'));
      const attached = parseIcs(emlCalendar(messages.find((entry) => entry.subject.includes('canviada'))!.eml));
      assert.equal(icsValue(attached, 'UID'), icsValue(booked, 'UID'));
      assert.equal(icsValue(attached, 'SEQUENCE'), '1');
      assert.equal(icsValue(attached, 'DTSTART'), icsUtc('2026-11-26T09:30:00.000Z'));

      const { id } = await suite.app.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
      const { events, valid } = await suite.app.evidence.verify(id);
      assert.equal(valid, true);
      assert.deepEqual(events.map((event) => event.type), ['appointment.booked', 'appointment.rescheduled']);
    });

    it('answers each of many concurrent changes of one appointment, moving it once per success, never a 5xx', async () => {
      const created = await book(suite.app, { slot: '2026-11-27T09:00:00.000Z', phone: phone() });
      const { token, reference } = created.json();
      const targets = ['09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30', '13:00'].map((time) => `2026-11-27T${time}:00.000Z`);
      const answers = await Promise.all(targets.map((slot) => mine(suite.app, 'reschedule', { token, slot })));
      for (const answer of answers) assert.ok(answer.statusCode === 200 || answer.json().code === 'FIN_ERR_CHANGED_MEANWHILE', answer.body);
      const moved = answers.filter((answer) => answer.statusCode === 200).length;
      assert.ok(moved >= 1);
      const { id } = await suite.app.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
      const { events, valid } = await suite.app.evidence.verify(id);
      assert.equal(valid, true);
      assert.equal(events.filter((event) => event.type === 'appointment.rescheduled').length, moved);
      const { slot } = (await suite.app.inject(`/api/councils/demo/appointments/mine?token=${token}`)).json();
      // Every half hour of the day is checked: the appointment holds the places of its final time, and no other.
      const halfHours = Array.from({ length: 12 }, (_, i) => new Date(Date.parse('2026-11-27T08:00:00.000Z') + i * 1_800_000));
      for (const start of halfHours) {
        const inside = start.getTime() >= Date.parse(slot.start) && start.getTime() < Date.parse(slot.end);
        assert.equal(await usage(start.toISOString()), inside ? 1 : 0, start.toISOString());
      }
    });

    it('keeps the old time when the new one is full: 409 FIN_ERR_SLOT_TAKEN with alternatives', async () => {
      const full = '2026-11-26T12:00:00.000Z';
      await book(suite.app, { slot: full, phone: phone() });
      await book(suite.app, { slot: full, phone: phone() });
      const created = await book(suite.app, { slot: '2026-11-26T13:00:00.000Z', phone: phone() });
      const moved = await mine(suite.app, 'reschedule', { token: created.json().token, slot: full });
      assert.equal(moved.statusCode, 409);
      assert.equal(moved.json().code, 'FIN_ERR_SLOT_TAKEN');
      assert.ok(moved.json().alternatives.length > 0);
      assert.equal(await usage('2026-11-26T13:00:00.000Z'), 1);
      assert.equal(await usage(full), 2);
    });

    it('cancels: frees every place, emails a METHOD:CANCEL .ics, and refuses a second cancel or a reschedule', async () => {
      const created = await book(suite.app, { procedure: 'ajuts', slot: '2026-11-27T09:00:00.000Z', phone: phone(), language: 'en' });
      const { token, reference } = created.json();
      const cancelled = await mine(suite.app, 'cancel', { token });
      assert.equal(cancelled.statusCode, 200);
      assert.equal(cancelled.json().state, 'cancelled');
      assert.equal(cancelled.json().canCancel, false);
      assert.equal(await usage('2026-11-27T09:00:00.000Z'), 0);
      assert.equal(await usage('2026-11-27T09:30:00.000Z'), 0);
      const reminders = await suite.app.db.selectFrom('appointment_reminders').innerJoin('cases', 'cases.id', 'appointment_reminders.case_id').select('appointment_reminders.kind').where('reference', '=', reference).execute();
      assert.equal(reminders.length, 0);

      const notice = (await outbox(suite.database)).find((entry) => entry.subject === `Video appointment cancelled: ${reference}`);
      assert.ok(notice);
      const attached = parseIcs(emlCalendar(notice.eml));
      assert.equal(icsValue(attached, 'METHOD'), 'CANCEL');
      assert.equal(icsValue(attached, 'STATUS'), 'CANCELLED');
      assert.equal(icsValue(attached, 'DESCRIPTION'), undefined);
      const calendar = parseIcs((await suite.app.inject(`/api/councils/demo/appointments/mine/calendar.ics?token=${token}`)).body);
      assert.equal(icsValue(calendar, 'METHOD'), 'CANCEL');
      assert.equal(icsValue(calendar, 'SEQUENCE'), '1');

      for (const [action, payload] of [['cancel', { token }], ['reschedule', { token, slot: '2026-11-27T10:00:00.000Z' }]] as const) {
        const again = await mine(suite.app, action, payload);
        assert.equal(again.statusCode, 409);
        assert.equal(again.json().code, 'FIN_ERR_APPOINTMENT_NOT_CHANGEABLE');
      }
    });

    it('refuses a reschedule less than the lead time before the start', async () => {
      const created = await book(suite.app, { slot: '2026-11-23T09:00:00.000Z', phone: phone() });
      const saved = now;
      now = new Date('2026-11-23T08:45:00Z');
      try {
        const moved = await mine(suite.app, 'reschedule', { token: created.json().token, slot: '2026-11-23T12:00:00.000Z' });
        assert.equal(moved.statusCode, 409);
        assert.equal(moved.json().code, 'FIN_ERR_APPOINTMENT_NOT_CHANGEABLE');
        assert.equal((await suite.app.inject(`/api/councils/demo/appointments/mine?token=${created.json().token}`)).json().canReschedule, false);
      } finally {
        now = saved;
      }
    });
  });

  describe("the calendar file's link", () => {
    /** The token in the link a calendar file carries. */
    const linkIn = (ics: Array<[string, string]>) => new URL(icsValue(ics, 'URL')!).searchParams.get('token')!;
    const calendarOf = async (token: string) => {
      const response = await suite.app.inject(`/api/councils/demo/appointments/mine/calendar.ics?token=${encodeURIComponent(token)}`);
      assert.equal(response.statusCode, 200, response.body);
      return parseIcs(response.body);
    };

    it('never carries the personal link: the emailed file, the download and the calendar address have a narrower token', async () => {
      const created = (await book(suite.app, { slot: '2026-11-25T10:00:00.000Z', phone: phone() })).json();
      const message = (await outbox(suite.database)).find((entry) => entry.subject.includes(created.reference))!;
      const attached = emlCalendar(message.eml);
      assert.ok(!attached.replace(/\r?\n[ \t]/g, '').includes(created.token), 'the attached .ics holds the personal token');
      const calendar = linkIn(parseIcs(attached));
      assert.notEqual(calendar, created.token);
      assert.equal(new URL(created.calendarUrl).searchParams.get('token'), calendar);

      const downloaded = await suite.app.inject(`/api/councils/demo/appointments/mine/calendar.ics?token=${created.token}`);
      assert.ok(!downloaded.body.replace(/\r?\n[ \t]/g, '').includes(created.token));
      assert.equal(linkIn(parseIcs(downloaded.body)), calendar);
      // The calendar's own address gives the same file, and the same narrow link.
      assert.equal(linkIn(await calendarOf(calendar)), calendar);
      assert.equal(new URL(icsValue(await calendarOf(calendar), 'URL')!).pathname, '/cita');
    });

    it('opens the appointment page without the email and without a way to change it, and checks in to join', async () => {
      const created = (await book(suite.app, { slot: '2026-11-25T10:30:00.000Z', phone: phone() })).json();
      const calendar = new URL(created.calendarUrl).searchParams.get('token')!;
      const shown = await suite.app.inject(`/api/councils/demo/appointments/mine?token=${calendar}&lang=en`);
      assert.equal(shown.statusCode, 200, shown.body);
      const view = shown.json();
      assert.equal(view.reference, created.reference);
      assert.equal(view.name, 'Marta Soler');
      assert.equal('email' in view, false);
      assert.deepEqual([view.access, view.canReschedule, view.canCancel], ['calendar', false, false]);

      const saved = now;
      try {
        now = new Date('2026-11-25T10:25:00Z');
        const checked = await mine(suite.app, 'check-in', { token: calendar });
        assert.equal(checked.statusCode, 200, checked.body);
        assert.deepEqual([checked.json().state, checked.json().access, 'email' in checked.json()], ['checked_in', 'calendar', false]);
      } finally {
        now = saved;
      }
    });

    it('cannot cancel or reschedule, send or see documents, or answer the survey', async () => {
      const created = (await book(suite.app, { slot: '2026-11-25T11:00:00.000Z', phone: phone() })).json();
      const calendar = new URL(created.calendarUrl).searchParams.get('token')!;
      for (const response of [
        await mine(suite.app, 'cancel', { token: calendar }),
        await mine(suite.app, 'reschedule', { token: calendar, slot: '2026-11-25T13:00:00.000Z' }),
      ]) {
        assert.equal(response.statusCode, 403, response.body);
        assert.equal(response.json().code, 'FIN_ERR_TOKEN_FORBIDDEN');
      }
      assert.equal(await stateOf(created.reference), 'booked');
      assert.equal(await usage('2026-11-25T11:00:00.000Z'), 1);

      const documents = await suite.app.inject(`/api/councils/demo/documents/mine?token=${calendar}`);
      const upload = await suite.app.inject({
        method: 'POST',
        url: '/api/councils/demo/uploads',
        headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${calendar}`, 'upload-length': '10', 'upload-metadata': `filename ${Buffer.from('dni.pdf').toString('base64')}` },
      });
      const survey = await suite.app.inject(`/api/councils/demo/surveys/mine?token=${calendar}`);
      for (const response of [documents, upload, survey]) {
        assert.ok([401, 403, 404].includes(response.statusCode), `${response.statusCode} ${response.body}`);
        assert.match(response.json().code, /^FIN_ERR_/);
      }
      // The personal link still does all of it.
      assert.equal((await suite.app.inject(`/api/councils/demo/documents/mine?token=${created.token}`)).statusCode, 200);
      assert.equal((await mine(suite.app, 'cancel', { token: created.token })).statusCode, 200);
    });

    it('moves with the appointment: after a reschedule it still opens it, and stops when the personal link does', async () => {
      const created = (await book(suite.app, { slot: '2026-11-25T11:30:00.000Z', phone: phone() })).json();
      const calendar = new URL(created.calendarUrl).searchParams.get('token')!;
      assert.equal((await mine(suite.app, 'reschedule', { token: created.token, slot: '2026-11-25T12:00:00.000Z' })).statusCode, 200);
      const saved = now;
      try {
        now = new Date('2026-12-25T12:29:00Z');
        assert.equal((await suite.app.inject(`/api/councils/demo/appointments/mine?token=${calendar}`)).statusCode, 200);
        now = new Date('2026-12-25T12:31:00Z');
        assert.equal((await suite.app.inject(`/api/councils/demo/appointments/mine?token=${calendar}`)).statusCode, 401);
      } finally {
        now = saved;
      }
    });
  });

  describe('a token of one case', () => {
    it('never reads or changes another case, another council or another kind of case', async () => {
      const a = (await book(suite.app, { slot: '2026-11-26T11:00:00.000Z', phone: phone() })).json();
      const b = (await book(suite.app, { slot: '2026-11-26T11:00:00.000Z', phone: phone() })).json();
      assert.equal((await mine(suite.app, 'cancel', { token: a.token })).statusCode, 200);
      assert.equal(await stateOf(b.reference), 'booked');
      assert.equal((await suite.app.inject(`/api/councils/demo/appointments/mine?token=${b.token}`)).json().reference, b.reference);

      // The same token presented to another council that offers appointments.
      for (const request of [
        suite.app.inject(`/api/councils/altra/appointments/mine?token=${b.token}`),
        suite.app.inject(`/api/councils/altra/appointments/mine/calendar.ics?token=${b.token}`),
        mine(suite.app, 'cancel', { token: b.token }, 'altra'),
        mine(suite.app, 'reschedule', { token: b.token, slot: '2026-11-27T12:00:00.000Z' }, 'altra'),
        mine(suite.app, 'check-in', { token: b.token }, 'altra'),
      ]) {
        const response = await request;
        assert.equal(response.statusCode, 401);
        assert.equal(response.json().code, 'FIN_ERR_TOKEN_INVALID');
      }
      assert.equal(await stateOf(b.reference), 'booked');

      // A callback's token opens no appointment.
      const callback = await suite.app.inject({
        method: 'POST',
        url: '/api/councils/demo/callbacks',
        payload: { topic: 'padro', slot: 'asap', name: 'Pau', phone: phone(), consent: true, language: 'ca', website: '' },
      });
      const callbackToken = new URL(callback.json().cancelUrl).searchParams.get('token')!;
      assert.equal((await suite.app.inject(`/api/councils/demo/appointments/mine?token=${callbackToken}`)).statusCode, 401);
    });

    it('stops working 30 days after the end of the appointment', async () => {
      const created = (await book(suite.app, { slot: '2026-11-27T12:00:00.000Z', phone: phone() })).json();
      const saved = now;
      try {
        now = new Date('2026-12-27T12:29:00Z');
        assert.equal((await suite.app.inject(`/api/councils/demo/appointments/mine?token=${created.token}`)).statusCode, 200);
        now = new Date('2026-12-27T12:31:00Z');
        assert.equal((await suite.app.inject(`/api/councils/demo/appointments/mine?token=${created.token}`)).statusCode, 401);
      } finally {
        now = saved;
      }
    });
  });

  describe('checking in', () => {
    it('opens 10 minutes before the start and closes at the end', async () => {
      const created = (await book(suite.app, { slot: '2026-11-27T13:00:00.000Z', phone: phone() })).json();
      const saved = now;
      try {
        now = new Date('2026-11-27T12:49:00Z');
        const early = await mine(suite.app, 'check-in', { token: created.token });
        assert.equal(early.statusCode, 409);
        assert.equal(early.json().code, 'FIN_ERR_APPOINTMENT_NOT_OPEN');

        now = new Date('2026-11-27T12:50:00Z');
        const shown = await suite.app.inject(`/api/councils/demo/appointments/mine?token=${created.token}`);
        assert.equal(shown.json().canJoin, true);
        const checked = await mine(suite.app, 'check-in', { token: created.token });
        assert.equal(checked.statusCode, 200);
        assert.equal(checked.json().state, 'checked_in');
        assert.equal(checked.json().canCancel, false);
        assert.equal((await mine(suite.app, 'check-in', { token: created.token })).statusCode, 200);

        const late = (await book(suite.app, { slot: '2026-11-27T14:00:00.000Z', phone: phone() })).json();
        now = new Date('2026-11-27T14:30:00Z');
        const over = await mine(suite.app, 'check-in', { token: late.token });
        assert.equal(over.statusCode, 409);
        assert.equal(over.json().code, 'FIN_ERR_APPOINTMENT_NOT_OPEN');
      } finally {
        now = saved;
      }
      const { id } = await suite.app.db.selectFrom('cases').select('id').where('reference', '=', created.reference).executeTakeFirstOrThrow();
      assert.deepEqual((await suite.app.evidence.list(id)).map((event) => event.type), ['appointment.booked', 'appointment.checked_in']);
    });
  });

  describe('when a field is wrong', () => {
    const cases: Array<[string, Record<string, unknown>, number, string, string]> = [
      ['a missing name', { name: undefined }, 400, 'FIN_ERR_VALIDATION', 'name'],
      ['a blank name', { name: '  ' }, 400, 'FIN_ERR_VALIDATION', 'name'],
      ['a name over 120 characters', { name: 'x'.repeat(121) }, 400, 'FIN_ERR_VALIDATION', 'name'],
      ['a missing phone', { phone: undefined }, 400, 'FIN_ERR_VALIDATION', 'phone'],
      ['a phone that is not a number', { phone: '12345' }, 400, 'FIN_ERR_PHONE_INVALID', 'phone'],
      ['a missing email', { email: undefined }, 400, 'FIN_ERR_VALIDATION', 'email'],
      ['a blank email', { email: ' ' }, 400, 'FIN_ERR_EMAIL_INVALID', 'email'],
      ['an email without a domain', { email: 'marta@' }, 400, 'FIN_ERR_EMAIL_INVALID', 'email'],
      ['a DNI with the wrong letter', { idDocument: '12345678A' }, 400, 'FIN_ERR_ID_DOCUMENT_INVALID', 'idDocument'],
      ['a NIE with the wrong letter', { idDocument: 'X1234567X' }, 400, 'FIN_ERR_ID_DOCUMENT_INVALID', 'idDocument'],
      ['an id document over 20 characters', { idDocument: '1'.repeat(21) }, 400, 'FIN_ERR_VALIDATION', 'idDocument'],
      ['no consent', { consent: false }, 400, 'FIN_ERR_CONSENT_REQUIRED', 'consent'],
      ['an unknown procedure', { procedure: 'bodes' }, 400, 'FIN_ERR_PROCEDURE_UNKNOWN', 'procedure'],
      ['a missing procedure', { procedure: undefined }, 400, 'FIN_ERR_VALIDATION', 'procedure'],
      ['an unknown language', { language: 'fr' }, 400, 'FIN_ERR_VALIDATION', 'language'],
      ['a slot outside the opening hours', { slot: '2026-11-24T21:00:00.000Z' }, 400, 'FIN_ERR_SLOT_UNAVAILABLE', 'slot'],
      ['a slot on a holiday', { slot: '2026-11-30T09:00:00.000Z' }, 400, 'FIN_ERR_SLOT_UNAVAILABLE', 'slot'],
      ['a slot in the past', { slot: '2026-11-20T09:00:00.000Z' }, 400, 'FIN_ERR_SLOT_UNAVAILABLE', 'slot'],
      ['a slot within the lead time', { slot: '2026-11-23T07:00:00.000Z' }, 400, 'FIN_ERR_SLOT_UNAVAILABLE', 'slot'],
      ['a slot beyond the horizon', { slot: '2026-12-15T09:00:00.000Z' }, 400, 'FIN_ERR_SLOT_UNAVAILABLE', 'slot'],
      ['a slot that is not a date', { slot: 'tomorrow' }, 400, 'FIN_ERR_SLOT_UNAVAILABLE', 'slot'],
    ];
    for (const [what, overrides, status, code, field] of cases) {
      it(`answers ${status} ${code} for ${what}, naming ${field}`, async () => {
        const response = await book(suite.app, { phone: '699 111 222', ...overrides });
        assert.equal(response.statusCode, status, response.body);
        assert.equal(response.json().code, code);
        assert.equal(response.json().field, field);
        assert.ok(response.json().message.length > 0);
      });
    }

    it('stores nothing for a rejected request', async () => {
      const stored = await suite.app.db.selectFrom('cases').select('id').where('citizen_phone', '=', '+34699111222').execute();
      assert.equal(stored.length, 0);
    });

    it('allows three bookings per phone number a day, then answers 429 FIN_ERR_RATE_LIMITED', async () => {
      const same = phone();
      for (const slot of ['2026-12-01T09:00:00.000Z', '2026-12-01T09:30:00.000Z', '2026-12-01T10:00:00.000Z']) {
        assert.equal((await book(suite.app, { slot, phone: same })).statusCode, 201);
      }
      const fourth = await book(suite.app, { slot: '2026-12-01T10:30:00.000Z', phone: same });
      assert.equal(fourth.statusCode, 429);
      assert.deepEqual([fourth.json().code, fourth.json().field], ['FIN_ERR_RATE_LIMITED', 'phone']);
    });

    it('replays the first answer to a repeat with the same Idempotency-Key', async () => {
      const payload = { procedure: 'padro', slot: '2026-12-01T11:00:00.000Z', name: 'Rita', email: 'rita@example.org', phone: phone(), consent: true, language: 'es', website: '' };
      const headers = { 'idempotency-key': 'appointment-outbox-1' };
      const first = await suite.app.inject({ method: 'POST', url: '/api/councils/demo/appointments', headers, payload });
      const again = await suite.app.inject({ method: 'POST', url: '/api/councils/demo/appointments', headers, payload });
      assert.equal(first.statusCode, 201);
      assert.deepEqual(again.json(), first.json());
      assert.equal(await usage('2026-12-01T11:00:00.000Z'), 1);
    });
  });

  describe('the personal link', () => {
    it("opens the council's own page when it has one, and this server's /cita otherwise", async () => {
      const council = (await suite.app.councils.get('demo'))!;
      assert.equal(appointmentUrl(council, 'https://oac.example', 'T0k'), 'https://oac.example/cita?council=demo&token=T0k');
      const own = { ...council, appointmentPageUrl: 'https://www.vilademo.example/cita-previa?seccio=oac' };
      assert.equal(appointmentUrl(own, 'https://oac.example', 'T0k'), 'https://www.vilademo.example/cita-previa?seccio=oac&token=T0k');
    });
  });

  describe('the /cita page', () => {
    it('renders in the asked language, loads the bundle and embeds the element, with no inline script', async () => {
      for (const [lang, title] of [['ca', 'La meva cita per videotrucada'], ['es', 'Mi cita por videollamada'], ['en', 'My video appointment']] as const) {
        const page = await suite.app.inject(`/cita?lang=${lang}&token=abc`);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, new RegExp(`<html lang="${lang}">`));
        assert.match(page.body, new RegExp(`<h1>${title}</h1>`));
        assert.ok(page.body.includes('<script type="module" src="/widgets/finestreta.js"></script>'));
        assert.match(page.body, /<finestreta-config api="" council="demo"><video-appointment><\/video-appointment><\/finestreta-config>/);
        assert.equal((page.body.match(/<script/g) ?? []).length, 1);
        assert.ok(!page.body.includes('abc'), 'the token is not echoed into the page');
        assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
        assert.equal(page.headers['cache-control'], 'no-store');
      }
    });
  });
});
