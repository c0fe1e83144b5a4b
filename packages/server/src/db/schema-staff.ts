import type { ColumnType } from 'kysely';
import type { Role } from '../shared/roles.js';

// The desk's staff: agents, their sessions and invitations, their identity provider's sign-ins
// and the council's audit log of what administrators did (part of `Database`, schema.ts).

export interface AgentsTable {
  id: string;
  council_id: string;
  email: string;
  name: string;
  /**
   * Null for an agent who signs in with the council's identity provider only; empty while an
   * invited agent has not yet set a password. No password verifies against either.
   */
  password_hash: string | null;
  created_at: string;
  /** Their entry in the council's register of habilitated employees (LPAC art. 12.3); without one they cannot sign for a citizen. */
  habilitation: string | null;
  /** What they may do at the desk (modules/agents/schemas.ts); `agent` unless the councils file says more. */
  role: ColumnType<Role, Role | undefined, Role>;
  /** Set by an administrator in the desk: a disabled agent cannot sign in and has no sessions. */
  disabled_at: ColumnType<string | null, string | null | undefined, string | null>;
  last_sign_in_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** Their subject identifier at the council's identity provider, once they signed in with it (modules/oidc). */
  oidc_subject: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A sign-in with an identity provider between the redirect to it and its answer (modules/oidc). */
export interface OidcSignInsTable {
  /** SHA-256 of the `state` sent to the provider and kept in the browser's cookie. */
  state_hash: string;
  council_id: string;
  /** The PKCE verifier, which only this server and the token request ever see. */
  code_verifier: string;
  nonce: string;
  expires_at: string;
}

/** One-time links with which an invited agent sets their password; only the SHA-256 of the token is kept. */
export interface AgentInvitationsTable {
  token_hash: string;
  agent_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A council's audit log (modules/staff/audit.ts): append-only, each entry chained to the one before by its hash. */
export interface AuditLogTable {
  council_id: string;
  seq: number;
  at: string;
  /** The agent who acted; null for a command run on the server. */
  actor_id: string | null;
  action: string;
  /** The agent acted upon. */
  target_id: string | null;
  /** JSON text. */
  details: string;
  prev_hash: string;
  hash: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token, so a leaked table does not leak live sessions. */
  id: string;
  agent_id: string;
  expires_at: string;
  /** What the agent's list of sessions names it by. */
  public_id: string;
  created_at: string;
  /** Updated at most once a minute; a session unused for SESSION_IDLE_MINUTES has ended. */
  last_seen_at: string;
  user_agent: string | null;
  address: string | null;
}
