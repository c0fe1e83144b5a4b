/**
 * The councils file, checked before a restart (README "Councils"):
 *
 *   npm run councils -- check <file>…
 *   npm run councils -- schema
 *
 * `check` runs every check the server runs at start-up on the file (its JSON Schema, then what a
 * schema cannot say: time zones, languages, opening hours, unique ids, application forms, colour
 * contrast, the logos and identity providers' secrets it names), without a database or a server, and names each mistake by its
 * JSON path. It exits 0 when every file would start, 1 otherwise. `schema` prints the file's
 * JSON Schema, the one published in the repository.
 */
import { pathToFileURL } from 'node:url';
import { loadLogos } from '../modules/branding/logo.js';
import { councilsJsonSchema } from '../modules/councils/json-schema.js';
import { CouncilsFileError, readCouncilsFile } from '../modules/councils/seed.js';
import { loadIdentityProviders } from '../modules/oidc/providers.js';

const USAGE = ['usage: npm run councils -- check <file>…', '       npm run councils -- schema'].join('\n');

/** Whether `file` would start a server; what is wrong with it is printed. */
async function check(file: string): Promise<boolean> {
  try {
    const councils = await readCouncilsFile(file);
    await loadLogos(file, councils);
    await loadIdentityProviders(file, councils, process.env.OIDC_ALLOW_HTTP_ISSUER === 'true');
    process.stdout.write(`✔ ${file}: ${councils.length} ${councils.length === 1 ? 'council' : 'councils'} (${councils.map((council) => council.id).join(', ')})\n`);
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
