import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CouncilsFileError } from '../councils/seed.js';
import type { CouncilsFile, IdentityProviderConfig } from '../councils/schemas.js';

/** A council's identity provider as the server uses it: the file's settings and the secret they point to. */
export interface IdentityProvider extends IdentityProviderConfig {
  clientSecret: string;
}

/**
 * The councils' identity providers, read with the councils file (at start, then at each change):
 * each client secret from the file its `clientSecretFile` names (relative to the councils file;
 * its first line). A secret that cannot be read, or an `http://` issuer without
 * OIDC_ALLOW_HTTP_ISSUER, stops start-up (or has the new version refused) and is named by its
 * place in the councils file, as `npm run councils -- check` names it too.
 */
export async function loadIdentityProviders(councilsFile: string, councils: CouncilsFile, allowHttpIssuer: boolean): Promise<Map<string, IdentityProvider>> {
  const providers = new Map<string, IdentityProvider>();
  const problems: string[] = [];
  for (const [index, council] of councils.entries()) {
    const provider = council.identityProvider;
    if (!provider) continue;
    const at = `/${index}/identityProvider`;
    if (provider.issuer.startsWith('http://') && !allowHttpIssuer) {
      problems.push(`${at}/issuer: ${provider.issuer} is not https; http is allowed only for a test provider, with OIDC_ALLOW_HTTP_ISSUER=true in demo mode`);
    }
    const file = path.resolve(path.dirname(councilsFile), provider.clientSecretFile);
    try {
      const clientSecret = (await readFile(file, 'utf8')).split(/\r?\n/, 1)[0]!.trim();
      if (clientSecret) providers.set(council.id, { ...provider, clientSecret });
      else problems.push(`${at}/clientSecretFile: ${file} is empty`);
    } catch (error) {
      problems.push(`${at}/clientSecretFile: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new CouncilsFileError(councilsFile, problems);
  return providers;
}
