import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AppError, ERRORS, type ErrorCode } from '../src/shared/errors.js';
import { useTestApp } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** A whole code: `FIN_ERR_CALL_*` in a comment names a family, not a code. */
const CODE = /FIN_ERR_[A-Z_]*[A-Z](?![A-Z_*])/g;
/** The call client's own codes (widgets/src/call/call-client.ts): failures of the socket it owns, never sent by the server. */
const CALL_CLIENT_CODES = ['FIN_ERR_CALL_DISCONNECTED', 'FIN_ERR_CALL_TIMEOUT', 'FIN_ERR_CALL_UNREACHABLE'];

/** The source files under `dir`, tests and stories aside. */
async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(ROOT, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !/\.(test|stories)\.ts$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every code named in the source files under `dir`, with the first file naming it. */
async function codesNamedIn(dir: string): Promise<Map<string, string>> {
  const named = new Map<string, string>();
  for (const file of await sources(dir)) {
    for (const [code] of (await readFile(file, 'utf8')).matchAll(CODE)) if (!named.has(code)) named.set(code, path.relative(ROOT, file));
  }
  return named;
}

describe('the error catalogue', () => {
  it('gives a thrown code its status and, unless told otherwise, its message', () => {
    const taken = new AppError('FIN_ERR_SLOT_TAKEN');
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.message, ERRORS.FIN_ERR_SLOT_TAKEN.message);
    assert.equal(new AppError('FIN_ERR_SLOT_TAKEN', 'This slot has just been taken').message, 'This slot has just been taken');
    // @ts-expect-error A code that is not in the catalogue fails the type check (and has no status to answer with).
    assert.throws(() => new AppError('FIN_ERR_NOT_IN_THE_CATALOGUE'));
  });

  it('holds every code the server names', async () => {
    const missing = [...(await codesNamedIn('server/src'))].filter(([code]) => !(code in ERRORS));
    assert.deepEqual(missing, []);
  });

  it('holds every server code the widgets name', async () => {
    const widgetErrors = await readFile(path.join(ROOT, 'widgets/src/shared/errors.ts'), 'utf8');
    const ownList = /export const ErrorCode = \{([^}]*)\}/.exec(widgetErrors)?.[1];
    assert.ok(ownList, "the widgets' ErrorCode list");
    // The widgets' own codes: those the server also sends (FIN_ERR_INTERNAL) are in the catalogue anyway.
    const own = new Set([...ownList.matchAll(CODE)].map(([code]) => code).concat(CALL_CLIENT_CODES));
    const named = await codesNamedIn('widgets/src');
    assert.ok(named.size >= 20, `only ${named.size} codes named in the widgets`);
    const missing = [...named].filter(([code]) => !own.has(code) && !(code in ERRORS));
    assert.deepEqual(missing, []);
    for (const code of CALL_CLIENT_CODES) assert.ok(!(code in ERRORS), `${code} is the call client's own, yet the server has it`);
  });

  describe('in the OpenAPI document', () => {
    const suite = useTestApp();

    it('lists every code with its status and message, and the HTTP ones as the values of an error code', async () => {
      const document = (await suite.app.inject('/api/openapi.json')).json();
      const schema = document.components.schemas.ErrorResponse;
      assert.deepEqual(schema['x-fin-errors'], ERRORS);
      const http = (Object.keys(ERRORS) as ErrorCode[]).filter((code) => ERRORS[code].status !== null);
      assert.deepEqual(schema.properties.code.enum, http);
      for (const code of Object.keys(ERRORS)) assert.match(schema.description, new RegExp(`\\| \`${code}\` \\|`));
    });

    it('answers with the codes it lists', async () => {
      const document = (await suite.app.inject('/api/openapi.json')).json();
      const codes: string[] = document.components.schemas.ErrorResponse.properties.code.enum;
      for (const url of ['/api/councils/nowhere', '/api/desk/me', '/api/councils/demo?lang=fr', '/api/nothing-here']) {
        const answer = (await suite.app.inject(url)).json();
        assert.ok(codes.includes(answer.code), `${url} → ${answer.code}`);
        assert.equal(answer.statusCode, ERRORS[answer.code as ErrorCode].status, url);
      }
    });
  });
});
