import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import { AppError } from '../../shared/errors.js';
import type { CouncilConfig, Language } from '../councils/schemas.js';
import type { MailBlock } from '../mail/compose.js';
import { hashToken, newToken } from '../tokens/index.js';
import { CONFIRMATION_TEXTS } from './texts.js';

const DEFAULT_EXPIRY_MINUTES = 30;

/** What a booking that must be confirmed adds to its answer and its email. */
export interface PendingConfirmation {
  url: string;
  expiresAt: Date;
  minutes: number;
}

/** The block of the booking email that asks to confirm it. */
export function confirmationBlock(language: Language, confirmation: PendingConfirmation): MailBlock {
  const t = CONFIRMATION_TEXTS[language];
  return { link: { intro: t.emailIntro(confirmation.minutes), label: t.emailLink, url: confirmation.url } };
}

/**
 * Bookings that hold their place only once confirmed from the emailed link, where the council
 * asks for it: a flood with made-up addresses then frees its places by itself. Unconfirmed ones
 * are cancelled by `sweep`, which each process runs on a timer (tests call it).
 */
export class BookingConfirmations {
  constructor(private readonly fastify: FastifyInstance) {}

  /** Opens the confirmation of a booking in the transaction that makes it, or undefined when its council does not ask for one. */
  async open(trx: Transaction<Database>, council: CouncilConfig, caseId: string, now: Date): Promise<PendingConfirmation | undefined> {
    if (!council.emailConfirmation?.required) return undefined;
    const minutes = council.emailConfirmation.expiryMinutes ?? DEFAULT_EXPIRY_MINUTES;
    const expiresAt = new Date(now.getTime() + minutes * 60_000);
    const { token, hash } = newToken();
    await trx
      .insertInto('booking_confirmations')
      .values({ case_id: caseId, token_hash: hash, expires_at: expiresAt.toISOString(), confirmed_at: null })
      .execute();
    return { url: `${this.fastify.config.linkBase}/bookings/confirm?${new URLSearchParams({ council: council.id, token })}`, expiresAt, minutes };
  }

  /** The booking a link's token confirms, as long as it can still be confirmed (or already was). */
  async find(councilId: string, token: string, now: Date) {
    return this.fastify.db
      .selectFrom('booking_confirmations')
      .innerJoin('cases', 'cases.id', 'booking_confirmations.case_id')
      .select(['cases.id', 'cases.kind', 'cases.reference', 'cases.language', 'booking_confirmations.confirmed_at as confirmedAt'])
      .where('booking_confirmations.token_hash', '=', hashToken(token))
      .where('cases.council_id', '=', councilId)
      .where((eb) => eb.or([eb('booking_confirmations.confirmed_at', 'is not', null), eb('booking_confirmations.expires_at', '>', now.toISOString())]))
      .executeTakeFirst();
  }

  /** Confirms the booking of `token`; a second confirmation changes nothing. */
  async confirm(councilId: string, token: string, now: Date): Promise<{ reference: string; language: Language }> {
    const found = await this.find(councilId, token, now);
    if (!found) throw new AppError(401, 'FIN_ERR_TOKEN_INVALID', 'This link is not valid or has expired');
    if (!found.confirmedAt) {
      await this.fastify.db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('booking_confirmations')
          .set({ confirmed_at: now.toISOString() })
          .where('case_id', '=', found.id)
          .where('confirmed_at', 'is', null)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 1) {
          await this.fastify.evidence.append(trx, found.id, { type: `${found.kind}.confirmed`, actor: 'citizen', data: {} }, now);
        }
      });
    }
    return { reference: found.reference, language: found.language };
  }

  /** Cancels the bookings whose confirmation has expired, freeing their places; returns how many. */
  async sweep(now: Date): Promise<number> {
    const expired = await this.fastify.db
      .selectFrom('booking_confirmations')
      .innerJoin('cases', 'cases.id', 'booking_confirmations.case_id')
      .select(['cases.id', 'cases.kind', 'cases.council_id as councilId'])
      .where('booking_confirmations.confirmed_at', 'is', null)
      .where('booking_confirmations.expires_at', '<=', now.toISOString())
      .limit(500)
      .execute();
    let cancelled = 0;
    for (const booking of expired) {
      const council = await this.fastify.councils.get(booking.councilId);
      try {
        if (council && booking.kind === 'callback') await this.fastify.callbacks.cancelFor('system', council.id, booking.id, 'unconfirmed', now);
        if (council && booking.kind === 'appointment') await this.fastify.appointments.cancelFor('system', council, booking.id, 'unconfirmed', now);
        cancelled++;
      } catch (error) {
        // Cancelled or closed meanwhile (by the citizen, the desk or another process): nothing left to free.
        if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
      }
      await this.fastify.db.deleteFrom('booking_confirmations').where('case_id', '=', booking.id).execute();
    }
    return cancelled;
  }
}
