import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

// One migration set for both dialects: only types that SQLite and PostgreSQL both understand
// (text, integer), and no dialect-specific defaults.
const migrations: Record<string, Migration> = {
  '0001_foundation': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('councils')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('config', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('agents')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('council_id', 'text', (col) => col.notNull().references('councils.id').onDelete('cascade'))
        .addColumn('email', 'text', (col) => col.notNull().unique())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('password_hash', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('agents_council_id').on('agents').column('council_id').execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('agent_id', 'text', (col) => col.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('expires_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('sessions_agent_id').on('sessions').column('agent_id').execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('scope', 'text', (col) => col.notNull())
        .addColumn('key', 'text', (col) => col.notNull())
        .addColumn('request_hash', 'text', (col) => col.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('response_body', 'text')
        .addColumn('state', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['idempotency_keys', 'sessions', 'agents', 'councils']) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
  '0002_callbacks': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('cases')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('council_id', 'text', (col) => col.notNull().references('councils.id').onDelete('cascade'))
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('reference', 'text', (col) => col.notNull())
        .addColumn('state', 'text', (col) => col.notNull())
        .addColumn('language', 'text', (col) => col.notNull())
        .addColumn('citizen_name', 'text', (col) => col.notNull())
        .addColumn('citizen_phone', 'text', (col) => col.notNull())
        .addColumn('citizen_email', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addUniqueConstraint('cases_council_reference', ['council_id', 'reference'])
        .execute();
      // One open callback per phone number and council, enforced by the database so that two
      // simultaneous requests cannot both get through.
      await db.schema
        .createIndex('cases_open_callback_phone')
        .on('cases')
        .columns(['council_id', 'citizen_phone'])
        .unique()
        .where(sql.ref('kind'), '=', 'callback')
        .where(sql.ref('state'), 'in', ['requested', 'assigned', 'in_progress', 'retry'])
        .execute();
      await db.schema.createIndex('cases_council_phone_created').on('cases').columns(['council_id', 'citizen_phone', 'created_at']).execute();

      await db.schema
        .createTable('callbacks')
        .addColumn('case_id', 'text', (col) => col.primaryKey().references('cases.id').onDelete('cascade'))
        .addColumn('topic', 'text', (col) => col.notNull())
        .addColumn('description', 'text', (col) => col.notNull())
        .addColumn('slot_start', 'text', (col) => col.notNull())
        .addColumn('slot_end', 'text', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull())
        .addColumn('max_attempts', 'integer', (col) => col.notNull())
        .addColumn('assigned_agent_id', 'text', (col) => col.references('agents.id').onDelete('set null'))
        .addColumn('version', 'integer', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('callbacks_slot_start').on('callbacks').column('slot_start').execute();

      await db.schema
        .createTable('case_notes')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('agent_id', 'text', (col) => col.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('text', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('case_notes_case_id').on('case_notes').column('case_id').execute();

      await db.schema
        .createTable('slot_usage')
        .addColumn('council_id', 'text', (col) => col.notNull().references('councils.id').onDelete('cascade'))
        .addColumn('service', 'text', (col) => col.notNull())
        .addColumn('slot_start', 'text', (col) => col.notNull())
        .addColumn('used', 'integer', (col) => col.notNull())
        .addPrimaryKeyConstraint('slot_usage_pk', ['council_id', 'service', 'slot_start'])
        .execute();

      await db.schema
        .createTable('evidence_events')
        .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (col) => col.notNull())
        .addColumn('type', 'text', (col) => col.notNull())
        .addColumn('actor', 'text', (col) => col.notNull())
        .addColumn('data', 'text', (col) => col.notNull())
        .addColumn('at', 'text', (col) => col.notNull())
        .addColumn('prev_hash', 'text', (col) => col.notNull())
        .addColumn('hash', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('evidence_events_pk', ['case_id', 'seq'])
        .execute();

      await db.schema
        .createTable('capability_tokens')
        .addColumn('hash', 'text', (col) => col.primaryKey())
        .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('purpose', 'text', (col) => col.notNull())
        .addColumn('expires_at', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('capability_tokens_case_id').on('capability_tokens').column('case_id').execute();

      await db.schema
        .createTable('survey_invitations')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (col) => col.notNull().unique())
        .addColumn('expires_at', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('answered_at', 'text')
        .execute();
      await db.schema.createIndex('survey_invitations_case_id').on('survey_invitations').column('case_id').execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['survey_invitations', 'capability_tokens', 'evidence_events', 'slot_usage', 'case_notes', 'callbacks', 'cases']) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
  '0003_appointments': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('appointments')
        .addColumn('case_id', 'text', (col) => col.primaryKey().references('cases.id').onDelete('cascade'))
        .addColumn('procedure', 'text', (col) => col.notNull())
        .addColumn('id_document', 'text')
        .addColumn('slot_start', 'text', (col) => col.notNull())
        .addColumn('slot_end', 'text', (col) => col.notNull())
        .addColumn('slot_starts', 'text', (col) => col.notNull())
        .addColumn('link_base', 'text', (col) => col.notNull())
        .addColumn('sequence', 'integer', (col) => col.notNull())
        .addColumn('version', 'integer', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('appointments_slot_start').on('appointments').column('slot_start').execute();

      await db.schema
        .createTable('appointment_reminders')
        .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('due_at', 'text', (col) => col.notNull())
        .addColumn('stale_at', 'text', (col) => col.notNull())
        .addColumn('state', 'text', (col) => col.notNull())
        .addColumn('claimed_by', 'text')
        .addColumn('claimed_at', 'text')
        .addColumn('sent_at', 'text')
        .addColumn('attempts', 'integer', (col) => col.notNull())
        .addPrimaryKeyConstraint('appointment_reminders_pk', ['case_id', 'kind'])
        .execute();
      await db.schema.createIndex('appointment_reminders_due').on('appointment_reminders').columns(['state', 'due_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['appointment_reminders', 'appointments']) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
  '0004_calls': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('recordings')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('file', 'text', (col) => col.notNull())
        .addColumn('content_type', 'text', (col) => col.notNull())
        .addColumn('sha256', 'text', (col) => col.notNull())
        .addColumn('bytes', 'integer', (col) => col.notNull())
        .addColumn('started_at', 'text', (col) => col.notNull())
        .addColumn('stopped_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('recordings_case_id').on('recordings').column('case_id').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('recordings').execute();
    },
  },
  '0005_surveys': {
    async up(db: Kysely<unknown>) {
      // Rows written before this migration were all issued for completed callbacks.
      await db.schema.alterTable('survey_invitations').addColumn('outcome', 'text', (col) => col.notNull().defaultTo('completed')).execute();
      await db.schema.alterTable('survey_invitations').addColumn('rating', 'integer').execute();
      await db.schema.alterTable('survey_invitations').addColumn('scale', 'text').execute();
      await db.schema.alterTable('survey_invitations').addColumn('would_repeat', 'integer').execute();
      await db.schema.alterTable('survey_invitations').addColumn('comment', 'text').execute();
      // One invitation per service event, enforced by the database so that two processes issuing
      // it at once (a desk action and the sweep) cannot both succeed.
      await db.schema.dropIndex('survey_invitations_case_id').execute();
      await db.schema.createIndex('survey_invitations_case_unique').on('survey_invitations').column('case_id').unique().execute();
      await db.schema.createIndex('cases_council_created').on('cases').columns(['council_id', 'created_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('cases_council_created').execute();
      await db.schema.dropIndex('survey_invitations_case_unique').execute();
      await db.schema.createIndex('survey_invitations_case_id').on('survey_invitations').column('case_id').execute();
      for (const column of ['comment', 'would_repeat', 'scale', 'rating', 'outcome']) {
        await db.schema.alterTable('survey_invitations').dropColumn(column).execute();
      }
    },
  },
  '0006_documents': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('documents')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('file_name', 'text', (col) => col.notNull())
        .addColumn('expected', 'text')
        .addColumn('content_type', 'text', (col) => col.notNull())
        .addColumn('bytes', 'integer', (col) => col.notNull())
        .addColumn('sha256', 'text', (col) => col.notNull())
        .addColumn('file', 'text', (col) => col.notNull())
        .addColumn('scan', 'text', (col) => col.notNull())
        .addColumn('state', 'text', (col) => col.notNull())
        .addColumn('rejection_reason', 'text')
        .addColumn('uploaded_at', 'text', (col) => col.notNull())
        .addColumn('reviewed_at', 'text')
        .addColumn('reviewed_by', 'text', (col) => col.references('agents.id').onDelete('set null'))
        .execute();
      await db.schema.createIndex('documents_case_id').on('documents').column('case_id').execute();

      await db.schema
        .createTable('document_uploads')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('file_name', 'text', (col) => col.notNull())
        .addColumn('expected', 'text')
        .addColumn('metadata', 'text', (col) => col.notNull())
        .addColumn('size', 'integer', (col) => col.notNull())
        .addColumn('offset', 'integer', (col) => col.notNull())
        .addColumn('staged_bytes', 'integer', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('document_uploads_case_id').on('document_uploads').column('case_id').execute();
      await db.schema.createIndex('document_uploads_created_at').on('document_uploads').column('created_at').execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['document_uploads', 'documents']) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
  // Which upload each document came from, so that a client resuming an upload that had already
  // finished (it crashed before it heard) learns the document instead of sending it again.
  '0007_document_uploads_finished': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('documents').addColumn('upload_id', 'text').execute();
      await db.schema.alterTable('documents').addColumn('upload_size', 'integer').execute();
      await db.schema.createIndex('documents_upload_id').unique().on('documents').column('upload_id').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('documents_upload_id').execute();
      await db.schema.alterTable('documents').dropColumn('upload_size').execute();
      await db.schema.alterTable('documents').dropColumn('upload_id').execute();
    },
  },
  '0008_recording_tracks': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('recordings').addColumn('tracks', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('recordings').dropColumn('tracks').execute();
    },
  },
  '0009_idempotency_sweep': {
    async up(db: Kysely<unknown>) {
      // Each process deletes the answers older than 72 hours every hour.
      await db.schema.createIndex('idempotency_keys_created_at').on('idempotency_keys').column('created_at').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('idempotency_keys_created_at').execute();
    },
  },
  // Links were built on the Host of the booking request, which anyone can set, and this column
  // kept that base for the reminders. Links now come from configuration alone (`linkBase`), so
  // the stored bases, some of them possibly an attacker's, are dropped rather than rewritten.
  '0010_appointments_link_base': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('appointments').dropColumn('link_base').execute();
    },
    async down(db: Kysely<unknown>) {
      // The bases themselves cannot come back, only the column.
      await db.schema.alterTable('appointments').addColumn('link_base', 'text', (col) => col.notNull().defaultTo('')).execute();
    },
  },
  // Rate-limit counters in the database rather than in each process's memory, so that limits
  // hold across the processes that share it.
  '0011_rate_counters': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('rate_counters')
        .addColumn('key', 'text', (col) => col.primaryKey())
        .addColumn('hits', 'integer', (col) => col.notNull())
        .addColumn('resets_at', 'text', (col) => col.notNull())
        .addColumn('blocked_until', 'text')
        .execute();
      await db.schema.createIndex('rate_counters_resets_at').on('rate_counters').column('resets_at').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('rate_counters').execute();
    },
  },
  // Where bookings come from, as a keyed hash of the client address, so that a flood from one
  // address (or on one council) can be measured across processes and cancelled in one go; the
  // proofs of work already spent, so that a solution cannot be replayed; and the bookings that
  // hold their place only once confirmed from the emailed link.
  '0013_booking_flood': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('booking_origins')
        .addColumn('case_id', 'text', (col) => col.primaryKey().references('cases.id').onDelete('cascade'))
        .addColumn('council_id', 'text', (col) => col.notNull())
        .addColumn('origin', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('booking_origins_council_created').on('booking_origins').columns(['council_id', 'created_at']).execute();
      await db.schema.createIndex('booking_origins_origin').on('booking_origins').columns(['council_id', 'origin', 'created_at']).execute();
      await db.schema
        .createTable('spent_challenges')
        .addColumn('nonce', 'text', (col) => col.primaryKey())
        .addColumn('expires_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('spent_challenges_expires_at').on('spent_challenges').column('expires_at').execute();
      await db.schema
        .createTable('booking_confirmations')
        .addColumn('case_id', 'text', (col) => col.primaryKey().references('cases.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (col) => col.notNull().unique())
        .addColumn('expires_at', 'text', (col) => col.notNull())
        .addColumn('confirmed_at', 'text')
        .execute();
      await db.schema.createIndex('booking_confirmations_pending').on('booking_confirmations').columns(['confirmed_at', 'expires_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['booking_confirmations', 'spent_challenges', 'booking_origins']) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
  // The procedure done inside a video call (identity, documents, application, agreement): one
  // row per case with each step's state, the stills the citizen's camera took for the identity
  // check (sealed at rest like documents, kept apart from them), every application document
  // presented for agreement as the exact bytes the citizen was sent, and the signing key of
  // each habilitated agent, sealed with a key only their password opens.
  '0014_procedure': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('procedures')
        .addColumn('case_id', 'text', (col) => col.primaryKey().references('cases.id').onDelete('cascade'))
        .addColumn('revision', 'integer', (col) => col.notNull())
        .addColumn('current_step', 'text', (col) => col.notNull())
        .addColumn('steps', 'text', (col) => col.notNull())
        .addColumn('identity', 'text', (col) => col.notNull())
        .addColumn('application', 'text', (col) => col.notNull())
        .addColumn('agreement', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema
        .createTable('identity_stills')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('content_type', 'text', (col) => col.notNull())
        .addColumn('width', 'integer', (col) => col.notNull())
        .addColumn('height', 'integer', (col) => col.notNull())
        .addColumn('bytes', 'integer', (col) => col.notNull())
        .addColumn('sha256', 'text', (col) => col.notNull())
        .addColumn('file', 'text', (col) => col.notNull())
        .addColumn('taken_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('identity_stills_case').on('identity_stills').columns(['case_id', 'taken_at']).execute();
      await db.schema
        .createTable('application_documents')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('language', 'text', (col) => col.notNull())
        .addColumn('content_type', 'text', (col) => col.notNull())
        .addColumn('body', 'text', (col) => col.notNull())
        .addColumn('sha256', 'text', (col) => col.notNull())
        .addColumn('presented_at', 'text', (col) => col.notNull())
        .addColumn('presented_by', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('application_documents_case').on('application_documents').columns(['case_id', 'presented_at']).execute();
      await db.schema
        .createTable('agent_keys')
        .addColumn('agent_id', 'text', (col) => col.primaryKey().references('agents.id').onDelete('cascade'))
        .addColumn('public_key', 'text', (col) => col.notNull())
        .addColumn('sealed_private_key', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.alterTable('agents').addColumn('habilitation', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('agents').dropColumn('habilitation').execute();
      for (const table of ['agent_keys', 'application_documents', 'identity_stills', 'procedures']) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
  // The parts joined into each stored recording, with where each begins in the file, so that an
  // evidence event's place in the recording (part and offset) can be played.
  '0015_recording_parts': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('recordings').addColumn('parts', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('recordings').dropColumn('parts').execute();
    },
  },
  // The registry (modules/registry): a counter per council and year that numbers entries with no
  // gap, each case's entry once it is registered, and the documents anyone holding their
  // verification code can check, found by the code's hash so the table holds no live code.
  '0016_registry': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('registry_counters')
        .addColumn('council_id', 'text', (col) => col.notNull())
        .addColumn('year', 'integer', (col) => col.notNull())
        .addColumn('last', 'integer', (col) => col.notNull())
        .addPrimaryKeyConstraint('registry_counters_pkey', ['council_id', 'year'])
        .execute();
      await db.schema
        .createTable('registry_entries')
        .addColumn('case_id', 'text', (col) => col.primaryKey().references('cases.id').onDelete('cascade'))
        .addColumn('council_id', 'text', (col) => col.notNull())
        .addColumn('number', 'text', (col) => col.notNull())
        .addColumn('registered_at', 'text', (col) => col.notNull())
        .addColumn('document_id', 'text', (col) => col.notNull())
        .addColumn('document_sha256', 'text', (col) => col.notNull())
        .addUniqueConstraint('registry_entries_council_number', ['council_id', 'number'])
        .execute();
      await db.schema
        .createTable('verifiable_documents')
        .addColumn('code_hash', 'text', (col) => col.primaryKey())
        .addColumn('case_id', 'text', (col) => col.notNull().references('cases.id').onDelete('cascade'))
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('council_id', 'text', (col) => col.notNull())
        .addColumn('entry_number', 'text', (col) => col.notNull())
        .addColumn('registered_at', 'text', (col) => col.notNull())
        .addColumn('procedure_id', 'text', (col) => col.notNull())
        .addColumn('procedure_name', 'text', (col) => col.notNull())
        .addColumn('sha256', 'text')
        .addColumn('file', 'text')
        .addColumn('bytes', 'integer')
        .addColumn('issued_at', 'text', (col) => col.notNull())
        .addUniqueConstraint('verifiable_documents_case_kind', ['case_id', 'kind'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['verifiable_documents', 'registry_entries', 'registry_counters']) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
