import { readFile } from 'node:fs/promises';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance } from 'fastify';
import { isValidTimeZone } from '../../shared/time.js';
import { brandingProblems } from './branding.js';
import { formProblems } from './form-schema.js';
import { CouncilsFile } from './schemas.js';

export class CouncilsFileError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Invalid councils file ${file}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'CouncilsFileError';
  }
}

/**
 * Agents given a password in clear, as files did before hashes: each is named with what to write
 * instead, rather than as a property the schema does not know.
 */
function plainPasswords(data: unknown): string[] {
  if (!Array.isArray(data)) return [];
  return data.flatMap((council: { agents?: unknown }, i) =>
    (Array.isArray(council?.agents) ? council.agents : []).flatMap((agent: unknown, j) =>
      agent !== null && typeof agent === 'object' && 'password' in agent
        ? [`/${i}/agents/${j}/password: no password in clear here; write its hash as passwordHash (npm run agents -- hash-password), or set it in the database (npm run agents -- set-password <email>)`]
        : [],
    ),
  );
}

/** Reads and checks the councils file, reporting every problem with its JSON path. */
export async function readCouncilsFile(file: string): Promise<CouncilsFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CouncilsFileError(file, [(error as Error).message]);
  }
  return parseCouncilsFile(file, text);
}

/** Checks the text of the councils file `file` as `readCouncilsFile` does, for a caller that read (and hashed) it itself. */
export function parseCouncilsFile(file: string, text: string): CouncilsFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CouncilsFileError(file, [(error as Error).message]);
  }
  const plain = plainPasswords(data);
  if (plain.length > 0) throw new CouncilsFileError(file, plain);
  const problems = [...Value.Errors(CouncilsFile, data)].map((error) => `${error.path || '/'}: ${error.message}`);
  if (problems.length > 0) throw new CouncilsFileError(file, problems);

  const councils = data as CouncilsFile;
  councils.forEach((council, index) => {
    const at = `/${index}`;
    if (!isValidTimeZone(council.timeZone)) problems.push(`${at}/timeZone: unknown time zone ${council.timeZone}`);
    if (!council.languages.includes(council.defaultLanguage)) {
      problems.push(`${at}/defaultLanguage: ${council.defaultLanguage} is not one of the council's languages`);
    }
    council.openingHours.forEach((hours, i) => {
      if (hours.opens >= hours.closes) problems.push(`${at}/openingHours/${i}: opens must be before closes`);
    });
    if (councils.findIndex((other) => other.id === council.id) !== index) problems.push(`${at}/id: duplicate id ${council.id}`);
    problems.push(...formProblems(council, at));
    problems.push(...brandingProblems(council, at));
  });
  if (problems.length > 0) throw new CouncilsFileError(file, problems);
  return councils;
}

/**
 * Loads the councils file into the database, at start-up and whenever the file changes
 * (modules/councils-file). Councils are replaced by the file's version, all in one transaction,
 * so that no process reads half a file's councils; a council no longer in the file stays as it
 * was, its cases with it. Agents are only created: once an agent exists, the database wins, since
 * administrators manage agents in the desk (modules/staff) — a new version of the file never
 * re-enables a disabled agent, resets a password, or undoes a role or habilitation set there. The
 * file seeds a new council's first agents (its first administrator among them).
 */
export async function seedCouncils(fastify: FastifyInstance, councils: CouncilsFile): Promise<void> {
  const stored = councils.map((council) => {
    const copy = { ...council };
    delete copy.agents;
    return copy;
  });
  await fastify.councils.upsertAll(stored, fastify.now());
  for (const { id, agents = [] } of councils) {
    for (const agent of agents) {
      if (await fastify.agents.findByEmail(agent.email)) continue;
      try {
        await fastify.agents.create({
          councilId: id,
          email: agent.email,
          name: agent.name,
          passwordHash: agent.passwordHash,
          habilitation: agent.habilitation ?? null,
          role: agent.role ?? 'agent',
          now: fastify.now(),
        });
      } catch (error) {
        // Created meanwhile by another process applying the same file: theirs stands.
        if (!(await fastify.agents.findByEmail(agent.email))) throw error;
      }
    }
  }
}
