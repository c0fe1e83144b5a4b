/**
 * The councils file, checked before it is put in place (README "Councils"):
 *
 *   npm run councils -- check <file>…
 *   npm run councils -- schema
 *
 * `check` runs every check the server runs on the file, at start-up or when it changes (its JSON
 * Schema, then what a schema cannot say: time zones, languages, opening hours, unique ids,
 * application forms, colour contrast, the logos and identity providers' secrets it names),
 * without a database or a server, and names each mistake by its JSON path; for a good file it
 * prints the SHA-256 that `/api/health` will report. It exits 0 when every file would start, 1
 * otherwise. `schema` prints the file's JSON Schema, the one published in the repository.
 */
import { pathToFileURL } from 'node:url';
import { loadCouncilsFile } from '../modules/councils-file/load.js';
import { councilsJsonSchema } from '../modules/councils/json-schema.js';
import { CouncilsFileError } from '../modules/councils/seed.js';

const USAGE = ['usage: npm run councils -- check <file>…', '       npm run councils -- schema'].join('\n');

/** Whether `file` would start a server; what is wrong with it is printed. */
async function check(file: string): Promise<boolean> {
  try {
    const { councils, sha256 } = await loadCouncilsFile(file, process.env.OIDC_ALLOW_HTTP_ISSUER === 'true');
    process.stdout.write(`✔ ${file}: ${councils.length} ${councils.length === 1 ? 'council' : 'councils'} (${councils.map((council) => council.id).join(', ')}), sha256 ${sha256}\n`);
    return true;
  } catch (error) {
    if (!(error instanceof CouncilsFileError)) throw error;
    console.error(`✖ ${error.message}`);
    return false;
  }
}

export async function main(args: string[]): Promise<number> {
  const [command, ...files] = args;
  if (command === 'schema' && files.length === 0) {
    process.stdout.write(`${JSON.stringify(councilsJsonSchema(), null, 2)}\n`);
    return 0;
  }
  if (command === 'check' && files.length > 0) {
    let ok = true;
    for (const file of files) ok = (await check(file)) && ok;
    return ok ? 0 : 1;
  }
  console.error(USAGE);
  return 64;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
