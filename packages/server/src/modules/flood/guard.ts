import { createHmac, hkdfSync } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { keyringOf } from '../../shared/crypto-at-rest.js';
import { AppError } from '../../shared/errors.js';
import type { CouncilConfig } from '../councils/schemas.js';
import { checkSolution, issueChallenge, type ChallengeCheck } from './challenge.js';
import type { FloodStore } from './store.js';

/** The request header that carries a solved challenge: `<challenge>:<solution>`. */
export const PROOF_HEADER = 'fin-proof';

export interface FloodLimits {
  /** Bookings one address may make to one council within `addressWindowMs` before it must prove work. */
  addressMax: number;
  addressWindowMs: number;
  /** The council's bookings of the last hour count as a flood above this many times its normal hourly rate… */
  councilFactor: number;
  /** …and never below this many, so that a quiet council is not flagged for a busy morning. */
  councilFloor: number;
  /** Leading zero bits asked at the threshold; every doubling of the excess adds `stepBits`, up to `maxBits`. */
  baseBits: number;
  stepBits: number;
  maxBits: number;
  challengeTtlMs: number;
}

export const DEFAULT_FLOOD_LIMITS: FloodLimits = {
  addressMax: 12,
  addressWindowMs: 10 * 60_000,
  councilFactor: 5,
  councilFloor: 30,
  // 2^16 hashes take about a second in a browser; 2^22 about a minute.
  baseBits: 16,
  stepBits: 2,
  maxBits: 22,
  challengeTtlMs: 5 * 60_000,
};

/** The normal rate is the average hour of these past weeks, the current hour left out. */
const BASELINE_MS = 28 * 24 * 3_600_000;
const HOUR_MS = 3_600_000;

export interface Pressure {
  /** Bookings from this address in the address window. */
  address: number;
  /** The council's bookings in the last hour, and where a flood starts. */
  council: number;
  councilThreshold: number;
  /** How far above its threshold the worse of the two is; 1 or more asks for a proof of work. */
  excess: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The keyed hash of the client address, set by the flood guard on the booking routes. */
    bookingOrigin?: string;
  }
}

const required = (message: string, code: 'FIN_ERR_CHALLENGE_REQUIRED' | 'FIN_ERR_CHALLENGE_INVALID', challenge: unknown) =>
  new AppError(code, message, undefined, { challenge });

const REFUSALS: Record<Exclude<ChallengeCheck, { ok: true }>['reason'] | 'replayed', string> = {
  malformed: 'The proof of work is malformed',
  forged: 'The proof of work answers a challenge this server did not issue to this client',
  expired: 'The challenge has expired',
  wrong: 'The proof of work does not solve the challenge',
  replayed: 'This challenge has already been answered',
};

/**
 * Makes mass booking costly and visible: every booking records a keyed hash of its client
 * address; when an address, or the council as a whole, books far above its normal rate, a
 * booking must first solve a proof of work that grows with the excess. Rates are read from the
 * database, so they hold across processes.
 */
export class FloodGuard {
  private keysPromise: Promise<Buffer[]> | null = null;

  constructor(
    private readonly fastify: FastifyInstance,
    readonly limits: FloodLimits,
    readonly store: FloodStore,
  ) {}

  /**
   * A key of its own derived from each master key, current first, so every process signs alike and
   * a MAC never doubles as anything sealed with the master key itself. The ones derived from keys
   * rotated out still recognise an address's bookings recorded before the rotation.
   */
  private keys(): Promise<Buffer[]> {
    this.keysPromise ??= this.fastify
      .masterKey()
      .then((master) => keyringOf(master).map((key) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'finestreta booking flood', 32))));
    this.keysPromise.catch(() => {
      this.keysPromise = null;
    });
    return this.keysPromise;
  }

  private async key(): Promise<Buffer> {
    return (await this.keys())[0]!;
  }

  /** The keyed hash of the request's address, under each master key, the current one's first. */
  async originsOf(request: FastifyRequest): Promise<string[]> {
    return (await this.keys()).map((key) => createHmac('sha256', key).update(`origin ${request.ip}`).digest('hex'));
  }

  /** The server's limits with the council's own `massBooking` settings over them. */
  limitsOf(council: CouncilConfig): FloodLimits {
    const { addressWindowMinutes, ...own } = council.massBooking ?? {};
    return { ...this.limits, ...own, ...(addressWindowMinutes !== undefined && { addressWindowMs: addressWindowMinutes * 60_000 }) };
  }

  /** How busy the council is, and the address whose keyed hashes are `origins` when given (the desk asks without one). */
  async pressure(council: CouncilConfig, origins: readonly string[] | undefined, now: Date): Promise<Pressure> {
    const limits = this.limitsOf(council);
    const count = (since: Date, until: Date, from?: readonly string[]) => this.store.countBookings(council.id, since, until, from);
    const hourAgo = new Date(now.getTime() - HOUR_MS);
    const [address, councilCount, baseline] = await Promise.all([
      origins === undefined ? 0 : count(new Date(now.getTime() - limits.addressWindowMs), now, origins),
      count(hourAgo, now),
      count(new Date(now.getTime() - BASELINE_MS), hourAgo),
    ]);
    const normal = baseline / ((BASELINE_MS - HOUR_MS) / HOUR_MS);
    const councilThreshold = Math.max(limits.councilFloor, Math.ceil(normal * limits.councilFactor));
    return { address, council: councilCount, councilThreshold, excess: Math.max(address / limits.addressMax, councilCount / councilThreshold) };
  }

  /** Zero bits asked for an excess: the base at the threshold, `stepBits` more for each doubling. */
  difficulty(excess: number): number {
    const { baseBits, stepBits, maxBits } = this.limits;
    return Math.min(maxBits, baseBits + stepBits * Math.floor(Math.log2(excess)));
  }

  /**
   * The booking routes' preHandler: lets the booking through at a normal rate, or with a fresh,
   * correct proof of work; otherwise 428 with a challenge to solve. It runs before the
   * idempotency claim, so the retry that carries the solution reuses the same key.
   */
  readonly guard = async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const council = request.council!;
    const councilId = council.id;
    const now = this.fastify.now();
    const origins = await this.originsOf(request);
    const origin = origins[0]!;
    request.bookingOrigin = origin;
    const { excess } = await this.pressure(council, origins, now);
    if (excess < 1) return;

    const key = await this.key();
    const fresh = () => issueChallenge(key, councilId, origin, this.difficulty(excess), new Date(now.getTime() + this.limits.challengeTtlMs));
    const header = request.headers[PROOF_HEADER];
    if (header === undefined) {
      throw required('Bookings from here are unusually many: solve the challenge and send the booking again', 'FIN_ERR_CHALLENGE_REQUIRED', fresh());
    }
    const separator = typeof header === 'string' ? header.lastIndexOf(':') : -1;
    const check: ChallengeCheck =
      separator < 0
        ? { ok: false, reason: 'malformed' }
        : checkSolution(key, councilId, origin, (header as string).slice(0, separator), (header as string).slice(separator + 1), now);
    if (!check.ok) throw required(REFUSALS[check.reason], 'FIN_ERR_CHALLENGE_INVALID', fresh());
    // Spent challenges are kept only until they expire.
    if (!(await this.store.spendChallenge(check.nonce, check.expiresAt, now))) throw required(REFUSALS.replayed, 'FIN_ERR_CHALLENGE_INVALID', fresh());
  };

  /**
   * The booking routes' preSerialization hook: records where a new booking came from. A booking
   * that was made stands even if this fails, so the failure is logged rather than answered.
   */
  readonly record = async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const reference = (payload as { reference?: unknown } | null)?.reference;
    if (reply.statusCode !== 201 || !request.bookingOrigin || typeof reference !== 'string') return payload;
    const councilId = (request.params as { council: string }).council;
    try {
      await this.store.recordOrigin(councilId, reference, request.bookingOrigin);
    } catch (error) {
      request.log.error({ err: error }, 'could not record where a booking came from');
    }
    return payload;
  };
}
