import { CouncilsFile } from './schemas.js';

/** Where the schema is published in the repository, beside the package's demo councils file. */
export const COUNCILS_SCHEMA_PATH = 'packages/server/councils.schema.json';

/**
 * The councils file's JSON Schema (draft-07, as TypeBox writes it), for an IT team's editor and
 * validators: the same schema the server checks the file against at start-up. What a schema
 * cannot say (a known time zone, a default language among the council's, opening hours in order,
 * unique ids, colours readable on white, logos that can be served, application forms the desk
 * can render) is checked at start-up and by `npm run councils -- check`.
 */
export function councilsJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Finestreta councils file',
    description:
      'The councils one Finestreta server serves (COUNCILS_FILE). Also checked at start-up and by `npm run councils -- check FILE`, which report what a schema cannot express.',
    // Through JSON: TypeBox's own markers are symbols, which a JSON document does not carry.
    ...(JSON.parse(JSON.stringify(CouncilsFile)) as Record<string, unknown>),
  };
}
