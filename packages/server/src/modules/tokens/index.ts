import { createHash, randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/index.js';

/** What a citizen's token lets them do; a token for one purpose opens nothing else. */
export type TokenPurpose = 'callback' | 'appointment' | 'upload';

/** The stored form of a token: its SHA-256, so that a copy of the database opens no case. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A fresh random token (32 bytes, base64url, fit for a URL) and the hash to store. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

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

  /** Moves the expiry of a case's tokens for `purpose` (an appointment moved to another day). */
  async extend(trx: Transaction<Database>, caseId: string, purpose: TokenPurpose, expiresAt: Date): Promise<void> {
    await trx
      .updateTable('capability_tokens')
      .set({ expires_at: expiresAt.toISOString() })
      .where('case_id', '=', caseId)
      .where('purpose', '=', purpose)
      .execute();
  }

  /** The case a token grants for `purpose` (or any of several), or undefined for an unknown, expired or misused one. */
  async resolve(token: string, purpose: TokenPurpose | readonly TokenPurpose[], now: Date): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('capability_tokens')
      .select('case_id')
      .where('hash', '=', hashToken(token))
      .where('purpose', 'in', [purpose].flat())
      .where('expires_at', '>', now.toISOString())
      .executeTakeFirst();
    return row?.case_id;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    tokens: TokenStore;
  }
}

/** Capability tokens for citizens' links, shared by every kind of case. */
export default fp(
  async (fastify) => {
    fastify.decorate('tokens', new TokenStore(fastify.db));
  },
  { name: 'tokens', dependencies: ['database'] },
);
