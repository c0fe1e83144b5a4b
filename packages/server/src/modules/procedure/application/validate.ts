import { Validator, type Schema } from '@cfworker/json-schema';
import type { Language } from '../../councils/schemas.js';
import type { FieldError } from '../schemas.js';
import { escapeToken, FORM_DRAFT, schemaAt, type FormSchema } from '../../councils/form-schema.js';
import { message, type MessageKey } from './texts.js';

/** What is wrong with an application's data: values that are not valid, and what is left to fill in. */
export interface Verdict {
  invalid: FieldError[];
  missing: FieldError[];
}

/** The `details` of a FIN_ERR_APPLICATION_INVALID: each field's problem, as the API sends it (`details.errors`). */
export const invalidData = (errors: FieldError[]) => ({ details: { errors } });

/** Keywords whose failure means a field is not filled in yet (an unticked declaration is `const: true` unmet). */
const LEFT_TO_DO = new Set(['required', 'minLength', 'minItems', 'const']);
/** Keywords that only report that something beneath them failed; that failure is reported on its own. */
const ENCLOSING = new Set(['properties', 'items', 'additionalProperties']);

const validators = new WeakMap<FormSchema, Validator>();

function validatorOf(schema: FormSchema): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    // The validator writes its bookkeeping into the schema it is given; the council's is shared and frozen.
    validator = new Validator(structuredClone(schema) as Schema, FORM_DRAFT, false);
    validators.set(schema, validator);
  }
  return validator;
}

/**
 * The data as it is kept: an emptied field (an empty string, null) or an emptied group is absent,
 * which is how a draft leaves it for later rather than a value the schema refuses.
 */
export function tidy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tidy);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value)
    .map(([key, child]) => [key, tidy(child)] as const)
    .filter(([, child]) => child !== '' && child !== null && child !== undefined && !(isObject(child) && Object.keys(child).length === 0));
  return Object.fromEntries(entries);
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The library's instance location (`#/a%20b`) as a JSON Pointer (`/a b`). */
const pointerOf = (location: string): string => decodeURIComponent(location.slice(1));

function messageKey(keyword: string, node: FormSchema | undefined): MessageKey {
  if (keyword === 'type') return 'type';
  if (keyword === 'format') return node?.format === 'email' ? 'email' : node?.format === 'date' ? 'date' : 'format';
  if (keyword === 'pattern') return 'format';
  if (keyword === 'enum') return 'enum';
  if (keyword === 'maxLength' || keyword === 'maxItems') return 'tooLong';
  if (keyword === 'minimum' || keyword === 'maximum') return 'range';
  if (keyword === 'false') return 'unknown';
  return 'invalid';
}

/**
 * Checks data against a form with the same validator the desk runs in the browser, each problem
 * at the JSON Pointer of its field, worded in `language`.
 */
export function judge(schema: FormSchema, data: unknown, language: Language): Verdict {
  const verdict: Verdict = { invalid: [], missing: [] };
  const seen = new Set<string>();
  for (const unit of validatorOf(schema).validate(data).errors) {
    if (ENCLOSING.has(unit.keyword)) continue;
    let pointer = pointerOf(unit.instanceLocation);
    if (unit.keyword === 'required') {
      // The library names the missing property only in its message.
      const property = /"(.*)"\.$/.exec(unit.error)?.[1];
      if (property !== undefined) pointer = `${pointer}/${escapeToken(property)}`;
    }
    if (LEFT_TO_DO.has(unit.keyword)) {
      for (const field of requiredWithin(schema, pointer)) {
        if (!seen.has(field)) verdict.missing.push({ pointer: field, message: message('missing', language) });
        seen.add(field);
      }
    } else if (!seen.has(pointer)) {
      verdict.invalid.push({ pointer, message: message(messageKey(unit.keyword, schemaAt(schema, pointer)), language) });
      seen.add(pointer);
    }
  }
  return verdict;
}

/** A missing group's required fields, so that the agent sees the very fields to fill in; the pointer itself otherwise. */
function requiredWithin(schema: FormSchema, pointer: string): string[] {
  const node = schemaAt(schema, pointer);
  if (node?.type !== 'object' || !node.required?.length) return [pointer];
  return node.required.flatMap((key) => requiredWithin(schema, `${pointer}/${escapeToken(key)}`));
}
