/**
 * A video call with its procedure open, reached as people reach it: the agent signs in to the desk
 * and makes a test appointment from the demo box, the citizen opens its personal link and joins,
 * the agent starts the call and admits them, and both accept the recording. Shared by the
 * procedure's end-to-end tests, which go on from there.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_CITIZEN } from '../../packages/server/src/modules/demo/try-now.ts';
import { signInToDesk } from './desk.ts';
import { newMediaPage } from './joinable.ts';
import { ProcedureApi } from './procedure-api.ts';
import type { RunningServer } from './server.ts';

export interface ProcedureCall {
  /** The agent's `<agent-desk>`, and their page. */
  desk: Locator;
  agentPage: Page;
  /** The citizen's `<video-appointment>`, and their page. */
  appointment: Locator;
  citizenPage: Page;
  caseId: string;
  reference: string;
  /** The citizen's personal link and its token. */
  link: URL;
  token: string;
  /** The procedure's API, with the agent's session. */
  api: ProcedureApi;
}

export interface CallParties {
  agent: Browser;
  citizen: Browser;
  /** Where the pages' contexts and errors are kept, for the suite to close and check. */
  track: { contexts: BrowserContext[]; errors: string[] };
  /** The citizen's screen; a desktop's when not given. */
  citizenViewport?: { width: number; height: number };
}

export async function openProcedureCall(server: RunningServer, { agent, citizen, track, citizenViewport }: CallParties): Promise<ProcedureCall> {
  const agentPage = await newMediaPage(agent, server.url, track);
  const desk = await signInToDesk(agentPage, server.url, 'en');
  await desk.getByText('Demonstration', { exact: true }).waitFor();
  await desk.getByRole('button', { name: 'Try a test appointment now' }).click();
  const link = new URL(await desk.getByLabel(/personal link/i).inputValue());
  const reference = /VA-[0-9A-Z]+/.exec(await desk.locator('[part~="result"]').innerText())![0];
  const token = link.searchParams.get('token')!;
  const caseId = (await server.app.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;
  const cookie = (await agentPage.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

  const citizenPage = await newMediaPage(citizen, server.url, track, citizenViewport);
  link.searchParams.set('lang', 'en');
  await citizenPage.goto(link.toString());
  const appointment = citizenPage.locator('video-appointment');
  await appointment.getByRole('button', { name: 'Join the video call' }).click();
  await appointment.locator('[part~="preview"]').waitFor();
  await appointment.getByRole('button', { name: 'Continue to the call' }).click();
  await appointment.getByText('The agent will let you in shortly.').first().waitFor();

  await desk.getByRole('tab', { name: 'Appointments' }).click();
  await desk.getByRole('button', { name: `Open ${reference}` }).first().click();
  await desk.getByRole('button', { name: 'Start the video call' }).click();
  await desk.locator('[part~="preview"]').waitFor();
  await desk.getByRole('button', { name: 'Continue to the call' }).click();
  await desk.getByRole('button', { name: `Admit: ${DEMO_CITIZEN.name}` }).click();
  await appointment.getByRole('button', { name: 'Yes, I agree' }).click();
  await desk.getByRole('button', { name: 'Yes, I agree' }).click();
  await appointment.locator('[part~="recording"]').waitFor();
  await desk.locator('[part~="recording"]').waitFor();
  return { desk, agentPage, appointment, citizenPage, caseId, reference, link, token, api: new ProcedureApi(server, cookie) };
}

