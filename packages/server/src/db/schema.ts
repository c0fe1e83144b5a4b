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

/** One citizen's service event (a callback, an appointment), whatever its kind. */
export interface CasesTable {
  id: string;
  council_id: string;
  kind: 'callback' | 'appointment';
  /** Short public reference (CB-7K3P9Q), unique within the council. */
  reference: string;
  state: string;
  language: 'ca' | 'es' | 'en';
  citizen_name: string;
  /** E.164. */
  citizen_phone: string;
  citizen_email: string | null;
  created_at: string;
  updated_at: string;
}

export interface CallbacksTable {
  case_id: string;
  topic: string;
  description: string;
  slot_start: string;
  slot_end: string;
  /** Calls made without reaching the citizen. */
  attempts: number;
  /** The council's setting when the request came in, so a later change does not reopen it. */
  max_attempts: number;
  assigned_agent_id: string | null;
  /** Bumped by every change; a write names the version it read, so racing agents cannot both win. */
  version: number;
}

export interface CaseNotesTable {
  id: string;
  case_id: string;
  agent_id: string;
  text: string;
  created_at: string;
}

/** Places taken per slot; the row exists once a slot has been booked at least once. */
export interface SlotUsageTable {
  council_id: string;
  service: string;
  slot_start: string;
  used: number;
}

export interface EvidenceEventsTable {
  case_id: string;
  seq: number;
  type: string;
  actor: string;
  /** JSON text. */
  data: string;
  at: string;
  prev_hash: string;
  hash: string;
}

/** Capability tokens given to citizens; only the SHA-256 of the token is kept. */
export interface CapabilityTokensTable {
  hash: string;
  case_id: string;
  purpose: string;
  expires_at: string;
  created_at: string;
}

export interface SurveyInvitationsTable {
  id: string;
  case_id: string;
  token_hash: string;
  expires_at: string;
  created_at: string;
  answered_at: string | null;
}

export interface Database {
  councils: CouncilsTable;
  agents: AgentsTable;
  sessions: SessionsTable;
  idempotency_keys: IdempotencyKeysTable;
  cases: CasesTable;
  callbacks: CallbacksTable;
  case_notes: CaseNotesTable;
  slot_usage: SlotUsageTable;
  evidence_events: EvidenceEventsTable;
  capability_tokens: CapabilityTokensTable;
  survey_invitations: SurveyInvitationsTable;
}

