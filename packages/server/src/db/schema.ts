// Timestamps are ISO-8601 UTC strings in both dialects: they sort as text, compare without time
// zone surprises and need no conversion between SQLite and PostgreSQL.

export interface CouncilsTable {
  id: string;
  /** The council's configuration (CouncilConfig without agents) as JSON text. */
  config: string;
  updated_at: string;
}

export interface AgentsTable {
  id: string;
  council_id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token, so a leaked table does not leak live sessions. */
  id: string;
  agent_id: string;
  expires_at: string;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
  state: 'pending' | 'completed';
  created_at: string;
}

export interface Database {
  councils: CouncilsTable;
  agents: AgentsTable;
  sessions: SessionsTable;
  idempotency_keys: IdempotencyKeysTable;
}

