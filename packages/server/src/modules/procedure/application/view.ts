import { localize } from '../../councils/language.js';
import type { CouncilConfig, Language } from '../../councils/schemas.js';
import type { ProcedureCase, ProcedureRecord } from '../core.js';
import type { ApplicationDocument, DeskApplication } from '../schemas.js';
import { renderDocument } from './document.js';
import { councilForms, defaultForm, findForm, localForm, prefill, type Applicant } from './forms.js';
import { judge } from './validate.js';

export const applicantOf = (found: ProcedureCase): Applicant => ({
  name: found.citizenName,
  idNumber: found.idDocument,
  email: found.citizenEmail,
  phone: found.citizenPhone,
});

/**
 * The application as the agent fills it in, with the council's forms in the agent's language.
 * Until the first save it is the case's default form, prefilled from the case, at version 0.
 */
export function deskApplication(council: CouncilConfig, found: ProcedureCase, record: ProcedureRecord, language: Language): DeskApplication {
  const { formId, attachments, version } = record.application;
  const form = formId === null ? defaultForm(council, found) : findForm(council, formId);
  const data = formId === null && form ? prefill(form, council, applicantOf(found)) : record.application.data;
  const verdict = form ? judge(form.schema, data, language) : { invalid: [], missing: [] };
  return {
    forms: councilForms(council).map((each) => ({ id: each.id, title: localize(each.title, language, council.defaultLanguage) })),
    form: form ? localForm(form, language, council.defaultLanguage) : null,
    data,
    attachments: attachments.map(({ id }) => id),
    version,
    errors: [...verdict.invalid, ...verdict.missing],
  };
}

/** The application as a readable document in the citizen's language; null before a form is chosen. */
export function applicationDocument(council: CouncilConfig, found: ProcedureCase, record: ProcedureRecord, language: Language): ApplicationDocument | null {
  const form = record.application.formId === null ? undefined : findForm(council, record.application.formId);
  return form ? renderDocument(council, found, form, record.application, language) : null;
}
