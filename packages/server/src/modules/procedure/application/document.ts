import { localize } from '../../councils/language.js';
import type { CouncilConfig, Language, Localized } from '../../councils/schemas.js';
import type { ProcedureCase } from '../core.js';
import type { ApplicationDocument } from '../schemas.js';
import { pointerKeys, schemaAt, type FormSchema } from '../../councils/form-schema.js';
import type { FormDefinition } from './forms.js';
import type { ApplicationRecord } from './record.js';
import { YES_NO } from './texts.js';

type Field = FormDefinition['fields'][number];
type Section = ApplicationDocument['sections'][number];

const DECLARATIONS = '/declarations/';

/** The value at a JSON Pointer of the data, or undefined. */
export function valueAt(data: unknown, pointer: string): unknown {
  let value = data;
  for (const key of pointerKeys(pointer)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Words a value of the data the way a reader of `language` expects: yes/no, the option's label, a long date, grouped digits. */
function word(value: unknown, node: FormSchema, field: Field, text: (value: Localized) => string, language: Language, timeZone: string): string {
  if (Array.isArray(value)) {
    const items = node.items ?? node;
    return new Intl.ListFormat(language, { type: 'conjunction' }).format(value.map((item) => word(item, items, field, text, language, timeZone)));
  }
  if (typeof value === 'boolean') return YES_NO[language][value ? 0 : 1];
  if (typeof value === 'number') return new Intl.NumberFormat(language).format(value);
  if (typeof value !== 'string') return '';
  const option = field.options?.[value];
  if (option) return text(option);
  if (node.format === 'date') return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
  if (node.format === 'date-time') return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(value));
  return value;
}

/**
 * The application as a readable document in `language`: a section for each group of fields in
 * the form's order (fields outside a group under the form's title), only the fields filled in,
 * the declarations made, and the attachments with their SHA-256.
 */
export function renderDocument(
  council: CouncilConfig,
  found: ProcedureCase,
  form: FormDefinition,
  application: ApplicationRecord,
  language: Language,
): ApplicationDocument {
  const text = (value: Localized) => localize(value, language, council.defaultLanguage);
  const title = text(form.title);
  const procedure = council.procedures.find(({ id }) => id === found.procedure);
  const sections: Section[] = [];
  const declarations: string[] = [];
  let group: { pointer: string; section: Section } | null = null;

  for (const field of form.fields) {
    const node = schemaAt(form.schema, field.pointer);
    if (!node) continue;
    if (node.type === 'object') {
      group = { pointer: field.pointer, section: { heading: text(field.label), items: [] } };
      sections.push(group.section);
      continue;
    }
    const value = valueAt(application.data, field.pointer);
    if (value === undefined || isWordless(value)) continue;
    const worded = word(value, node, field, text, language, council.timeZone);
    if (field.pointer.startsWith(DECLARATIONS)) {
      declarations.push(declaration(field, value, worded, text, language));
      continue;
    }
    if (!group || !field.pointer.startsWith(`${group.pointer}/`)) {
      group = { pointer: '', section: { heading: title, items: [] } };
      sections.push(group.section);
    }
    group.section.items.push({ label: text(field.label), value: worded });
  }

  return {
    language,
    title,
    council: council.name,
    procedure: procedure ? text(procedure.name) : found.procedure,
    sections: sections.filter((section) => section.items.length > 0),
    attachments: application.attachments.map(({ fileName, expected, sha256 }) => {
      const named = procedure?.documents.find(({ id }) => id === expected);
      return { name: named ? `${text(named.name)} (${fileName})` : fileName, sha256 };
    }),
    declarations,
  };
}

const isWordless = (value: unknown): boolean => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A declaration as the applicant makes it: the sentence ticked, the option chosen, or the answer given. */
function declaration(field: Field, value: unknown, worded: string, text: (value: Localized) => string, language: Language): string {
  if (value === true) return text(field.label);
  if (value === false) return `${YES_NO[language][1]}: ${text(field.label)}`;
  if (typeof value === 'string' && field.options?.[value]) return worded;
  return `${text(field.label)}: ${worded}`;
}
