import { Type, type Static } from '@sinclair/typebox';

/** The dialect every application form is written in, checked with `@cfworker/json-schema` on both sides. */
export const FORM_DRAFT = '2020-12';
export const FORM_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** The id of the generic application every council offers, which no procedure's form may take. */
export const GENERIC_FORM_ID = 'generic';

/** The formats a form may ask for: those the desk has an input for and the document words. */
export const FORM_FORMATS = ['date', 'date-time', 'email', 'uri'] as const;

const Count = Type.Integer({ minimum: 0 });
const Text = Type.String({ maxLength: 2000 });

/**
 * An application form's JSON Schema: 2020-12, restricted to the keywords the desk renders as
 * fields and the document words (no `$ref`, no combinators). Every node names its `type`; a
 * keyword outside this list makes the councils file fail to load rather than be ignored by one
 * of the validators.
 */
export const FormSchema = Type.Recursive(
  (Node) =>
    Type.Object(
      {
        $schema: Type.Optional(Type.Literal(FORM_DIALECT)),
        type: Type.Union(['object', 'array', 'string', 'number', 'integer', 'boolean'].map((type) => Type.Literal(type))),
        title: Type.Optional(Text),
        description: Type.Optional(Text),
        properties: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }), Node)),
        required: Type.Optional(Type.Array(Type.String(), { uniqueItems: true })),
        additionalProperties: Type.Optional(Type.Boolean()),
        items: Type.Optional(Node),
        minItems: Type.Optional(Count),
        maxItems: Type.Optional(Count),
        uniqueItems: Type.Optional(Type.Boolean()),
        enum: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, uniqueItems: true })),
        const: Type.Optional(Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
        format: Type.Optional(Type.Union(FORM_FORMATS.map((format) => Type.Literal(format)))),
        pattern: Type.Optional(Type.String({ maxLength: 500 })),
        minLength: Type.Optional(Count),
        maxLength: Type.Optional(Count),
        minimum: Type.Optional(Type.Number()),
        maximum: Type.Optional(Type.Number()),
      },
      { additionalProperties: false },
    ),
  { $id: 'ApplicationFormSchema' },
);
export type FormSchema = Static<typeof FormSchema> & { properties?: Record<string, FormSchema>; items?: FormSchema };

/** A key as one token of a JSON Pointer (RFC 6901). */
export const escapeToken = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** The keys a JSON Pointer (RFC 6901) goes through; none for the whole document (`''`). */
export const pointerKeys = (pointer: string): string[] =>
  pointer === '' ? [] : pointer.slice(1).split('/').map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));

/** The node of `schema` that a JSON Pointer into the data lands on, or undefined. */
export function schemaAt(schema: FormSchema, pointer: string): FormSchema | undefined {
  let node: FormSchema | undefined = schema;
  for (const key of pointerKeys(pointer)) {
    node = node.type === 'array' && /^\d+$/.test(key) ? node.items : node.properties?.[key];
    if (!node) return undefined;
  }
  return node;
}

/**
 * What is wrong with a form's schema beyond its shape, each with its JSON path under `at`: a
 * pattern that is not a regular expression (the validators compile it with the `u` flag), a
 * required property it does not describe, bounds the wrong way round.
 */
export function schemaProblems(schema: FormSchema, at: string): string[] {
  const node = schema;
  const problems: string[] = [];
  if (node.pattern !== undefined) {
    try {
      new RegExp(node.pattern, 'u');
    } catch {
      problems.push(`${at}/pattern: not a regular expression`);
    }
  }
  for (const key of node.required ?? []) {
    if (!node.properties?.[key]) problems.push(`${at}/required: "${key}" is not one of its properties`);
  }
  if (node.type === 'object' && !node.properties) problems.push(`${at}: an object needs its properties`);
  if (node.type === 'array' && !node.items) problems.push(`${at}: an array needs its items`);
  for (const [low, high] of [['minLength', 'maxLength'], ['minimum', 'maximum'], ['minItems', 'maxItems']] as const) {
    if (node[low] !== undefined && node[high] !== undefined && node[low] > node[high]) problems.push(`${at}/${low}: more than ${high}`);
  }
  for (const [key, child] of Object.entries(node.properties ?? {})) problems.push(...schemaProblems(child, `${at}/properties/${key}`));
  if (node.items) problems.push(...schemaProblems(node.items, `${at}/items`));
  return problems;
}

/** The problems of a council's forms that the councils file's shape cannot tell, each with its JSON path under `at`. */
export function formProblems(
  council: { procedures: Array<{ id: string; application?: { schema: FormSchema; fields: Array<{ pointer: string; options?: Record<string, unknown> }> } }> },
  at: string,
): string[] {
  return council.procedures.flatMap(({ id, application }, index) => {
    if (!application) return [];
    const here = `${at}/procedures/${index}/application`;
    const problems = schemaProblems(application.schema, `${here}/schema`);
    if (id === GENERIC_FORM_ID) problems.push(`${here}: "${GENERIC_FORM_ID}" is the generic application's id; rename the procedure`);
    if (application.schema.type !== 'object') problems.push(`${here}/schema/type: an application's data is an object`);
    application.fields.forEach(({ pointer, options }, i) => {
      const node = schemaAt(application.schema, pointer);
      if (!node) problems.push(`${here}/fields/${i}/pointer: ${pointer} is not in the schema`);
      for (const value of Object.keys(options ?? {})) {
        if (!node?.enum?.includes(value)) problems.push(`${here}/fields/${i}/options: "${value}" is not one of the field's enum values`);
      }
    });
    return problems;
  });
}
