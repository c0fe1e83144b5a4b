/**
 * The procedure inside the video call, end to end: the real server with its SFU, database and
 * recording, and two Chromiums, the agent's with the default fake camera and the citizen's
 * filming a SPECIMEN identity card (e2e/support/specimen.ts). The agent makes a test appointment
 * from the desk's demo box, the citizen opens its link, both accept the recording; then the
 * identity check (consent, stills from the citizen's own camera, the MRZ, a spoken code, the
 * checklist, verified), the documents, the application filled in the desk and shown live to the
 * citizen, presented, agreed, voided by a change and agreed again, and signed by the agent; the
 * evidence log holds it all, in order, with hashes that match what is stored. Also: a refused
 * identity stops the procedure, and a citizen's token reads nothing of another case.
 *
 * The tests share one server, the call and its appointment, and run in order.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseMrz } from 'mrz';
import sharp from 'sharp';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { CallClient, RTP_CAPABILITIES } from '../packages/server/test/call-fixtures.ts';
import { launchChromium } from './support/browser.ts';
import { MEDIA_FLAGS } from './support/call-harness.ts';
import { DEMO_AGENT } from './support/desk.ts';
import { newMediaPage, startCallServer } from './support/joinable.ts';
import { openProcedureCall } from './support/procedure-call.ts';
import { assertInOrder, eventually, type ProcedureApi } from './support/procedure-api.ts';
import type { ChecklistItem } from '../packages/server/src/modules/procedure/schemas.ts';
import { CHECKLIST_LABELS, CitizenProcedurePage, DeskProcedurePage } from './support/procedure-pages.ts';
import type { RunningServer } from './support/server.ts';
import { SPECIMEN, specimenVideo } from './support/specimen.ts';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
/** What the call sends of a camera (call/call-client.ts asks for 640×360). */
const CALL_VIDEO = { width: 640, height: 360 };

describe('the procedure inside the video call, end to end', () => {
  let server: RunningServer & { keyDir: string };
  let agentBrowser: Browser;
  let citizenBrowser: Browser;
  let dir: string;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  // The call the tests share, once reached.
  let desk: Locator;
  let appointment: Locator;
  let agentPage: Page;
  let caseId: string;
  let token: string;
  let api: ProcedureApi;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fin-e2e-procedure-'));
    const specimen = specimenVideo(dir);
    server = await startCallServer();
    // Two browsers: a fake-capture file is per browser, and the agent keeps the default fake camera.
    agentBrowser = await launchChromium(MEDIA_FLAGS);
    citizenBrowser = await launchChromium([...MEDIA_FLAGS, `--use-file-for-fake-video-capture=${specimen}`]);
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await agentBrowser?.close();
    await citizenBrowser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("films a specimen whose MRZ is valid and is the test citizen's, at more than the call sends", async () => {
    const mrz = parseMrz([...SPECIMEN.mrz]);
    assert.equal(mrz.valid, true, JSON.stringify(mrz.details.filter((detail) => !detail.valid)));
    assert.equal(mrz.fields.optional1, SPECIMEN.holder.idDocument);
    assert.equal(mrz.fields.documentNumber, SPECIMEN.supportNumber);
    assert.equal(`${mrz.fields.firstName} ${mrz.fields.lastName}`, 'CARMEN ESPANOLA ESPANOLA');

    // The citizen's camera: the call's request gets 640×360, the camera's best its full picture.
    const page = await newMediaPage(citizenBrowser, server.url, { contexts, errors });
    await page.goto(`${server.url}/`);
    const sizes = await page.evaluate(async (requests) => {
      // No named helpers in here: the page runs this function's source as it is.
      const sizes: Array<{ width?: number; height?: number }> = [];
      for (const video of requests) {
        const stream = await navigator.mediaDevices.getUserMedia({ video });
        const { width, height } = stream.getVideoTracks()[0]!.getSettings();
        for (const track of stream.getTracks()) track.stop();
        sizes.push({ width, height });
      }
      return { call: sizes[0], camera: sizes[1] };
    }, [CALL_VIDEO, { width: { ideal: 4096 }, height: { ideal: 2160 } }] as MediaTrackConstraints[]);
    assert.deepEqual(sizes, { call: CALL_VIDEO, camera: { width: SPECIMEN.width, height: SPECIMEN.height } });
    await page.context().close();
  });

  it("reaches a recorded call from the desk's test appointment, any day and hour", async () => {
    // The citizen opens the link on a phone held upright.
    ({ desk, agentPage, appointment, caseId, token, api } = await openProcedureCall(server, {
      agent: agentBrowser,
      citizen: citizenBrowser,
      track: { contexts, errors },
      citizenViewport: { width: 390, height: 844 },
    }));

    assert.ok(await server.app.calls.position(caseId), 'the server records the call');
    const { state } = await server.app.db.selectFrom('cases').select('state').where('id', '=', caseId).executeTakeFirstOrThrow();
    assert.equal(state, 'in_call');
    assert.deepEqual(errors, []);
  });

  it('verifies the identity, shows the application live, takes the agreement again after a change, and signs; the evidence holds it all', async (t) => {
    const agent = new DeskProcedurePage(desk);
    const citizen = new CitizenProcedurePage(appointment);

    // Both sides see the steps; the agent's marks where they are.
    await agent.panel.waitFor();
    await citizen.panel.waitFor();
    const { items, current } = await agent.steps();
    assert.equal(items.length, 5);
    assert.match(current ?? '', /^Identity — in progress/);

    // Consent first, asked by the agent and given by the citizen.
    await agent.askConsent();
    await citizen.acceptConsent();
    await api.until(caseId, (view) => view.identity.consent?.state === 'accepted', 'consent accepted');

    // Front, back and face, each taken by the citizen's own camera.
    for (const kind of ['front', 'back', 'face'] as const) {
      await agent.requestStill(kind);
      await citizen.takeStill(kind);
      await api.until(caseId, (view) => view.identity.stills.some((still) => still.kind === kind), `the ${kind} still stored`);
    }
    let view = await api.desk(caseId);
    for (const still of view.identity.stills) {
      assert.deepEqual({ width: still.width, height: still.height }, { width: SPECIMEN.width, height: SPECIMEN.height }, `the ${still.kind} still is the camera's picture, not the call's ${CALL_VIDEO.width}×${CALL_VIDEO.height}`);
    }
    await agent.identity.getByRole('img').nth(2).waitFor();

    // The MRZ typed from the back: valid, not expired, the booking's number and name.
    await agent.typeMrz(SPECIMEN.mrz);
    view = await api.until(caseId, (v) => v.identity.mrz !== null, 'the MRZ read');
    assert.equal(view.identity.mrz!.valid, true);
    assert.equal(view.identity.mrz!.expired, false);
    assert.deepEqual(view.identity.mrz!.comparisons.map((c) => [c.field, c.match]), [['idNumber', true], ['name', true]]);

    // The spoken code: shown to the citizen only, said aloud, typed by the agent.
    await agent.showCode();
    const code = await citizen.code();
    assert.match(code, /^\d{4}$/);
    assert.equal(JSON.stringify(await api.desk(caseId)).includes(`"${code}"`), false, 'the desk is never told the code');
    await agent.answerCode(code);
    await api.until(caseId, (v) => v.identity.liveness?.matched === true, 'the code matched');

    // Each box is saved as it is ticked: the agent ticks the next once the last is saved.
    for (const item of Object.keys(CHECKLIST_LABELS) as ChecklistItem[]) {
      await agent.tick(item);
      await api.until(caseId, (v) => v.identity.checklist[item] === true, `${item} saved`);
    }
    await agent.decideVerified();
    view = await api.until(caseId, (v) => v.identity.decision?.verified === true, 'identity verified');
    assert.equal(view.current, 'documents');

    await agent.documentsChecked();
    await api.until(caseId, (v) => v.current === 'application', 'on to the application');

    // The generic application, filled in the desk and shown live to the citizen, in English.
    const facts = 'I have lived at Carrer Major 1 since November.';
    await agent.chooseForm('General application');
    await agent.fill('Facts and reasons', facts);
    await agent.fill('Request', 'To be registered on the municipal roll.');
    view = await api.until(caseId, (v) => JSON.stringify(v.application.data).includes(facts), 'the application saved');
    await citizen.panel.getByText(facts).waitFor();
    assert.equal((await api.citizen(token)).application?.language, 'en');
    for (let round = 0; view.application.errors.length > 0 && round < 3; round++) {
      await agent.fillMissing(view);
      view = await api.until(caseId, (v) => v.application.version > view.application.version, 'the missing fields saved');
    }
    assert.deepEqual(view.application.errors, []);

    // Presented: the citizen's widget shows the fingerprint of the very bytes stored, and agrees.
    const agreeTo = async (present: () => Promise<void>) => {
      const started = performance.now();
      await present();
      // The citizen sees the document once their widget fetched, hashed and rendered its bytes.
      await citizen.panel.getByText('Full fingerprint').waitFor();
      t.diagnostic(`"present" → the citizen sees the document: ${(performance.now() - started).toFixed(0)} ms`);
      const presented = await api.until(caseId, (v) => v.agreement.state === 'presented', 'presented');
      const stored = await server.app.db.selectFrom('application_documents').selectAll().where('id', '=', presented.agreement.documentId!).executeTakeFirstOrThrow();
      assert.equal(sha256(Buffer.from(stored.body, 'utf8')), presented.agreement.sha256);
      const shown = await citizen.fingerprint();
      assert.ok(shown.length >= 16 && presented.agreement.sha256!.startsWith(shown), `the citizen sees ${shown}, the document's hash is ${presented.agreement.sha256}`);
      await citizen.agree();
      await api.until(caseId, (v) => v.agreement.state === 'agreed', 'agreed');
      return presented.agreement.sha256!;
    };
    const first = await agreeTo(() => agent.present());

    // A change after the agreement voids it; the citizen is told, and asked again.
    const changed = await api.deskRequest('PUT', `/appointments/${caseId}/procedure/application`, {
      formId: view.application.form!.id,
      data: JSON.parse(JSON.stringify(view.application.data).replace(facts, `${facts} With my daughter.`)),
      attachments: view.application.attachments,
      version: (await api.desk(caseId)).application.version,
    });
    assert.equal(changed.status, 200, await changed.clone().text());
    await api.until(caseId, (v) => v.agreement.state === 'void', 'the agreement voided');
    await citizen.news('The application changed after you agreed, so your agreement no longer counts. You will be asked again.');
    const agreed = await agreeTo(() => agent.presentAgain());
    assert.notEqual(agreed, first);

    // The agent signs on the citizen's behalf; the procedure then changes no more.
    await agent.sign(DEMO_AGENT.password);
    view = await api.until(caseId, (v) => v.agreement.signature !== null, 'signed');
    assert.equal(view.current, 'receipt');
    const late = await api.deskRequest('POST', `/appointments/${caseId}/procedure/step`, { step: 'identity' });
    assert.equal(late.status, 409);
    assert.equal(((await late.json()) as { code: string }).code, 'FIN_ERR_PROCEDURE_CLOSED');

    // The agent hangs up: the recording is stored and its hash logged.
    await desk.getByRole('button', { name: 'Hang up', exact: true }).click();
    await appointment.getByRole('heading', { name: 'The call has ended' }).waitFor();
    const { events, valid } = await eventually(() => api.evidence(caseId), (log) => log.events.some((event) => event.type === 'call.recording_stored'), 'the recording stored');

    // The evidence: every step in order, intact, with where it happened in the recording.
    assert.equal(valid, true);
    const types = events.map((event) => event.type);
    assertInOrder(types, [
      'appointment.booked',
      'identity.consent_asked',
      'identity.consent_answered',
      'identity.still_requested',
      'identity.still_taken',
      'identity.still_requested',
      'identity.still_taken',
      'identity.still_requested',
      'identity.still_taken',
      'identity.mrz_read',
      'identity.liveness_issued',
      'identity.liveness_answered',
      'identity.checklist',
      'identity.decision',
      'procedure.step',
      'application.saved',
      'agreement.presented',
      'agreement.shown',
      'agreement.agreed',
      'application.saved',
      'agreement.voided',
      'agreement.presented',
      'agreement.shown',
      'agreement.agreed',
      'agreement.signed',
    ]);
    // Each names a recording that was stored, so a reviewer can play the moment back.
    const recordings = new Set(events.filter((event) => event.type === 'call.recording_stored').map((event) => event.data.recordingId));
    const procedural = events.filter((event) => /^(identity|application|agreement|procedure)\./.test(event.type));
    for (const event of procedural) {
      const recording = event.data.recording as { recordingPart?: unknown; offsetMs?: unknown } | null;
      assert.ok(recordings.has(recording?.recordingPart), `${event.type} says where it is in a stored recording: ${JSON.stringify(recording)}`);
      assert.ok(Number.isInteger(recording!.offsetMs) && (recording!.offsetMs as number) >= 0, `${event.type}'s offset`);
    }

    // Each still's hash in the log is that of the bytes the desk serves, and they are the camera's size.
    const taken = events.filter((event) => event.type === 'identity.still_taken');
    assert.equal(taken.length, 3);
    for (const still of view.identity.stills) {
      const served = await api.deskRequest('GET', `/appointments/${caseId}/procedure/identity/stills/${still.id}`);
      assert.equal(served.status, 200);
      const bytes = Buffer.from(await served.arrayBuffer());
      assert.equal(sha256(bytes), still.sha256);
      assert.ok(taken.some((event) => event.data.sha256 === still.sha256), `the ${still.kind} still's hash is in the log`);
      const { width, height } = await sharp(bytes).metadata();
      assert.deepEqual({ width, height }, { width: SPECIMEN.width, height: SPECIMEN.height });
    }
    // The agreement in the log is to the document as stored, shown before agreed.
    const lastAgreed = events.findLast((event) => event.type === 'agreement.agreed')!;
    assert.equal(lastAgreed.data.sha256, agreed);
    // The signature is logged with the agent's public key, so it can be checked from the log alone.
    const signed = Object.values(events.find((event) => event.type === 'agreement.signed')!.data);
    assert.ok(signed.includes(view.agreement.signature!.publicKeySha256), 'the key the desk shows is the one logged');
    assert.ok(signed.some((value) => typeof value === 'string' && value.includes('BEGIN PUBLIC KEY')), 'the public key itself is logged');
    assert.deepEqual(errors, []);
  });

  it('stops the procedure when the identity is not verified: the application cannot be presented', async () => {
    const other = await secondCall();
    const asked = (await api.citizen(other.token)).asked;
    assert.equal(asked, null);
    assert.equal((await api.deskRequest('POST', `/appointments/${other.id}/procedure/identity/consent`, {})).status, 200);
    const consent = (await api.citizen(other.token)).asked;
    assert.equal(consent?.kind, 'consent');
    const answered = await api.citizenRequest('POST', '/consent', { token: other.token, accept: true, textSha256: consent.kind === 'consent' ? consent.textSha256 : '' });
    assert.equal(answered.status, 200, await answered.clone().text());
    const decided = await api.deskRequest('POST', `/appointments/${other.id}/procedure/identity/decision`, { verified: false, reason: 'The face does not match the photo.' });
    assert.equal(decided.status, 200, await decided.clone().text());
    const view = await api.desk(other.id);
    assert.equal(view.steps.find((step) => step.id === 'identity')?.state, 'failed');

    const present = await api.deskRequest('POST', `/appointments/${other.id}/procedure/agreement/present`, {});
    assert.equal(present.status, 409);
    assert.equal(((await present.json()) as { code: string }).code, 'FIN_ERR_IDENTITY_NOT_VERIFIED');
    const onward = await api.deskRequest('POST', `/appointments/${other.id}/procedure/step`, { step: 'application' });
    assert.equal(onward.status, 409);
    assert.equal((await api.citizen(other.token)).steps.find((step) => step.id === 'identity')?.state, 'failed');
    other.close();
  });

  it("gives a citizen's token nothing of another case: neither its procedure nor its document", async () => {
    const other = await secondCall();
    const documentId = (await api.desk(caseId)).agreement.documentId!;
    const theirs = await api.citizenRequest('GET', `/document?token=${encodeURIComponent(other.token)}&id=${encodeURIComponent(documentId)}`);
    assert.equal(theirs.status, 404);
    // Their own view is their own case's, untouched by the first case.
    const view = await api.citizen(other.token);
    assert.equal(view.application, null);
    assert.equal(view.agreement.documentId, null);
    const forged = await api.citizenRequest('GET', `?token=${'A'.repeat(43)}`);
    assert.equal(forged.status, 401);
    const forgedDocument = await api.citizenRequest('GET', `/document?token=${'A'.repeat(43)}&id=${encodeURIComponent(documentId)}`);
    assert.equal(forgedDocument.status, 401);
    // The first case's stills are not reached through the second case's path.
    const stillId = (await api.desk(caseId)).identity.stills[0]!.id;
    assert.equal((await api.deskRequest('GET', `/appointments/${other.id}/procedure/identity/stills/${stillId}`)).status, 404);
    other.close();
  });

  /**
   * Another test appointment whose call the agent opened and admitted the citizen to, through
   * the signaling alone (no media): its procedure is open for writes.
   */
  async function secondCall() {
    const made = await api.deskRequest('POST', '/demo/appointments', { language: 'en' });
    assert.equal(made.status, 201);
    const { id, appointmentUrl } = (await made.json()) as { id: string; appointmentUrl: string };
    const otherToken = new URL(appointmentUrl).searchParams.get('token')!;
    const ws = server.url.replace(/^http/, 'ws');
    const cookie = (await agentPage.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const agentSocket = await CallClient.open(`${ws}/api/calls/${id}/ws`, { cookie, origin: server.url });
    await agentSocket.call('join', { displayName: DEMO_AGENT.name, rtpCapabilities: RTP_CAPABILITIES });
    const citizenSocket = await CallClient.open(`${ws}/api/calls/${id}/ws?token=${encodeURIComponent(otherToken)}`, { origin: server.url });
    const joined = await citizenSocket.call('join', { displayName: SPECIMEN.holder.name, rtpCapabilities: RTP_CAPABILITIES });
    await agentSocket.call('admit', { peerId: joined.peerId });
    await citizenSocket.next('admitted');
    return {
      id,
      token: otherToken,
      close() {
        void agentSocket.close();
        void citizenSocket.close();
      },
    };
  }
});
