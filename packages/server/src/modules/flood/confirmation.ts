import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import { AppError } from '../../shared/errors.js';
import type { CouncilConfig, Language } from '../councils/schemas.js';
import type { MailBlock } from '../mail/compose.js';
import { hashToken, newToken } from '../tokens/index.js';
import type { FloodStore } from './store.js';
import { CONFIRMATION_TEXTS } from './texts.js';

const DEFAULT_EXPIRY_MINUTES = 30;
/** Bookings cancelled per sweep at most; the rest wait for the next. */
const SWEEP_BATCH = 500;

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
  constructor(
    private readonly fastify: FastifyInstance,
    private readonly store: FloodStore,
  ) {}

  /** Opens the confirmation of a booking in the transaction that makes it, or undefined when its council does not ask for one. */
  async open(trx: Transaction<Database>, council: CouncilConfig, caseId: string, now: Date): Promise<PendingConfirmation | undefined> {
    if (!council.emailConfirmation?.required) return undefined;
    const minutes = council.emailConfirmation.expiryMinutes ?? DEFAULT_EXPIRY_MINUTES;
    const expiresAt = new Date(now.getTime() + minutes * 60_000);
    const { token, hash } = newToken();
    await this.store.openConfirmation(trx, { caseId, tokenHash: hash, expiresAt });
    return { url: `${this.fastify.config.linkBase}/bookings/confirm?${new URLSearchParams({ council: council.id, token })}`, expiresAt, minutes };
  }

  /** The booking a link's token confirms, as long as it can still be confirmed (or already was). */
  find(councilId: string, token: string, now: Date) {
    return this.store.findConfirmation(councilId, hashToken(token), now);
  }

  /** Confirms the booking of `token`; a second confirmation changes nothing. */
  async confirm(councilId: string, token: string, now: Date): Promise<{ reference: string; language: Language }> {
    const found = await this.find(councilId, token, now);
    if (!found) throw new AppError('FIN_ERR_TOKEN_INVALID', 'This link is not valid or has expired');
    if (!found.confirmedAt) {
      await this.fastify.db.transaction().execute(async (trx) => {
        if (await this.store.markConfirmed(trx, found.id, now)) {
          await this.fastify.evidence.append(trx, found.id, { type: `${found.kind}.confirmed`, actor: 'citizen', data: {} }, now);
        }
      });
    }
    return { reference: found.reference, language: found.language };
  }

  /** Cancels the bookings whose confirmation has expired, freeing their places; returns how many. */
  async sweep(now: Date): Promise<number> {
    const expired = await this.store.expiredConfirmations(now, SWEEP_BATCH);
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
      await this.store.deleteConfirmation(booking.id);
    }
    return cancelled;
  }
}
