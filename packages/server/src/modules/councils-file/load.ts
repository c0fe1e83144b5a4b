import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { loadLogos, type Logo } from '../branding/logo.js';
import { loadIdentityProviders, type IdentityProvider } from '../oidc/providers.js';
import type { CouncilsFile } from '../councils/schemas.js';
import { CouncilsFileError, parseCouncilsFile } from '../councils/seed.js';

/** One version of the councils file with everything read through it, checked whole. */
export interface LoadedCouncils {
  /** SHA-256 of the file's bytes, hex: the version every process running it reports. */
  sha256: string;
  councils: CouncilsFile;
  logos: Map<string, Logo>;
  identityProviders: Map<string, IdentityProvider>;
}

/** The SHA-256 of the councils file as it is now, to tell whether it changed without checking it. */
export async function councilsFileHash(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/**
 * Reads the councils file and what it points to (logos, client secrets), and checks it all as
 * start-up always has: the first problem found throws a CouncilsFileError naming each one, and
 * nothing of a refused file is returned. The hash is of the very bytes checked.
 */
export async function loadCouncilsFile(file: string, allowHttpIssuer: boolean): Promise<LoadedCouncils> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new CouncilsFileError(file, [(error as Error).message]);
  }
  const councils = parseCouncilsFile(file, bytes.toString('utf8'));
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    councils,
    logos: await loadLogos(file, councils),
    identityProviders: await loadIdentityProviders(file, councils, allowHttpIssuer),
  };
}

/** The version of the councils file a process runs, as `/api/health` and `/metrics` report it. */
export interface CouncilsFileVersion {
  sha256: string;
  appliedAt: Date;
}

/**
 * The councils file a process runs: what branding (logos) and sign-in (identity providers) read
 * at each use, so that a new version replaces them all at once, between two requests.
 */
export class CouncilsFileState {
  version: CouncilsFileVersion;

  constructor(
    public current: LoadedCouncils,
    appliedAt: Date,
  ) {
    this.version = { sha256: current.sha256, appliedAt };
  }

  replace(loaded: LoadedCouncils, at: Date): void {
    this.current = loaded;
    this.version = { sha256: loaded.sha256, appliedAt: at };
  }
}
