import type { CouncilConfig, Language } from '../../councils/schemas.js';
import type { ProcedureCase, ProcedureRecord } from '../core.js';
import type { ApplicationDocument, DeskApplication } from '../schemas.js';

/** The application as the agent fills it in, with the council's forms in the agent's language. */
export function deskApplication(_council: CouncilConfig, _found: ProcedureCase, record: ProcedureRecord, _language: Language): DeskApplication {
  const { data, attachments, version } = record.application;
  return { forms: [], form: null, data, attachments, version, errors: [] };
}

/** The application as a readable document in the citizen's language; null before a form is chosen. */
export function applicationDocument(_council: CouncilConfig, _found: ProcedureCase, record: ProcedureRecord, _language: Language): ApplicationDocument | null {
  if (record.application.formId === null) return null;
  return null;
}
