import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { Agent } from '../agents/store.js';
import type { CouncilConfig } from '../councils/schemas.js';

/** How far back the desk looks for floods. */
const REPORT_MS = 24 * 3_600_000;
const HOUR_MS = 3_600_000;
/** Enough for the desk to see and cancel a flood; the oldest beyond it are left out. */
const REPORT_ROWS = 5000;

type Kind = 'callback' | 'appointment';

/**
 * What the desk shows of a flood: the bookings of the last day grouped by the keyed hash of
 * their address, for the addresses above their threshold and, while the council as a whole is
 * above its own, for every address of the last hour.
 */
export async function floodReport(fastify: FastifyInstance, council: CouncilConfig, now: Date) {
  const limits = fastify.flood.limitsOf(council);
  const since = new Date(now.getTime() - REPORT_MS).toISOString();
  const rows = await fastify.flood.store.bookingsSince(council.id, since, REPORT_ROWS);

  const hourAgo = new Date(now.getTime() - HOUR_MS).toISOString();
  const pressure = await fastify.flood.pressure(council, undefined, now);
  const councilFlooding = pressure.council >= pressure.councilThreshold;
  const byOrigin = new Map<string, typeof rows>();
  for (const row of rows) byOrigin.set(row.origin, [...(byOrigin.get(row.origin) ?? []), row]);
  const groups = [...byOrigin.entries()]
    .map(([origin, bookings]) => ({ origin, bookings: bookings.reverse() }))
    .filter(({ bookings }) => bookings.length > limits.addressMax || (councilFlooding && bookings.some((booking) => booking.createdAt > hourAgo)))
    .sort((a, b) => b.bookings.length - a.bookings.length)
    .map(({ origin, bookings }) => ({
      origin: origin.slice(0, 12),
      count: bookings.length,
      first: bookings[0]!.createdAt,
      last: bookings.at(-1)!.createdAt,
      bookings: bookings.map((booking) => ({
        id: booking.id,
        kind: booking.kind,
        reference: booking.reference,
        state: booking.state,
        name: booking.name,
        createdAt: booking.createdAt,
        slot: { start: (booking.callbackStart ?? booking.appointmentStart)!, end: (booking.callbackEnd ?? booking.appointmentEnd)! },
      })),
    }));
  return {
    flooding: councilFlooding || groups.some((group) => group.count > limits.addressMax),
    council: { lastHour: pressure.council, threshold: pressure.councilThreshold },
    groups,
  };
}

/**
 * Cancels the listed bookings of the agent's council, each in its own transaction with its
 * evidence event, and says which could not be (another council's, unknown, already closed).
 */
export async function cancelFlood(fastify: FastifyInstance, agent: Agent, council: CouncilConfig, ids: string[], now: Date) {
  const cases = await fastify.flood.store.caseKinds(council.id, ids);
  const kinds = new Map(cases.map((row) => [row.id, row.kind as Kind]));
  const cancelled: Array<{ id: string; reference: string }> = [];
  const skipped: Array<{ id: string; code: string }> = [];
  const actor = `agent:${agent.id}` as const;
  for (const id of ids) {
    const kind = kinds.get(id);
    if (!kind) {
      skipped.push({ id, code: 'FIN_ERR_NOT_FOUND' });
      continue;
    }
    try {
      const { reference } =
        kind === 'callback'
          ? await fastify.callbacks.cancelFor(actor, council.id, id, 'flood', now)
          : await fastify.appointments.cancelFor(actor, council, id, 'flood', now);
      cancelled.push({ id, reference });
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
      skipped.push({ id, code: error.code });
    }
  }
  return { cancelled, skipped };
}
