import type { ApplicationFormConfig, CouncilConfig, Language, Localized } from '../../councils/schemas.js';
import { localize } from '../../councils/language.js';
import type { ProcedureCase } from '../core.js';
import type { ApplicationForm } from '../schemas.js';
import { GENERIC_FORM_ID, schemaAt, type FormSchema } from '../../councils/form-schema.js';
import { GENERIC_FORM } from './generic.js';

/** An application form of a council, in all its languages. */
export interface FormDefinition {
  id: string;
  title: Localized;
  schema: FormSchema;
  fields: ApplicationFormConfig['fields'];
}

/** The case's contact details the applicant's fields start from. */
export interface Applicant {
  name: string;
  idNumber: string | null;
  email: string | null;
  phone: string | null;
}

const byCouncil = new WeakMap<CouncilConfig, FormDefinition[]>();

/** The council's forms: the generic application first, then each procedure's, in the file's order. */
export function councilForms(council: CouncilConfig): FormDefinition[] {
  let forms = byCouncil.get(council);
  if (!forms) {
    forms = [
      { id: GENERIC_FORM_ID, title: GENERIC_FORM.title!, schema: GENERIC_FORM.schema as FormSchema, fields: GENERIC_FORM.fields },
      ...council.procedures.flatMap(({ id, name, application }) =>
        application ? [{ id, title: application.title ?? name, schema: application.schema as FormSchema, fields: application.fields }] : [],
      ),
    ];
    byCouncil.set(council, forms);
  }
  return forms;
}

export const findForm = (council: CouncilConfig, formId: string): FormDefinition | undefined => councilForms(council).find((form) => form.id === formId);

/** The form a case starts with: its procedure's own, or the generic application. */
export const defaultForm = (council: CouncilConfig, found: ProcedureCase): FormDefinition =>
  findForm(council, found.procedure) ?? councilForms(council)[0]!;

/** A form as the desk renders it, in `language`. */
export function localForm(form: FormDefinition, language: Language, fallback: Language): ApplicationForm {
  const text = (value: Localized) => localize(value, language, fallback);
  return {
    id: form.id,
    title: text(form.title),
    schema: form.schema as ApplicationForm['schema'],
    fields: form.fields.map(({ pointer, label, help, options }) => ({
      pointer,
      label: text(label),
      help: help ? text(help) : null,
      ...(options && { options: Object.entries(options).map(([value, option]) => ({ value, label: text(option) })) }),
    })),
  };
}

/** What the form's data starts with: the case's applicant and the council as the body addressed, where the form has those fields. */
export function prefill(form: FormDefinition, council: CouncilConfig, applicant: Applicant): Record<string, unknown> {
  const known: Record<string, string | null | undefined> = {
    '/applicant/name': applicant.name,
    '/applicant/idNumber': applicant.idNumber,
    '/applicant/email': applicant.email,
    '/applicant/phone': applicant.phone,
    '/addressee/body': council.name,
    '/addressee/code': council.dir3Code,
  };
  const data: Record<string, unknown> = {};
  for (const [pointer, value] of Object.entries(known)) {
    if (!value || schemaAt(form.schema, pointer)?.type !== 'string') continue;
    const [group, key] = pointer.slice(1).split('/') as [string, string];
    data[group] = { ...(data[group] as object | undefined), [key]: value };
  }
  return data;
}
