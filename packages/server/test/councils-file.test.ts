import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { councilsJsonSchema } from '../src/modules/councils/json-schema.js';
import { useTestApp } from './helpers.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const SCHEMA_FILE = path.join(root, 'packages/server/councils.schema.json');
const EXAMPLE_FILE = path.join(root, 'deploy/councils.example.json');
const DEMO_FILE = path.join(root, 'packages/server/councils/demo.json');

/** `npm run councils -- …` as an IT team runs it: its exit code and what it printed. */
async function councilsCommand(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'packages/server/src/scripts/councils.ts', ...args], { cwd: root });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

describe('the councils file', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fin-councils-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('its published JSON Schema', () => {
    it('is the schema the server checks the file against', async () => {
      assert.deepEqual(JSON.parse(await readFile(SCHEMA_FILE, 'utf8')), councilsJsonSchema(), 'regenerate it: npm run --silent councils -- schema > packages/server/councils.schema.json');
    });

    it('accepts the demo and the production example, and refuses a wrong file, in a validator other than the server’s', async () => {
      const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(await readFile(SCHEMA_FILE, 'utf8')));
      for (const file of [DEMO_FILE, EXAMPLE_FILE]) assert.ok(validate(JSON.parse(await readFile(file, 'utf8'))), `${file}: ${JSON.stringify(validate.errors)}`);
      const [council] = JSON.parse(await readFile(EXAMPLE_FILE, 'utf8'));
      assert.equal(validate([{ ...council, callback: { ...council.callback, capacity: 'two' } }]), false);
      assert.ok(validate.errors!.some((error) => error.instancePath === '/0/callback/capacity'), JSON.stringify(validate.errors));
      assert.equal(validate([{ ...council, colour: 'blue' }]), false, 'a misspelt setting is not silently ignored');
    });

    describe('in the OpenAPI document', () => {
      const suite = useTestApp();
      it('is a component, with every setting of a council', async () => {
        const published = (await suite.app.inject('/api/openapi.json')).json().components.schemas.CouncilsFile;
        const schema = councilsJsonSchema() as { title: string; items: { properties: object; required: string[] } };
        assert.equal(published.title, schema.title);
        assert.deepEqual(Object.keys(published.items.properties).sort(), Object.keys(schema.items.properties).sort());
        assert.deepEqual(published.items.required, schema.items.required);
      });
    });
  });

  describe('npm run councils -- check', () => {
    it('passes the production example of two councils and the demo, with the version the server will report', async () => {
      const { code, out } = await councilsCommand('check', EXAMPLE_FILE, DEMO_FILE);
      assert.equal(code, 0, out);
      const demoVersion = createHash('sha256').update(await readFile(DEMO_FILE)).digest('hex');
      assert.match(out, /councils\.example\.json: 2 councils \(vilamar, riudemont\), sha256 [0-9a-f]{64}\n/);
      assert.match(out, new RegExp(`demo\\.json: 1 council \\(demo\\), sha256 ${demoVersion}\n`));
    });

    it('names each mistake of the schema by its place in the file', async () => {
      const [vilamar, riudemont] = JSON.parse(await readFile(EXAMPLE_FILE, 'utf8'));
      const file = path.join(dir, 'schema-mistakes.json');
      await writeFile(file, JSON.stringify([{ ...vilamar, languages: ['ca', 'fr'] }, { ...riudemont, callback: { ...riudemont.callback, capacity: 'two' } }]));
      const { code, out } = await councilsCommand('check', file);
      assert.equal(code, 1);
      assert.match(out, /\/0\/languages\/1/);
      assert.match(out, /\/1\/callback\/capacity/);
    });

    it('names the mistakes a schema cannot see, and a logo that cannot be served', async () => {
      const [vilamar, riudemont] = JSON.parse(await readFile(EXAMPLE_FILE, 'utf8'));
      const file = path.join(dir, 'meaning-mistakes.json');
      await writeFile(
        file,
        JSON.stringify([
          { ...vilamar, timeZone: 'Europe/Vilamar', branding: { ...vilamar.branding, primaryColor: '#ffdd00' } },
          { ...riudemont, id: 'vilamar', defaultLanguage: 'en' },
        ]),
      );
      const meaning = await councilsCommand('check', file);
      assert.equal(meaning.code, 1);
      for (const place of ['/0/timeZone', '/0/branding/primaryColor', '/1/id', '/1/defaultLanguage']) assert.ok(meaning.out.includes(place), `${place} in:\n${meaning.out}`);

      const logos = path.join(dir, 'logos');
      await mkdir(logos, { recursive: true });
      await copyFile(path.join(root, 'deploy/logos/vilamar.svg'), path.join(logos, 'vilamar.svg'));
      await writeFile(path.join(logos, 'riudemont.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
      const logoFile = path.join(dir, 'logo-mistakes.json');
      await writeFile(logoFile, JSON.stringify([vilamar, riudemont]));
      const logo = await councilsCommand('check', logoFile);
      assert.equal(logo.code, 1);
      assert.match(logo.out, /\/1\/branding\/logo/);
      assert.doesNotMatch(logo.out, /\/0\/branding\/logo/);
    });

    it('refuses a password in clear and says what to write instead', async () => {
      const [vilamar] = JSON.parse(await readFile(EXAMPLE_FILE, 'utf8'));
      const file = path.join(dir, 'plain-password.json');
      await writeFile(file, JSON.stringify([{ ...vilamar, agents: [{ email: 'anna@vilamar.example', name: 'Anna', password: 'a password in clear' }] }]));
      const { code, out } = await councilsCommand('check', file);
      assert.equal(code, 1);
      assert.match(out, /\/0\/agents\/0\/password: no password in clear here; write its hash as passwordHash \(npm run agents -- hash-password\)/);
      assert.doesNotMatch(out, /a password in clear/, 'the password itself is not repeated');
    });

    it('says how to use it when asked wrongly', async () => {
      const { code, out } = await councilsCommand('chek', EXAMPLE_FILE);
      assert.equal(code, 64);
      assert.match(out, /usage: npm run councils -- check <file>/);
    });
  });
});
