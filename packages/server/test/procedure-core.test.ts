import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALPHA_AGENT, BETA_AGENT, callsTestEnv, seedAppointment, signIn } from './call-fixtures.js';
import { useTestApp } from './helpers.js';

describe('the procedure done in a video call', () => {
  const suite = useTestApp((database) => Promise.resolve({ env: callsTestEnv(database) }));

  async function inCall() {
    const { app } = suite;
    const appointment = await seedAppointment(app, 'alpha');
    await app.db.updateTable('cases').set({ state: 'in_call' }).where('id', '=', appointment.id).execute();
    return appointment;
  }

  const step = (id: string, cookie: string, to: string) =>
    suite.app.inject({ method: 'POST', url: `/api/desk/appointments/${id}/procedure/step`, headers: { cookie }, payload: { step: to } });

  it('starts at the identity check, for the agent and for the citizen alike', async () => {
    const { app } = suite;
    const appointment = await inCall();
    const cookie = await signIn(app, ALPHA_AGENT);
    const desk = await app.inject({ url: `/api/desk/appointments/${appointment.id}/procedure`, headers: { cookie } });
    assert.equal(desk.statusCode, 200);
    assert.equal(desk.json().current, 'identity');
    assert.deepEqual(
      desk.json().steps.map((entry: { id: string; state: string }) => `${entry.id}:${entry.state}`),
      ['identity:current', 'documents:pending', 'application:pending', 'agreement:pending', 'receipt:pending'],
    );
    const citizen = await app.inject({ url: `/api/councils/alpha/appointments/mine/procedure?token=${appointment.token}` });
    assert.equal(citizen.statusCode, 200);
    assert.equal(citizen.json().current, 'identity');
    assert.equal(citizen.json().asked, null);
  });

  it('refuses to skip a step, and logs nothing', async () => {
    const { app } = suite;
    const appointment = await inCall();
    const cookie = await signIn(app, ALPHA_AGENT);
    const skipped = await step(appointment.id, cookie, 'application');
    assert.equal(skipped.statusCode, 409);
    assert.equal(skipped.json().code, 'FIN_ERR_PROCEDURE_STEP_ORDER');
    assert.deepEqual(await app.evidence.list(appointment.id), []);
  });

  it('moves only while the call is open', async () => {
    const { app } = suite;
    const appointment = await seedAppointment(app, 'alpha');
    const cookie = await signIn(app, ALPHA_AGENT);
    const early = await step(appointment.id, cookie, 'identity');
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().code, 'FIN_ERR_PROCEDURE_NOT_OPEN');
  });

  it("does not show one council's procedure to another council's agent or to another case's link", async () => {
    const { app } = suite;
    const appointment = await inCall();
    const other = await seedAppointment(app, 'beta');
    const beta = await signIn(app, BETA_AGENT);
    const read = await app.inject({ url: `/api/desk/appointments/${appointment.id}/procedure`, headers: { cookie: beta } });
    assert.equal(read.statusCode, 404);
    assert.equal(read.json().code, 'FIN_ERR_APPOINTMENT_NOT_FOUND');
    assert.equal((await step(appointment.id, beta, 'identity')).statusCode, 404);
    const crossed = await app.inject({ url: `/api/councils/alpha/appointments/mine/procedure?token=${other.token}` });
    assert.equal(crossed.statusCode, 401);
    assert.equal(crossed.json().code, 'FIN_ERR_TOKEN_INVALID');
  });

  it('redoes a step and logs each move with no recording running', async () => {
    const { app } = suite;
    const appointment = await inCall();
    const cookie = await signIn(app, ALPHA_AGENT);
    await app.procedure.core.write(await app.procedure.core.deskCase('alpha', appointment.id), 'system', (record) => {
      record.steps.identity = 'done';
      return { events: [{ type: 'identity.decision', data: { verified: true } }] };
    });
    const forward = await step(appointment.id, cookie, 'documents');
    assert.equal(forward.statusCode, 200);
    assert.equal(forward.json().current, 'documents');
    const checked = await step(appointment.id, cookie, 'application');
    assert.equal(checked.statusCode, 200, 'going on from the documents checks them');
    assert.deepEqual(
      checked.json().steps.map((entry: { state: string }) => entry.state),
      ['done', 'done', 'current', 'pending', 'pending'],
    );
    assert.equal((await step(appointment.id, cookie, 'agreement')).json().code, 'FIN_ERR_PROCEDURE_STEP_ORDER', 'an application is presented, not skipped');
    const back = await step(appointment.id, cookie, 'identity');
    assert.equal(back.json().current, 'identity');
    assert.equal(back.json().revision, 4);
    const events = await app.evidence.list(appointment.id);
    assert.deepEqual(
      events.map((event) => [event.type, event.data.from, event.data.to, event.data.recording]),
      [
        ['identity.decision', undefined, undefined, null],
        ['procedure.step', 'identity', 'documents', null],
        ['procedure.step', 'documents', 'application', null],
        ['procedure.step', 'application', 'identity', null],
      ],
    );
  });
});
