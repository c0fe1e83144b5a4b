import type { Migration, MigrationProvider } from 'kysely';
import { migration as m0001 } from './0001_foundation.js';
import { migration as m0002 } from './0002_callbacks.js';
import { migration as m0003 } from './0003_appointments.js';
import { migration as m0004 } from './0004_calls.js';
import { migration as m0005 } from './0005_surveys.js';
import { migration as m0006 } from './0006_documents.js';
import { migration as m0007 } from './0007_document_uploads_finished.js';
import { migration as m0008 } from './0008_recording_tracks.js';
import { migration as m0009 } from './0009_idempotency_sweep.js';
import { migration as m0010 } from './0010_appointments_link_base.js';
import { migration as m0011 } from './0011_rate_counters.js';
import { migration as m0013 } from './0013_booking_flood.js';
import { migration as m0014 } from './0014_procedure.js';
import { migration as m0015 } from './0015_recording_parts.js';
import { migration as m0016 } from './0016_registry.js';
import { migration as m0017 } from './0017_evidence_seals.js';
import { migration as m0018 } from './0018_callback_callable_from.js';
import { migration as m0019 } from './0019_survey_mail_delay.js';
import { migration as m0020 } from './0020_accessibility_reports.js';
import { migration as m0021 } from './0021_session_activity.js';
import { migration as m0022 } from './0022_agent_roles.js';
import { migration as m0023 } from './0023_agent_admin.js';
import { migration as m0024 } from './0024_agent_identity_provider.js';
import { migration as m0025 } from './0025_incidents.js';
import { migration as m0026 } from './0026_legal_holds.js';
import { migration as m0027 } from './0027_upload_locks.js';
import { migration as m0028 } from './0028_live_calls.js';
import { migration as m0029 } from './0029_screen_help.js';

// One migration set for both dialects: only types that SQLite and PostgreSQL both understand
// (text, integer), and no dialect-specific defaults. The names are stored in every database that
// ran them, so a name never changes; Kysely runs them in the order of their names.
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_callbacks': m0002,
  '0003_appointments': m0003,
  '0004_calls': m0004,
  '0005_surveys': m0005,
  '0006_documents': m0006,
  '0007_document_uploads_finished': m0007,
  '0008_recording_tracks': m0008,
  '0009_idempotency_sweep': m0009,
  '0010_appointments_link_base': m0010,
  '0011_rate_counters': m0011,
  '0013_booking_flood': m0013,
  '0014_procedure': m0014,
  '0015_recording_parts': m0015,
  '0016_registry': m0016,
  '0017_evidence_seals': m0017,
  '0018_callback_callable_from': m0018,
  '0019_survey_mail_delay': m0019,
  '0020_accessibility_reports': m0020,
  '0021_session_activity': m0021,
  '0022_agent_roles': m0022,
  '0023_agent_admin': m0023,
  '0024_agent_identity_provider': m0024,
  '0025_incidents': m0025,
  '0026_legal_holds': m0026,
  '0027_upload_locks': m0027,
  '0028_live_calls': m0028,
  '0029_screen_help': m0029,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
