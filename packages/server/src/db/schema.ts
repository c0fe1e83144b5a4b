// Timestamps are ISO-8601 UTC strings in both dialects: they sort as text, compare without time
// zone surprises and need no conversion between SQLite and PostgreSQL.

import type { AgentInvitationsTable, AgentsTable, AuditLogTable, OidcSignInsTable, SessionsTable } from './schema-staff.js';

export type { AgentInvitationsTable, AgentsTable, AuditLogTable, OidcSignInsTable, SessionsTable } from './schema-staff.js';

export interface CouncilsTable {
  id: string;
  /** The council's configuration (CouncilConfig without agents) as JSON text. */
  config: string;
  updated_at: string;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  /** The answer sealed with the master key (`sealed:` and base64), since it may carry a token. */
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
  /** A legal hold (modules/retention): set, the case's data outlives its council's retention periods. */
  hold_at: string | null;
  hold_by: string | null;
  hold_reason: string | null;
}

export interface CallbacksTable {
  case_id: string;
  topic: string;
  description: string;
  slot_start: string;
  slot_end: string;
  /** When the citizen agreed to be called from: the request (as soon as possible), the chosen slot's start, or the retry's. */
  callable_from: string;
  /** Calls made without reaching the citizen. */
  attempts: number;
  /** The council's setting when the request came in, so a later change does not reopen it. */
  max_attempts: number;
  assigned_agent_id: string | null;
  /** Bumped by every change; a write names the version it read, so racing agents cannot both win. */
  version: number;
}

export interface AppointmentsTable {
  case_id: string;
  /** The id of one of the council's procedures. */
  procedure: string;
  /** DNI or NIE, normalised, when the citizen gave one. */
  id_document: string | null;
  /** The appointment itself: start and start + the procedure's duration. */
  slot_start: string;
  slot_end: string;
  /** JSON array of the starts of the slots whose places it holds, so exactly those are given back. */
  slot_starts: string;
  /** The calendar file's SEQUENCE: bumped whenever the event the citizen holds changes. */
  sequence: number;
  /** Bumped by every change; a write names the version it read, so racing changes cannot both win. */
  version: number;
}

export type ReminderKind = '24h' | '1h';

/**
 * One reminder per appointment and kind. `pending` until due; a process claims it by moving it
 * to `sending` with a conditional update (so one process wins), then `sent`; a failed send
 * goes back to `pending`. Past `stale_at` a pending reminder is no longer useful and is `skipped`.
 */
export interface AppointmentRemindersTable {
  case_id: string;
  kind: ReminderKind;
  due_at: string;
  stale_at: string;
  state: 'pending' | 'sending' | 'sent' | 'skipped';
  claimed_by: string | null;
  claimed_at: string | null;
  sent_at: string | null;
  attempts: number;
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

/**
 * One invitation per service event (unique `case_id`), whatever its outcome, so the results are
 * not flattered; the answer is written on the same row, once (`answered_at` goes from null to set
 * in one conditional update).
 */
/** A barrier a person reported from the council's accessibility statement. */
export interface AccessibilityReportsTable {
  id: string;
  council_id: string;
  /** The form's own key or the request's Idempotency-Key: a form sent twice is one report. */
  submission_key: string;
  page_url: string | null;
  message: string;
  name: string | null;
  email: string | null;
  language: 'ca' | 'es' | 'en';
  state: 'new' | 'acknowledged';
  received_at: string;
  /** The end of the 20 working days RD 1112/2018 gives the council to answer. */
  answer_by: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
}

export interface SurveyInvitationsTable {
  id: string;
  case_id: string;
  token_hash: string;
  expires_at: string;
  created_at: string;
  answered_at: string | null;
  /** How the service event ended: `completed`, `failed` (callback), `no_show` or `abandoned` (appointment). */
  outcome: string;
  /** On `scale`, the council's scale when the answer was given. */
  rating: number | null;
  scale: string | null;
  /** 1 yes, 0 no, null not asked or not answered (integers: SQLite has no booleans). */
  would_repeat: number | null;
  comment: string | null;
  /** When the email was claimed for sending; null while the citizen may still answer in the widget. */
  mailed_at: string | null;
  /** SHA-256 of the emailed link's own token. */
  mail_token_hash: string | null;
}

/** A call's recording, sealed at rest (see shared/crypto-at-rest.ts); `sha256` is of the plaintext. */
export interface RecordingsTable {
  id: string;
  case_id: string;
  /** Relative to DATA_DIR. */
  file: string;
  content_type: string;
  sha256: string;
  bytes: number;
  started_at: string;
  stopped_at: string;
  /**
   * JSON: the layout of each stream in file order (`["citizen:microphone:audio", …]`), from which
   * the desk plays each party; null for recordings stored before it was kept.
   */
  tracks: string | null;
  /** JSON: the parts joined into the file (`[{id, startedAt, atMs}]`); null for recordings stored before they were kept. */
  parts: string | null;
}

/** A document a citizen sent to a case, sealed at rest; `sha256` and `bytes` are of the stored plaintext. */
export interface DocumentsTable {
  id: string;
  case_id: string;
  /** As the citizen's device named it; shown, never used as a path. */
  file_name: string;
  /** The id of the procedure's expected document it answers, if any. */
  expected: string | null;
  /** Decided from the bytes, never from the name or the client's claim. */
  content_type: string;
  bytes: number;
  sha256: string;
  /** Relative to DATA_DIR. */
  file: string;
  /** The malware scan's verdict: `clean`, `not_configured`, or `unavailable` when clamd could not be reached. */
  scan: 'clean' | 'not_configured' | 'unavailable';
  state: 'received' | 'accepted' | 'rejected';
  rejection_reason: string | null;
  uploaded_at: string;
  reviewed_at: string | null;
  reviewed_by: string | null;
  /** The tus upload it came from and that upload's length: a resumed upload that had finished answers with them. */
  upload_id: string | null;
  upload_size: number | null;
}

/** A tus upload still being received, staged sealed in DATA_DIR/uploads until its last byte arrives. */
export interface DocumentUploadsTable {
  /** Random, 128 bits: the upload's address. */
  id: string;
  case_id: string;
  file_name: string;
  expected: string | null;
  /** The tus Upload-Metadata as the client sent it, JSON text, echoed by HEAD. */
  metadata: string;
  /** Upload-Length. */
  size: number;
  /** Plaintext bytes received. */
  offset: number;
  /** Length of the staging file that holds exactly `offset` bytes; anything after it is an unfinished write. */
  staged_bytes: number;
  created_at: string;
}

/** A row of `upload_locks` (migration 0027): who holds an upload's lock, until when, and whether another request wants it. */
export interface UploadLocksTable {
  upload_id: string;
  /** The holding request's random id. */
  holder: string;
  /** ISO instant: unless renewed by then, the lock is free for the next request to take. */
  expires_at: string;
  /** 1 once a newer request for the upload has asked the holder to let go. */
  release_requested: number;
}

/** A call whose room runs now, in which process, and the part of its recording being written. */
export interface LiveCallsTable {
  case_id: string;
  /** The room hosting the call: its process and a counter (`LiveCallRegistry.newKey`). */
  host: string;
  recording_part: string | null;
  part_started_at: string | null;
  /** Renewed by the host while the room runs: a row not seen for a while was left by a process that died. */
  seen_at: string;
}

/** A screen-help session (migration 0029): a code the agent read out, and what came of it (modules/screen-help). */
export interface ScreenHelpSessionsTable {
  id: string;
  case_id: string;
  council_id: string;
  agent_id: string | null;
  /** HMAC-SHA256 of the council and the code, under a key derived from the master key. */
  code_hash: string;
  /** SHA-256 of the capability token the right code gave, once opened. */
  token_hash: string | null;
  state: string;
  ended_reason: string | null;
  share: string | null;
  /** Wrong tries counted against the code. */
  failures: number;
  created_at: string;
  /** When the code stops opening the session. */
  expires_at: string;
  opened_at: string | null;
  ended_at: string | null;
}

/** A rate-limit counter that every process shares: the hits of one key in its current window. */
export interface RateCountersTable {
  /** What is counted, for whom: `route:GET /api/councils/:council|203.0.113.7`, `login-account:anna@alpha.example`. */
  key: string;
  hits: number;
  /** When the window ends; the first hit after it starts a new one. */
  resets_at: string;
  /** Until when a blocking counter (sign-in per account) refuses attempts. */
  blocked_until: string | null;
}

/** Where a booking came from: an HMAC of the client address, never the address itself. */
export interface BookingOriginsTable {
  case_id: string;
  council_id: string;
  origin: string;
  created_at: string;
}

/** A proof-of-work challenge already answered, kept until it expires so it is answered once. */
export interface SpentChallengesTable {
  nonce: string;
  expires_at: string;
}

/** A booking that holds its place only once confirmed from the emailed link (councils that ask for it). */
export interface BookingConfirmationsTable {
  case_id: string;
  /** SHA-256 of the link's token. */
  token_hash: string;
  expires_at: string;
  confirmed_at: string | null;
}

/** The procedure of a video appointment; each JSON column is owned by its step's module (modules/procedure). */
export interface ProceduresTable {
  case_id: string;
  /** Goes up by one with every change, so that both sides of the call know what they show is current. */
  revision: number;
  current_step: string;
  /** JSON: each step's state. */
  steps: string;
  /** JSON: the identity check so far. */
  identity: string;
  /** JSON: the application form chosen and its values. */
  application: string;
  /** JSON: the agreement and the agent's signature. */
  agreement: string;
  updated_at: string;
}

/** A still of the identity document or the face that the citizen's own camera took, sealed at rest. */
export interface IdentityStillsTable {
  id: string;
  case_id: string;
  kind: 'front' | 'back' | 'face';
  /** Decided from the bytes. */
  content_type: string;
  width: number;
  height: number;
  bytes: number;
  /** Of the plaintext. */
  sha256: string;
  /** Relative to DATA_DIR. */
  file: string;
  taken_at: string;
}

/** An application as presented to the citizen for agreement: the exact bytes they were sent. */
export interface ApplicationDocumentsTable {
  id: string;
  case_id: string;
  language: string;
  content_type: string;
  /** UTF-8 text; its SHA-256 is what the citizen agrees to. */
  body: string;
  sha256: string;
  presented_at: string;
  presented_by: string;
}

/** An agent's own signing key: the private half sealed with a key derived from their password. */
export interface AgentKeysTable {
  agent_id: string;
  /** SPKI, PEM. */
  public_key: string;
  sealed_private_key: string;
  created_at: string;
}

/** The last entry number a council's built-in registry gave in a year (modules/registry). */
export interface RegistryCountersTable {
  council_id: string;
  /** In the council's time zone. */
  year: number;
  last: number;
}

/** A case's entry in its council's registry: once, whatever is retried after it. */
export interface RegistryEntriesTable {
  case_id: string;
  council_id: string;
  /** As the registry gave it (the built-in one: `2026/000123`). */
  number: string;
  registered_at: string;
  /** The agreed application document (application_documents.id) and its SHA-256. */
  document_id: string;
  document_sha256: string;
}

/** A document anyone holding its verification code can check and download (`/verify`). */
export interface VerifiableDocumentsTable {
  /** SHA-256 of the normalised code: the code itself is never stored. */
  code_hash: string;
  case_id: string;
  kind: 'receipt';
  council_id: string;
  entry_number: string;
  registered_at: string;
  procedure_id: string;
  /** JSON: the procedure's name in the council's languages, as it was when the code was issued. */
  procedure_name: string;
  /** Of the sealed file as served; null until the document is made. */
  sha256: string | null;
  /** Relative to DATA_DIR, sealed at rest; null until the document is made. */
  file: string | null;
  bytes: number | null;
  issued_at: string;
}

/**
 * The council's seal over one segment of a closed case's evidence chain: events `first_seq` to
 * `last_seq`, the last one's hash `head_hash`. `statement` is the exact bytes signed (canonical
 * JSON), `signature` their CAdES signature (base64 DER), `archive_timestamps` a JSON array of RFC
 * 3161 tokens (base64 DER), each over the signature and the tokens before it.
 */
export interface EvidenceSealsTable {
  case_id: string;
  segment: number;
  first_seq: number;
  last_seq: number;
  head_hash: string;
  statement: string;
  signature: string;
  archive_timestamps: string;
  sealed_at: string;
}

/** What failed in the background (modules/incidents), once per `key`, counted each time it fails again. */
export interface IncidentsTable {
  id: string;
  /** What failed, so that a retry of the same thing finds its row: `<kind>:<subject>:<case>`. */
  key: string;
  council_id: string;
  case_id: string | null;
  kind: 'recording' | 'email' | 'registration' | 'seal';
  /** Which of the kind's jobs: `reminder-24h`, `receipt`, `archive-timestamp`… */
  subject: string;
  /** The error's code (`ECONNREFUSED`, `FIN_ERR_…`), never its message, which may hold personal data. */
  reason: string;
  count: number;
  first_at: string;
  last_at: string;
  /** When a retry succeeded (`resolved_by` 'system') or a supervisor marked it dealt with (their agent id). */
  resolved_at: string | null;
  resolved_by: string | null;
}

export interface Database {
  councils: CouncilsTable;
  agents: AgentsTable;
  sessions: SessionsTable;
  agent_invitations: AgentInvitationsTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
  cases: CasesTable;
  callbacks: CallbacksTable;
  case_notes: CaseNotesTable;
  appointments: AppointmentsTable;
  appointment_reminders: AppointmentRemindersTable;
  slot_usage: SlotUsageTable;
  evidence_events: EvidenceEventsTable;
  capability_tokens: CapabilityTokensTable;
  survey_invitations: SurveyInvitationsTable;
  recordings: RecordingsTable;
  documents: DocumentsTable;
  document_uploads: DocumentUploadsTable;
  rate_counters: RateCountersTable;
  live_calls: LiveCallsTable;
  screen_help_sessions: ScreenHelpSessionsTable;
  upload_locks: UploadLocksTable;
  oidc_sign_ins: OidcSignInsTable;
  booking_origins: BookingOriginsTable;
  spent_challenges: SpentChallengesTable;
  booking_confirmations: BookingConfirmationsTable;
  procedures: ProceduresTable;
  identity_stills: IdentityStillsTable;
  application_documents: ApplicationDocumentsTable;
  agent_keys: AgentKeysTable;
  registry_counters: RegistryCountersTable;
  registry_entries: RegistryEntriesTable;
  verifiable_documents: VerifiableDocumentsTable;
  evidence_seals: EvidenceSealsTable;
  accessibility_reports: AccessibilityReportsTable;
  incidents: IncidentsTable;
}

