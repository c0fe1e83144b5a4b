import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/index.js';
import type { Agent } from '../../agents/store.js';
import type { CouncilConfig, Language } from '../../councils/schemas.js';
import { escapeToken, schemaAt, type FormSchema } from '../../councils/form-schema.js';
import { AppError, changedMeanwhile } from '../../../shared/errors.js';
import { canonicalJson } from '../../../shared/json.js';
import { voidAgreement, type ProcedureCase } from '../core.js';
import { defaultForm, findForm, prefill } from './forms.js';
import type { AttachedDocument } from './record.js';
import { invalidData, judge, tidy } from './validate.js';
import { applicantOf } from './view.js';

/** The largest application data kept, as canonical JSON: a long application is a few kilobytes. */
export const MAX_DATA_BYTES = 64 * 1024;

export interface ApplicationInput {
  formId: string;
  data: Record<string, unknown>;
  attachments: string[];
  version: number;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The part of `data` the schema describes: what carries over when the agent switches forms. */
function within(schema: FormSchema, data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data).flatMap(([key, value]) => {
      const node = schemaAt(schema, `/${escapeToken(key)}`);
      if (!node) return [];
      const isGroup = node.type === 'object' && value !== null && typeof value === 'object' && !Array.isArray(value);
      return [[key, isGroup ? within(node, value as Record<string, unknown>) : value]];
    }),
  );
}

/** `base` with `over` laid on top of it, group by group. */
function overlay(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const under = merged[key];
    const bothGroups = [under, value].every((each) => each !== null && typeof each === 'object' && !Array.isArray(each));
    merged[key] = bothGroups ? overlay(under as Record<string, unknown>, value as Record<string, unknown>) : value;
  }
  return merged;
}

/** The case's documents named, in the order given; refused unless every one is a document of this case that was not rejected. */
export async function attachable(db: Kysely<Database>, caseId: string, ids: string[]): Promise<AttachedDocument[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('documents')
    .select(['id', 'file_name', 'expected', 'sha256'])
    .where('case_id', '=', caseId)
    .where('state', '!=', 'rejected')
    .where('id', 'in', ids)
    .execute();
  return ids.map((id) => {
    const row = rows.find((each) => each.id === id);
    if (!row) throw new AppError('FIN_ERR_VALIDATION', `Document ${id} is not one of this case's documents`, 'attachments');
    return { id, fileName: row.file_name, expected: row.expected, sha256: row.sha256 };
  });
}

/**
 * Saves the agent's draft of the application, if it is the version they read. A draft may leave
 * fields to fill in; a value the form refuses is refused with each field's error. Switching
 * to another form keeps what the new form also has and prefills the rest from the case. A change
 * voids an agreement asked for or given, so that the citizen is asked again. One evidence event
 * per save that changed something, with the data's hash rather than the data.
 */
export async function saveApplication(
  fastify: FastifyInstance,
  council: CouncilConfig,
  agent: Agent,
  found: ProcedureCase,
  input: ApplicationInput,
  language: Language,
): Promise<void> {
  const form = findForm(council, input.formId);
  if (!form) throw new AppError('FIN_ERR_FORM_UNKNOWN');
  const given = tidy(input.data) as Record<string, unknown>;
  if (Buffer.byteLength(canonicalJson(given), 'utf8') > MAX_DATA_BYTES) {
    throw new AppError('FIN_ERR_PAYLOAD_TOO_LARGE', `The application's data is larger than ${MAX_DATA_BYTES / 1024} KB`);
  }
  const attachments = await attachable(fastify.db, found.id, input.attachments);

  await fastify.procedure.core.write(found, `agent:${agent.id}`, (record) => {
    const current = record.application;
    if (input.version !== current.version) throw changedMeanwhile();
    // The desk shows the case's default form, prefilled, until the first save.
    const shown = current.formId ?? defaultForm(council, found).id;
    const data = shown === form.id ? given : overlay(prefill(form, council, applicantOf(found)), within(form.schema, given));
    const { invalid, missing } = judge(form.schema, data, language);
    if (invalid.length > 0) throw new AppError('FIN_ERR_APPLICATION_INVALID', undefined, undefined, invalidData(invalid));

    const dataSha256 = sha256Hex(canonicalJson(data));
    const attached = attachments.map(({ id, sha256 }) => ({ id, sha256 }));
    const unchanged =
      current.formId === form.id &&
      dataSha256 === sha256Hex(canonicalJson(current.data)) &&
      canonicalJson(attached) === canonicalJson(current.attachments.map(({ id, sha256 }) => ({ id, sha256 })));
    if (unchanged) return { events: [] };

    const version = current.version + 1;
    record.application = { formId: form.id, data, attachments, version };
    return {
      events: [
        { type: 'application.saved', data: { formId: form.id, version, dataSha256, attachments: attached, missing: missing.map(({ pointer }) => pointer) } },
        ...voidAgreement(record, 'application changed'),
      ],
    };
  });
}
