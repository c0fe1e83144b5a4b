import type { RateCounters, RateLimit } from '../../plugins/rate-limit.js';

/** Failed sign-ins an account is allowed before each further attempt has to wait. */
export const FREE_FAILURES = 5;
/** The wait after the last free failure; it doubles with each further failure, up to the most. */
export const FIRST_DELAY_MS = 15_000;
export const MAX_DELAY_MS = 15 * 60_000;
/** An account's failures are forgotten after this long without an attempt. */
const ACCOUNT_WINDOW_MS = 60 * 60_000;

/** How an attempt ended, to be told once the password has been checked. */
export interface LoginAttempt {
  failed(): Promise<void>;
  succeeded(): Promise<void>;
}

/**
 * Slows down password guessing without locking out the agents who share an address (a
 * council office): failures are counted per account, where each one past the free ones doubles
 * the wait, and per address, where the limit is much higher. The account is the email as
 * typed, known or not, so that a refusal does not tell which agents exist. A success clears
 * its account and does not count against its address.
 */
export class LoginThrottle {
  constructor(
    private readonly counters: RateCounters,
    private readonly perAddress: RateLimit,
  ) {}

  /** Counts an attempt before its password is checked, unless the address or the account has to wait. */
  async begin(email: string, address: string, now: Date): Promise<LoginAttempt | { retryAfterSeconds: number }> {
    const addressKey = `login-address:${address}`;
    const fromAddress = await this.counters.hit(addressKey, this.perAddress.timeWindow, now);
    if (fromAddress.hits > this.perAddress.max) return waitUntil(fromAddress.resetsAt, now);

    const accountKey = `login-account:${email.toLowerCase()}`;
    const account = await this.counters.attempt(
      accountKey,
      { free: FREE_FAILURES, windowMs: ACCOUNT_WINDOW_MS, holdUntil: new Date(now.getTime() + MAX_DELAY_MS) },
      now,
    );
    if ('blockedUntil' in account) return waitUntil(account.blockedUntil, now);

    return {
      failed: async () => {
        if (account.hits < FREE_FAILURES) return;
        const delay = Math.min(FIRST_DELAY_MS * 2 ** (account.hits - FREE_FAILURES), MAX_DELAY_MS);
        await this.counters.block(accountKey, new Date(now.getTime() + delay));
      },
      succeeded: async () => {
        await this.counters.clear(accountKey);
        await this.counters.release(addressKey);
      },
    };
  }
}

const waitUntil = (until: Date, now: Date) => ({ retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)) });
