import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import { AppError } from '../../shared/errors.js';
import type { Agent } from '../agents/store.js';
import { appointmentUrl, offeringAppointments } from '../appointments/service.js';
import { AppointmentStore } from '../appointments/store.js';
import { insertCase, withNewReference } from '../cases/store.js';
import { procedures } from '../cases/subjects.js';
import type { CouncilConfig, Language } from '../councils/schemas.js';
import type { TestAppointment } from './schemas.js';

/** The reference prefix of the demo seed's appointments, which tells a seeded database. */
export const SEEDED_PREFIX = 'DM';

/**
 * The citizen of every test appointment: the holder of the specimen DNI whose machine-readable
 * zone the README prints, so that a newcomer without a document of their own can go through the
 * whole identity check and see the MRZ match the booking.
 */
export const DEMO_CITIZEN = {
  name: 'Carmen Española Española',
  idDocument: '99999999R',
  email: 'carmen.espanola@vilademo.example',
  phone: '+34600000000',
} as const;

/** The procedure a test appointment is for: the council's first, named in `language`. */
export function demoProcedure(council: CouncilConfig, language: Language): { id: string; name: string } {
  const first = procedures(offeringAppointments(council), language)[0];
  if (!first) throw new AppError('FIN_ERR_SERVICE_UNAVAILABLE', 'This council has no procedure to book');
  return { id: first.id, name: first.name };
}

/** How the demo seed (seed.ts) makes its appointments: references `DM-…`, and a start in the past. */
export interface SeededAppointment {
  start: Date;
}

/**
 * Makes an appointment of the agent's council that starts now, so that its call can be entered
 * at once, any day and at any hour. Unlike a booking it takes no slot (it holds none, so it uses
 * no real capacity and frees none when cancelled), needs no lead time, sends no email and has no
 * reminders; its evidence says it is a demonstration and who made it. `recordAnswer` stores the
 * answer in the same transaction, for a retry with the same Idempotency-Key. `seeded` makes one
 * of the demo seed's instead, which started at its given time.
 */
export async function createTestAppointment(
  fastify: FastifyInstance,
  council: CouncilConfig,
  agent: Agent,
  language: Language,
  now: Date,
  recordAnswer: (trx: Transaction<Database>, answer: TestAppointment) => Promise<void>,
  seeded?: SeededAppointment,
): Promise<TestAppointment> {
  const procedure = demoProcedure(council, language);
  const { durationMinutes } = council.procedures.find((candidate) => candidate.id === procedure.id)!;
  const store = new AppointmentStore(fastify.db);
  const start = seeded?.start ?? now;
  const slot = { start, end: new Date(start.getTime() + durationMinutes * 60_000), starts: [] };
  const window = { start: slot.start.toISOString(), end: slot.end.toISOString() };

  const created = await withNewReference(seeded ? SEEDED_PREFIX : 'VA', (reference) =>
    fastify.db.transaction().execute(async (trx) => {
      const id = await insertCase(
        trx,
        {
          council_id: council.id,
          kind: 'appointment',
          reference,
          state: 'booked',
          language,
          citizen_name: DEMO_CITIZEN.name,
          citizen_phone: DEMO_CITIZEN.phone,
          citizen_email: DEMO_CITIZEN.email,
        },
        now,
      );
      await store.insert(trx, id, { procedure: procedure.id, idDocument: DEMO_CITIZEN.idDocument, slot });
      const token = await fastify.tokens.issue(trx, { caseId: id, purpose: 'appointment', expiresAt: fastify.appointments.mail.linkExpiry(slot.end), now });
      await fastify.evidence.append(
        trx,
        id,
        {
          type: 'appointment.booked',
          actor: `agent:${agent.id}`,
          data: { procedure: procedure.id, slot: window, slots: 0, language, idDocument: true, demo: true, ...(seeded && { seeded: true }) },
        },
        now,
      );
      const answer = { id, reference, procedure, slot: window, appointmentUrl: appointmentUrl(council, fastify.config.linkBase, token) };
      await recordAnswer(trx, answer);
      return answer;
    }),
  );
  await fastify.appointments.lifecycle.announce((await store.find(created.id))!);
  return created;
}
