/**
 * A supervisor's work, in Chromium against the real server: handing a callback to another agent,
 * whose desk shows it at once, and joining an appointment's call in progress from the desk as a
 * third participant whom the agent and the citizen both see.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { hashPassword } from '../packages/server/src/shared/password.ts';
import { launchChromium } from './support/browser.ts';
import { signInToDesk, startCallFromAgenda } from './support/desk.ts';
import { bookJoinableAppointment, newMediaPage, startCallServer } from './support/joinable.ts';
import type { RunningServer } from './support/server.ts';

const MEDIA_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'];
const SARA = { email: 'sara@demo.finestreta.cat', password: 'sara-supervisa-1', name: 'Sara Serra' };
const JORDI = { email: 'jordi@demo.finestreta.cat', password: 'jordi-agent-12', name: 'Jordi Roca' };

describe('a supervisor at the desk', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  before(async () => {
    server = await startCallServer();
    browser = await launchChromium(MEDIA_FLAGS);
    const now = server.app.now();
    await server.app.agents.create({ councilId: 'demo', email: SARA.email, name: SARA.name, passwordHash: await hashPassword(SARA.password), role: 'supervisor', now });
    await server.app.agents.create({ councilId: 'demo', email: JORDI.email, name: JORDI.name, passwordHash: await hashPassword(JORDI.password), now });
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  it("hands a callback to an agent, whose desk shows it at once, and takes it back to another's", async () => {
    const response = await fetch(`${server.url}/api/councils/demo/callbacks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), origin: server.url },
      body: JSON.stringify({ topic: 'online-help', slot: 'asap', name: 'Pere Vila', phone: '611223344', consent: true, language: 'ca', website: '' }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    const { reference } = (await response.json()) as { reference: string };

    const jordi = await signInToDesk(await newMediaPage(browser, server.url, { contexts, errors }), server.url, 'ca', JORDI);
    const card = jordi.locator('fin-callback-queue [part~="item"]', { hasText: reference });
    await card.waitFor();
    assert.equal(await jordi.locator('#filter-agent').count(), 0, 'an agent has no filter by agent');

    const sara = await signInToDesk(await newMediaPage(browser, server.url, { contexts, errors }), server.url, 'ca', SARA);
    await sara.getByLabel(`Assigna a ${reference}`).selectOption({ label: JORDI.name });
    await sara.getByRole('button', { name: `Reassigna ${reference}` }).click();
    await sara.getByText(`${reference}: ara assignada a ${JORDI.name}.`).waitFor();

    // Jordi reloads nothing: the desk's event stream brings the change, and his screen reader hears of it.
    await card.getByText(JORDI.name).waitFor();
    await jordi.locator('fin-callback-queue [part~="announcer"]', { hasText: `Ara teniu assignada la trucada ${reference}` }).waitFor({ state: 'attached' });
    await card.getByRole('button', { name: `Comença la trucada ${reference}` }).waitFor();

    await sara.getByLabel(`Assigna a ${reference}`).selectOption({ label: 'Laia Puig' });
    await sara.getByRole('button', { name: `Reassigna ${reference}` }).click();
    await card.waitFor({ state: 'detached' });
    const { id } = await server.app.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
    const moves = (await server.app.evidence.list(id)).filter((event) => event.type === 'callback.reassigned');
    assert.equal(moves.length, 2);
    assert.deepEqual(errors, []);
  });

  it('joins a call in progress from the agenda, and the agent and the citizen see a third participant', async () => {
    const appointment = await bookJoinableAppointment(server);
    const citizen = await newMediaPage(browser, server.url, { contexts, errors });
    await citizen.goto(`${server.url}/cita?council=demo&lang=en&token=${appointment.token}`);
    const va = citizen.locator('video-appointment');
    await va.getByRole('button', { name: 'Join the video call' }).click();
    await va.getByRole('button', { name: 'Continue to the call' }).click();
    await va.getByText('The agent will let you in shortly.').first().waitFor();

    const agent = await signInToDesk(await newMediaPage(browser, server.url, { contexts, errors }), server.url);
    await startCallFromAgenda(agent, appointment.reference);
    await agent.getByRole('button', { name: 'Fes entrar: Marta Soler' }).click();
    await va.getByRole('button', { name: 'Yes, I agree' }).click();
    await agent.getByRole('button', { name: 'No', exact: true }).click();
    await agent.getByText('La trucada no s’enregistrarà.').first().waitFor();

    const sara = await signInToDesk(await newMediaPage(browser, server.url, { contexts, errors }), server.url, 'ca', SARA);
    await sara.getByRole('tab', { name: 'Cites' }).click();
    await sara.getByRole('button', { name: `Obre ${appointment.reference}` }).first().click();
    await sara.getByRole('button', { name: 'Entra-hi com a supervisor' }).click();
    await sara.getByRole('button', { name: 'Continua cap a la trucada' }).click();

    await agent.locator('fin-call-view [part~="participant"]', { hasText: `Supervisor: ${SARA.name}` }).waitFor();
    await va.locator('fin-call-view [part~="participant"]', { hasText: `Supervisor: ${SARA.name}` }).waitFor();
    await sara.locator('fin-call-view [part~="participant"]', { hasText: 'Persona ciutadana: Marta Soler' }).waitFor();
    assert.equal(await sara.getByRole('button', { name: 'Fes entrar: Marta Soler' }).count(), 0);

    await sara.getByRole('button', { name: 'Penja', exact: true }).click();
    await va.locator('fin-call-view [part~="participant"]', { hasText: `Supervisor: ${SARA.name}` }).waitFor({ state: 'detached' });
    const types = (await server.app.evidence.list(appointment.id)).map((event) => event.type);
    assert.ok(types.includes('call.joined'), types.join());

    await agent.getByRole('button', { name: 'Penja', exact: true }).click();
    await agent.getByRole('heading', { name: 'La trucada ha acabat' }).waitFor();
    assert.deepEqual(errors, []);
  });
});
