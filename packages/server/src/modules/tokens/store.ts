import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import { calendarToken, hashToken, newToken, type TokenPurpose } from './token.js';

/** Purposes whose expiry follows another's: the calendar's token lives as long as the link it came from. */
const FOLLOWERS: Partial<Record<TokenPurpose, TokenPurpose[]>> = { appointment: ['appointment-view'] };

/**
 * Capability tokens: citizens have no accounts, so each case hands them a random token in their
 * link that grants that case, for one purpose, until it expires.
 */
export class TokenStore {
  constructor(private readonly db: Kysely<Database>) {}

  async issue(
    trx: Transaction<Database>,
    grant: { caseId: string; purpose: TokenPurpose; expiresAt: Date; now: Date },
  ): Promise<string> {
    const { token, hash } = newToken();
    await trx
      .insertInto('capability_tokens')
      .values({
        hash,
        case_id: grant.caseId,
        purpose: grant.purpose,
        expires_at: grant.expiresAt.toISOString(),
        created_at: grant.now.toISOString(),
      })
      .execute();
    return token;
  }

  /**
   * Grants the calendar's token of a personal-link `token` (see `calendarToken`) and returns it.
   * Granting it again is harmless, so links issued before there were calendar tokens get one too.
   */
  async grantCalendar(
    db: Kysely<Database> | Transaction<Database>,
    grant: { caseId: string; token: string; expiresAt: Date; now: Date },
  ): Promise<string> {
    const token = calendarToken(grant.token);
    await db
      .insertInto('capability_tokens')
      .values({
        hash: hashToken(token),
        case_id: grant.caseId,
        purpose: 'appointment-view',
        expires_at: grant.expiresAt.toISOString(),
        created_at: grant.now.toISOString(),
      })
      .onConflict((conflict) => conflict.column('hash').doNothing())
      .execute();
    return token;
  }

  /** Moves the expiry of a case's tokens for `purpose`, and of those that follow it (an appointment moved to another day). */
  async extend(trx: Transaction<Database>, caseId: string, purpose: TokenPurpose, expiresAt: Date): Promise<void> {
    await trx
      .updateTable('capability_tokens')
      .set({ expires_at: expiresAt.toISOString() })
      .where('case_id', '=', caseId)
      .where('purpose', 'in', [purpose, ...(FOLLOWERS[purpose] ?? [])])
      .execute();
  }

  /** Ends now the case's tokens for these purposes. */
  async revoke(caseId: string, purposes: readonly TokenPurpose[], now: Date): Promise<void> {
    await this.db
      .updateTable('capability_tokens')
      .set({ expires_at: now.toISOString() })
      .where('case_id', '=', caseId)
      .where('purpose', 'in', [...purposes])
      .where('expires_at', '>', now.toISOString())
      .execute();
  }

  /** The case a token grants for `purpose` (or any of several), or undefined for an unknown, expired or misused one. */
  async resolve(token: string, purpose: TokenPurpose | readonly TokenPurpose[], now: Date): Promise<string | undefined> {
    return (await this.grant(token, purpose, now))?.caseId;
  }

  /** Like `resolve`, with the purpose the token was issued for, where several are accepted. */
  async grant(token: string, purpose: TokenPurpose | readonly TokenPurpose[], now: Date): Promise<{ caseId: string; purpose: TokenPurpose } | undefined> {
    const row = await this.db
      .selectFrom('capability_tokens')
      .select(['case_id', 'purpose'])
      .where('hash', '=', hashToken(token))
      .where('purpose', 'in', [purpose].flat())
      .where('expires_at', '>', now.toISOString())
      .executeTakeFirst();
    return row && { caseId: row.case_id, purpose: row.purpose as TokenPurpose };
  }
}
