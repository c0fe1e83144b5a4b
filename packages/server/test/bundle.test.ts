import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { BundleVerificationError, MemberMismatchError, prepareBundle, verifyBundle } from '../src/modules/bundle/index.js';
import { CASE_ENTRY, EVIDENCE_ENTRY, MANIFEST_ENTRY, MIMETYPE_ENTRY, SIGNATURE_ENTRY } from '../src/modules/bundle/manifest.js';
import { Seal } from '../src/modules/seal/index.js';
import { ALPHA_AGENT, ALPHA_PLAIN_AGENT, BETA_AGENT, callsTestEnv, seedAppointment, signIn } from './call-fixtures.js';
import { entry, evidencedCase, flipByte, readEntries, resign, timestampOf, writeEntries, writeParts, type Entries, type EvidencedCase } from './bundle-fixtures.js';
import { useTestApp } from './helpers.js';
import { makeTestSeal, openssl, startTestTsa, type TestSeal, type TestTsa } from './tsa-fixtures.js';

const exec = promisify(execFile);
const hasJava = await exec('java', ['-version']).then(() => true, () => false);
const JAVA_READER = `
import java.io.FileInputStream;
import java.util.zip.*;
public class ReadZip {
  public static void main(String[] args) throws Exception {
    try (ZipInputStream zip = new ZipInputStream(new FileInputStream(args[0]))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) System.out.println(entry.getName() + " " + zip.readAllBytes().length);
    }
  }
}`;
const ROOT = path.resolve(import.meta.dirname, '../../..');

let dir: string;
let tsa: TestTsa;
let alpha: TestSeal;
let intruder: TestSeal;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'finestreta-bundle-'));
  [tsa, alpha, intruder] = await Promise.all([startTestTsa(), makeTestSeal(dir, 'alpha'), makeTestSeal(dir, 'intrus')]);
  await writeParts(dir, { 'alpha.p12': alpha.p12, 'alpha.pass': Buffer.from(alpha.passphrase), 'intrus.p12': intruder.p12, 'intrus.pass': Buffer.from(intruder.passphrase) });
});

after(async () => {
  await tsa.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The seals as a council (or an intruder) holds them, with the test TSA. */
const sealOf = () => new Seal({ dir, passphrases: {}, demo: false, demoDir: path.join(dir, 'demo') }, tsa.url, () => new Date());
const trust = async () => ({ trust: [alpha.ca], tsaTrust: [await readFile(tsa.certFile)] });

async function refused(file: string, pattern: RegExp): Promise<void> {
  await assert.rejects(verifyBundle(file, { trust: [alpha.ca] }), (error: unknown) => {
    assert.ok(error instanceof BundleVerificationError, String(error));
    assert.match(error.message, pattern);
    return true;
  });
}

/** `openssl cms -verify` of the container's signature over its manifest, against the council's CA. */
async function opensslCms(entries: Entries): Promise<boolean> {
  const name = `c-${Math.random().toString(36).slice(2)}`;
  await writeParts(dir, { [`${name}.p7s`]: entry(entries, SIGNATURE_ENTRY).bytes, [`${name}.xml`]: entry(entries, MANIFEST_ENTRY).bytes });
  return openssl(dir, 'cms', '-verify', '-binary', '-inform', 'DER', '-in', `${name}.p7s`, '-content', `${name}.xml`, '-CAfile', alpha.caFile, '-out', '/dev/null').then(
    (output) => /Verification successful/.test(output),
    () => false,
  );
}

/** `openssl ts -verify` of the timestamp token in the container's signature, over its signature value. */
async function opensslTs(entries: Entries): Promise<boolean> {
  const name = `t-${Math.random().toString(36).slice(2)}`;
  const { value, token } = timestampOf(entry(entries, SIGNATURE_ENTRY).bytes);
  await writeParts(dir, { [`${name}.tst`]: token, [`${name}.bin`]: value });
  return openssl(dir, 'ts', '-verify', '-token_in', '-in', `${name}.tst`, '-data', `${name}.bin`, '-CAfile', tsa.certFile).then(
    (output) => /Verification: OK/.test(output),
    () => false,
  );
}

describe('the evidence bundle (ASiC-E)', () => {
  const suite = useTestApp(async (database) => ({ env: { ...callsTestEnv(database), SEALS_DIR: dir, TSA_URL: tsa.url }, reminderScheduler: false }));
  let cookie: string;
  let evidenced: EvidencedCase;
  let bundle: string;
  let original: Entries;

  const download = (caseId: string, as = cookie) => suite.app.inject({ url: `/api/desk/cases/${caseId}/evidence.asice`, headers: { cookie: as } });
  let variant = 0;
  const tampered = (entries: Entries) => writeEntries(path.join(dir, `tampered-${variant++}.asice`), entries);

  before(async () => {
    cookie = await signIn(suite.app, ALPHA_AGENT);
    evidenced = await evidencedCase(suite.app, ALPHA_AGENT);
    const response = await download(evidenced.id);
    assert.equal(response.statusCode, 200, response.body);
    bundle = path.join(dir, 'bundle.asice');
    await writeFile(bundle, response.rawPayload);
    original = await readEntries(bundle);
  });

  describe('when an agent of the council downloads it from the desk', () => {
    it('is an ASiC-E container whose first entry is the stored mimetype, with no extra field and its sizes', async () => {
      const response = await download(evidenced.id);
      assert.equal(response.headers['content-type'], 'application/vnd.etsi.asic-e+zip');
      assert.match(String(response.headers['content-disposition']), new RegExp(`attachment; filename="${evidenced.reference}.asice"`));
      const bytes = await readFile(bundle);
      assert.equal(bytes.readUInt32LE(0), 0x04034b50);
      // General purpose flags without bit 3 (sizes in the header), method 0 (stored), name then no extra field.
      assert.equal(bytes.readUInt16LE(6) & 0x08, 0);
      assert.equal(bytes.readUInt16LE(8), 0);
      assert.equal(bytes.readUInt32LE(22), 31);
      assert.equal(bytes.readUInt16LE(28), 0);
      assert.equal(bytes.subarray(30, 38).toString(), 'mimetype');
      assert.equal(bytes.subarray(38, 69).toString(), 'application/vnd.etsi.asic-e+zip');
      assert.deepEqual(original.slice(0, 3).map(({ name }) => name), [MIMETYPE_ENTRY, MANIFEST_ENTRY, SIGNATURE_ENTRY]);
    });

    it('is read whole by Java\'s ZipInputStream, as the EU\'s DSS validator reads containers', { skip: !hasJava && 'no java on this machine' }, async () => {
      // ZipInputStream refuses a stored entry followed by a data descriptor; streamed members must not be one.
      const source = path.join(dir, 'ReadZip.java');
      await writeFile(source, JAVA_READER);
      const { stdout } = await exec('java', [source, bundle], { encoding: 'utf8' });
      assert.deepEqual(stdout.trim().split('\n'), original.map(({ name, bytes }) => `${name} ${bytes.length}`));
    });

    it('holds the case, its log, the application, the document, the stills and the recording, decrypted', () => {
      const names = original.map(({ name }) => name);
      assert.ok(names.includes(CASE_ENTRY) && names.includes(EVIDENCE_ENTRY));
      assert.ok(names.includes(`application/${evidenced.applicationId}.json`));
      assert.ok(names.includes(`documents/${evidenced.documentId}.pdf`));
      assert.equal(names.filter((name) => name.startsWith('stills/')).length, 3);
      assert.ok(entry(original, `recordings/${evidenced.recordingId}.webm`).bytes.equals(evidenced.recording));
      assert.match(entry(original, `documents/${evidenced.documentId}.pdf`).bytes.toString(), /^%PDF-1\.4/);
    });

    it('logs the export in the case before making it, so that the bundle holds it', async () => {
      const lines = entry(original, EVIDENCE_ENTRY).bytes.toString().trim().split('\n').map((line) => JSON.parse(line));
      const last = lines.at(-1);
      assert.equal(last.type, 'evidence.exported');
      assert.equal(last.actor.startsWith('agent:'), true);
      const { events } = await suite.app.evidence.verify(evidenced.id);
      assert.equal(events.filter((event) => event.type === 'evidence.exported').length, 2);
    });

    it('is not given to an agent of another council, nor for an unknown case', async () => {
      const other = await download(evidenced.id, await signIn(suite.app, BETA_AGENT));
      assert.equal(other.statusCode, 404);
      assert.equal(other.json().code, 'FIN_ERR_CASE_NOT_FOUND');
      assert.equal((await download('no-such-case')).json().code, 'FIN_ERR_CASE_NOT_FOUND');
      assert.equal((await suite.app.inject({ url: `/api/desk/cases/${evidenced.id}/evidence.asice` })).statusCode, 401);
    });

    it('is a supervisor’s to give: an agent is refused and nothing is logged', async () => {
      const before = (await suite.app.evidence.list(evidenced.id)).length;
      const refused = await download(evidenced.id, await signIn(suite.app, ALPHA_PLAIN_AGENT));
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().code, 'FIN_ERR_ROLE_FORBIDDEN');
      assert.equal((await suite.app.evidence.list(evidenced.id)).length, before);
    });

    it('is refused, logging nothing, for a council without a seal', async () => {
      const { id: beta } = await seedAppointment(suite.app, 'beta');
      const before = (await suite.app.evidence.list(beta)).length;
      const response = await download(beta, await signIn(suite.app, BETA_AGENT));
      assert.equal(response.statusCode, 503);
      assert.equal(response.json().code, 'FIN_ERR_SEAL_NOT_CONFIGURED');
      assert.equal((await suite.app.evidence.list(beta)).length, before);
    });
  });

  describe('verified offline', () => {
    it('passes with the council CA and the TSA trusted, naming the case, council, events, members, signer and timestamp', async () => {
      const summary = await verifyBundle(bundle, await trust());
      assert.equal(summary.case.caseId, evidenced.id);
      assert.equal(summary.case.reference, evidenced.reference);
      assert.equal(summary.case.councilId, 'alpha');
      assert.equal(summary.events, entry(original, EVIDENCE_ENTRY).bytes.toString().trim().split('\n').length);
      assert.equal(summary.members, original.length - 3);
      assert.equal(summary.seal.trusted, true);
      assert.match(summary.seal.signer.subject, /Segell electronic alpha/);
      assert.equal(summary.seal.timestamp?.trusted, true);
    });

    it('is accepted by openssl cms -verify and openssl ts -verify', async () => {
      assert.equal(await opensslCms(original), true);
      assert.equal(await opensslTs(original), true);
    });

    it('exits 0 with a summary from the command, 2 without a trusted certificate, 1 when tampered', async () => {
      const run = (...args: string[]) =>
        exec(process.execPath, ['--import', 'tsx', 'packages/server/src/scripts/evidence.ts', 'verify', ...args], { cwd: ROOT, encoding: 'utf8' }).then(
          ({ stdout }) => ({ code: 0, output: stdout }),
          (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
        );
      const trusted = await run(bundle, '--trust', alpha.caFile, '--tsa-trust', tsa.certFile);
      assert.equal(trusted.code, 0, trusted.output);
      assert.match(trusted.output, new RegExp(`case: +${evidenced.reference}`));
      assert.match(trusted.output, /council: +Ajuntament d'Alfa \(alpha\)/);
      assert.match(trusted.output, /timestamp: +\d{4}-\d\d-\d\dT/);
      const untrusted = await run(bundle);
      assert.equal(untrusted.code, 2, untrusted.output);
      assert.match(untrusted.output, /WARNING: the seal's certificate was not checked/);
      const broken = await run(await tampered(flipByte(original, `recordings/${evidenced.recordingId}.webm`, 1000)), '--trust', alpha.caFile);
      assert.equal(broken.code, 1, broken.output);
      assert.match(broken.output, new RegExp(`NOT VALID: recordings/${evidenced.recordingId}\\.webm does not match its digest in the manifest`));
    });
  });

  describe('exported from the command line', () => {
    const command = (...args: string[]) =>
      exec(process.execPath, ['--import', 'tsx', 'packages/server/src/scripts/evidence.ts', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, ...suite.database.env, ...callsTestEnv(suite.database), SEALS_DIR: dir, TSA_URL: tsa.url, WIDGETS_DIR: path.join(dir, 'no-widgets'), PUBLIC_URL: 'http://localhost:80', LOG_LEVEL: 'silent' },
      }).then(
        ({ stdout }) => ({ code: 0, output: stdout }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
      );

    it('writes a bundle of the case named by its reference that verifies, the export logged by the system', async () => {
      const out = path.join(dir, 'from-the-command.asice');
      const exported = await command('export', evidenced.reference, '--out', out);
      assert.equal(exported.code, 0, exported.output);
      assert.match(exported.output, new RegExp(`Exported ${evidenced.reference} \\(Ajuntament d'Alfa\\)`));
      const summary = await verifyBundle(out, { trust: [alpha.ca] });
      assert.equal(summary.case.caseId, evidenced.id);
      const last = (await suite.app.evidence.list(evidenced.id)).at(-1)!;
      assert.deepEqual([last.type, last.actor], ['evidence.exported', 'system']);
    });

    it('names a reference it does not know, and leaves no file', async () => {
      const out = path.join(dir, 'nothing.asice');
      const exported = await command('export', 'VC-NOSUCH', '--out', out);
      assert.equal(exported.code, 1);
      assert.match(exported.output, /No case VC-NOSUCH/);
      await assert.rejects(readFile(out), { code: 'ENOENT' });
    });
  });

  describe('when a stored file is not what its evidence recorded', () => {
    it('abandons the export, naming the file, rather than seal a manifest that lies', async () => {
      const { id } = await seedAppointment(suite.app, 'alpha');
      const recording = await suite.app.db.selectFrom('recordings').selectAll().where('id', '=', evidenced.recordingId).executeTakeFirstOrThrow();
      // Another case's row pointing at the same sealed file, with the hash of other bytes.
      const wrong = { ...recording, id: randomUUID(), case_id: id, sha256: 'ab'.repeat(32) };
      await suite.app.db.transaction().execute(async (trx) => {
        await trx.insertInto('recordings').values(wrong).execute();
        await suite.app.evidence.append(trx, id, { type: 'call.recording_stored', actor: 'system', data: { recordingId: wrong.id, sha256: wrong.sha256 } }, suite.app.now());
      });
      const bundle = await prepareBundle(suite.app, id, 'system');
      await assert.rejects(bundle.write(new PassThrough().resume()), (error: unknown) => {
        assert.ok(error instanceof MemberMismatchError);
        assert.equal(error.member, `recordings/${wrong.id}.webm`);
        return true;
      });
    });
  });

  describe('when one byte anywhere was changed', () => {
    for (const kind of ['evidence log', 'case', 'application', 'document', 'still', 'recording']) {
      it(`refuses a changed ${kind}, naming the member`, async () => {
        const name = {
          'evidence log': EVIDENCE_ENTRY,
          case: CASE_ENTRY,
          application: `application/${evidenced.applicationId}.json`,
          document: `documents/${evidenced.documentId}.pdf`,
          still: original.find(({ name: candidate }) => candidate.startsWith('stills/'))!.name,
          recording: `recordings/${evidenced.recordingId}.webm`,
        }[kind]!;
        await refused(await tampered(flipByte(original, name, 5)), new RegExp(`^${name.replaceAll('.', '\\.')} does not match its digest in the manifest`));
      });
    }

    it('refuses a changed manifest, as OpenSSL does', async () => {
      const entries = flipByte(original, MANIFEST_ENTRY, 100);
      await refused(await tampered(entries), /^META-INF\/signature\.p7s: The signature does not match the signed data/);
      assert.equal(await opensslCms(entries), false);
    });

    it('refuses a changed signature value, as OpenSSL refuses its timestamp', async () => {
      const signature = entry(original, SIGNATURE_ENTRY).bytes;
      const at = signature.indexOf(timestampOf(signature).value) + 10;
      const entries = flipByte(original, SIGNATURE_ENTRY, at);
      await refused(await tampered(entries), /^META-INF\/signature\.p7s: /);
      assert.equal(await opensslCms(entries), false);
      assert.equal(await opensslTs(entries), false);
    });

    it('refuses a recording changed even when the manifest is signed again with the council key, naming its event', async () => {
      const recording = `recordings/${evidenced.recordingId}.webm`;
      const entries = await resign(flipByte(original, recording, 2000), sealOf(), 'alpha');
      assert.equal(await opensslCms(entries), true);
      await refused(await tampered(entries), new RegExp(`^${recording.replace('.', '\\.')} does not match the SHA-256 that event \\d+ \\(call\\.recording_stored\\) recorded`));
    });

    it('refuses a changed event even when everything is signed again, naming the event', async () => {
      const lines = entry(original, EVIDENCE_ENTRY).bytes.toString().split('\n');
      lines[2] = lines[2]!.replace('"citizen"', '"system"');
      const changed = original.map((candidate) => (candidate.name === EVIDENCE_ENTRY ? { ...candidate, bytes: Buffer.from(lines.join('\n')) } : candidate));
      await refused(await tampered(await resign(changed, sealOf(), 'alpha')), /^evidence\.jsonl: event 3 \(.+\) does not match its hash: it was altered/);
    });
  });

  describe('when the container was rearranged', () => {
    it('refuses a member removed', async () => {
      const name = `documents/${evidenced.documentId}.pdf`;
      await refused(await tampered(original.filter((candidate) => candidate.name !== name)), new RegExp(`^${name.replace('.', '\\.')} is listed in the manifest but missing`));
    });

    it('refuses a member removed with the manifest signed again, naming the event that records it', async () => {
      const entries = await resign(original.filter((candidate) => candidate.name !== `documents/${evidenced.documentId}.pdf`), sealOf(), 'alpha');
      await refused(await tampered(entries), new RegExp(`^event \\d+ \\(document\\.received\\) records documents/${evidenced.documentId}, which the bundle does not hold`));
    });

    it('refuses a member added that the manifest does not list', async () => {
      await refused(await tampered([...original, { name: 'documents/extra.pdf', bytes: Buffer.from('%PDF'), compressed: false }]), /^documents\/extra\.pdf is in the container but not in the manifest/);
    });

    it('refuses two events swapped, even when everything is signed again', async () => {
      const lines = entry(original, EVIDENCE_ENTRY).bytes.toString().split('\n');
      [lines[3], lines[4]] = [lines[4]!, lines[3]!];
      const swapped = original.map((candidate) => (candidate.name === EVIDENCE_ENTRY ? { ...candidate, bytes: Buffer.from(lines.join('\n')) } : candidate));
      await refused(await tampered(await resign(swapped, sealOf(), 'alpha')), /^evidence\.jsonl: event 4 \(.+\) is numbered 5: events are missing or out of order/);
    });

    it('refuses a wrong mimetype, a compressed one, and a manifest that is not next', async () => {
      const wrong = original.map((candidate) => (candidate.name === MIMETYPE_ENTRY ? { ...candidate, bytes: Buffer.from('application/zip') } : candidate));
      await refused(await tampered(wrong), /^The mimetype is not application\/vnd\.etsi\.asic-e\+zip/);
      const compressed = original.map((candidate) => (candidate.name === MIMETYPE_ENTRY ? { ...candidate, compressed: true } : candidate));
      await refused(await tampered(compressed), /^The mimetype entry must be stored uncompressed/);
      const [mimetype, manifest, signature, ...members] = original;
      await refused(await tampered([mimetype!, signature!, manifest!, ...members]), /^META-INF\/ASiCManifest\.xml is not the entry after the mimetype/);
      await refused(await tampered([manifest!, mimetype!, signature!, ...members]), /^The container does not start with its mimetype/);
      await refused(path.join(dir, 'alpha.pass'), /^Not a ZIP container/);
    });
  });

  describe('when the seal is another', () => {
    it('refuses a manifest signed by another key, as OpenSSL does', async () => {
      const entries = await resign(original, sealOf(), 'intrus');
      await refused(await tampered(entries), /^META-INF\/signature\.p7s: The signer's certificate does not lead to a trusted one/);
      assert.equal(await opensslCms(entries), false);
    });
  });
});
