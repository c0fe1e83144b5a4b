import { Validator, type Schema } from '@cfworker/json-schema';
import type { ApplicationForm } from '@finestreta/server/contract';

/** How a value of the schema is entered. */
export type LeafKind = 'text' | 'textarea' | 'email' | 'date' | 'number' | 'boolean' | 'select' | 'radios' | 'checkboxes' | 'lines';

export interface Option {
  value: string;
  label: string;
}

/** A value the agent enters, at `pointer` in the application's data. */
export interface LeafField {
  kind: LeafKind;
  pointer: string;
  label: string;
  help: string | null;
  required: boolean;
  schema: Schema;
  options: Option[];
}

/** An object of the schema: a fieldset with a legend. */
export interface GroupField {
  kind: 'group';
  pointer: string;
  label: string;
  help: string | null;
  required: boolean;
  children: FormNode[];
}

export type FormNode = LeafField | GroupField;

/** What is wrong with a value, as the form words it. */
export type Problem = 'required' | 'number' | 'integer' | 'email' | 'date' | 'pattern' | 'tooLong' | 'tooShort' | 'tooSmall' | 'tooLarge' | 'choice' | 'invalid';

/** Longer strings than this are written in a text area: facts and reasons, the request. */
const TEXTAREA_FROM = 200;
/** Up to this many choices show as radios, all visible at once; more go in a select. */
const RADIOS_UP_TO = 4;

const escapeToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapeToken = (token: string) => token.replace(/~1/g, '/').replace(/~0/g, '~');
const tokensOf = (pointer: string) => (pointer ? pointer.slice(1).split('/').map(unescapeToken) : []);

/** A form's presentation hint; `options` words a string enum's values (the value itself where absent). */
type Hint = ApplicationForm['fields'][number] & { options?: Option[] };

/** A `#/$defs/…` reference resolved against the form's schema; other references are left as they are. */
function resolve(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let target: unknown = root;
  for (const token of tokensOf(ref.slice(1))) target = (target as Record<string, unknown> | undefined)?.[token];
  return target && typeof target === 'object' ? { ...(target as Schema), ...schema, $ref: undefined } : schema;
}

/** The choices of an `enum`, or of a `oneOf`/`anyOf` of `{const, title}`, the usual way to give them labels. */
function optionsOf(schema: Schema): Option[] {
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => ({ value: String(value), label: String(value) }));
  const alternatives = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (alternatives?.length && alternatives.every((alternative) => 'const' in alternative)) {
    return alternatives.map((alternative) => ({ value: String(alternative.const), label: String(alternative.title ?? alternative.const) }));
  }
  return [];
}

function typeOf(schema: Schema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((type) => type !== 'null') : schema.type;
}

function leafKind(schema: Schema, root: Schema): LeafKind {
  const type = typeOf(schema);
  if (type === 'boolean') return 'boolean';
  if (type === 'integer' || type === 'number') return 'number';
  if (type === 'array') return optionsOf(resolve((schema.items as Schema) ?? {}, root)).length ? 'checkboxes' : 'lines';
  const options = optionsOf(schema);
  if (options.length) return options.length <= RADIOS_UP_TO ? 'radios' : 'select';
  if (schema.format === 'email') return 'email';
  if (schema.format === 'date') return 'date';
  return (schema.maxLength ?? 0) > TEXTAREA_FROM ? 'textarea' : 'text';
}

/**
 * The form's fields as a tree: objects as groups, everything else as leaves, in the order the
 * form's presentation hints give (a group takes the place of its first field listed), the rest
 * after them in the schema's order; labels and help from the hints, else the schema's title.
 */
export function buildFields(form: ApplicationForm): GroupField {
  const root = form.schema as Schema;
  const hints: Hint[] = form.fields;
  const rank = (pointer: string) => {
    const index = hints.findIndex((hint) => hint.pointer === pointer || hint.pointer.startsWith(`${pointer}/`));
    return index < 0 ? hints.length : index;
  };
  const node = (raw: Schema, pointer: string, name: string, required: boolean): FormNode => {
    const schema = resolve(raw, root);
    const hint = hints.find((h) => h.pointer === pointer);
    const label = hint?.label ?? (typeof schema.title === 'string' ? schema.title : name);
    const help = hint?.help ?? (typeof schema.description === 'string' ? schema.description : null);
    if (typeOf(schema) === 'object' || schema.properties) {
      const properties = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
      const children = properties
        .map(([key, child]) => node(child, `${pointer}/${escapeToken(key)}`, key, Boolean(schema.required?.includes(key))))
        .sort((a, b) => rank(a.pointer) - rank(b.pointer));
      return { kind: 'group', pointer, label, help, required, children };
    }
    const items = typeOf(schema) === 'array' ? resolve((schema.items as Schema) ?? {}, root) : schema;
    const options = optionsOf(items).map((option) => hint?.options?.find((worded) => worded.value === option.value) ?? option);
    return { kind: leafKind(schema, root), pointer, label, help, required, schema, options };
  };
  return node(root, '', form.title, true) as GroupField;
}

/** Every leaf of the tree, in the order they show. */
export function leavesOf(node: FormNode): LeafField[] {
  return node.kind === 'group' ? node.children.flatMap(leavesOf) : [node];
}

/** The value at `pointer` in `data`. */
export function valueAt(data: unknown, pointer: string): unknown {
  let value = data;
  for (const token of tokensOf(pointer)) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[token] : undefined;
  return value;
}

/**
 * `base` with each leaf set to its value in `values`; an undefined value removes the key, so an
 * emptied field reads as missing rather than as an empty string. Objects left empty go too.
 */
export function withValues(base: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  const data = structuredClone(base);
  for (const [pointer, value] of Object.entries(values)) {
    const tokens = tokensOf(pointer);
    const last = tokens.pop()!;
    let parent: Record<string, unknown> = data;
    for (const token of tokens) {
      const next = parent[token];
      parent = parent[token] = next && typeof next === 'object' && !Array.isArray(next) ? (next as Record<string, unknown>) : {};
    }
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
  return prune(data);
}

function prune(data: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(data)) {
    if (value && typeof value === 'object' && !Array.isArray(value) && !Object.keys(prune(value as Record<string, unknown>)).length) delete data[key];
  }
  return data;
}

/** The keyword a failed check of a leaf names, as the problem the agent reads. */
function problemOf(keyword: string, leaf: LeafField): Problem {
  switch (keyword) {
    case 'type':
      return typeOf(leaf.schema) === 'integer' ? 'integer' : typeOf(leaf.schema) === 'number' ? 'number' : 'invalid';
    case 'multipleOf':
      return typeOf(leaf.schema) === 'integer' ? 'integer' : 'invalid';
    case 'format':
      return leaf.schema.format === 'email' ? 'email' : leaf.schema.format === 'date' ? 'date' : 'invalid';
    case 'pattern':
      return 'pattern';
    case 'maxLength':
      return 'tooLong';
    case 'minLength':
      return 'tooShort';
    case 'minimum':
    case 'exclusiveMinimum':
      return 'tooSmall';
    case 'maximum':
    case 'exclusiveMaximum':
      return 'tooLarge';
    case 'enum':
    case 'const':
    case 'oneOf':
    case 'anyOf':
      return leaf.options.length ? 'choice' : 'invalid';
    default:
      return 'invalid';
  }
}

/** Keywords that only say a part of the value failed; the part's own error says what. */
const STRUCTURAL = new Set(['properties', 'items', 'prefixItems', 'allOf', '$ref', 'additionalProperties', 'unevaluatedProperties', 'if', 'then', 'else', 'dependentSchemas', 'required']);

/**
 * Checks an application's data with the same validator, and draft, as the server
 * (`@cfworker/json-schema`, which needs no `eval` and so runs under the desk's CSP): each leaf's
 * first problem. Required fields are worked out from the tree instead, so that a missing field of
 * an optional group left empty (no representative) is no problem.
 */
export class FormChecker {
  private readonly validator: Validator;
  private readonly leaves: LeafField[];

  constructor(
    form: ApplicationForm,
    private readonly tree: GroupField,
  ) {
    this.validator = new Validator(form.schema as Schema, '2020-12', false);
    this.leaves = leavesOf(tree);
  }

  check(data: Record<string, unknown>): Map<string, Problem> {
    const problems = new Map<string, Problem>();
    for (const pointer of this.missing(this.tree, data)) problems.set(pointer, 'required');
    for (const unit of this.validator.validate(data).errors) {
      if (STRUCTURAL.has(unit.keyword)) continue;
      const at = decodeURIComponent(unit.instanceLocation.slice(1));
      // An array's item failing is the array's field failing.
      const leaf = this.leaves.find((candidate) => candidate.pointer === at || at.startsWith(`${candidate.pointer}/`));
      if (leaf && !problems.has(leaf.pointer)) problems.set(leaf.pointer, problemOf(unit.keyword, leaf));
    }
    return problems;
  }

  private missing(group: GroupField, data: Record<string, unknown>): string[] {
    return group.children.flatMap((child) => {
      const value = valueAt(data, child.pointer);
      if (child.kind === 'group') return value !== undefined || child.required ? this.missing(child, data) : [];
      return child.required && value === undefined ? [child.pointer] : [];
    });
  }
}
