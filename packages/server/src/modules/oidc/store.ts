import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';

export interface PendingSignIn {
  stateHash: string;
  councilId: string;
  codeVerifier: string;
  nonce: string;
  expiresAt: Date;
}

/** Sign-ins with an identity provider under way, between the redirect to it and its answer. */
export class OidcSignInStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Keeps a new sign-in; the ones that ended without an answer are dropped at the same time, which keeps the table small without a timer. */
  async begin(signIn: PendingSignIn, now: Date): Promise<void> {
    await this.db.deleteFrom('oidc_sign_ins').where('expires_at', '<=', now.toISOString()).execute();
    await this.db
      .insertInto('oidc_sign_ins')
      .values({
        state_hash: signIn.stateHash,
        council_id: signIn.councilId,
        code_verifier: signIn.codeVerifier,
        nonce: signIn.nonce,
        expires_at: signIn.expiresAt.toISOString(),
      })
      .execute();
  }

  /**
   * Takes the live sign-in of `stateHash` out, in one statement: of two answers carrying one state
   * (a replay, a double click), only the first finds it.
   */
  async take(stateHash: string, councilId: string, now: Date): Promise<PendingSignIn | undefined> {
    const row = await this.db
      .deleteFrom('oidc_sign_ins')
      .where('state_hash', '=', stateHash)
      .returning(['state_hash as stateHash', 'council_id as councilId', 'code_verifier as codeVerifier', 'nonce', 'expires_at as expiresAt'])
      .executeTakeFirst();
    if (!row || row.councilId !== councilId || new Date(row.expiresAt) <= now) return undefined;
    return { ...row, expiresAt: new Date(row.expiresAt) };
  }
}
