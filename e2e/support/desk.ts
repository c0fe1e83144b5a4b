import type { Locator, Page } from 'playwright-core';

export const DEMO_AGENT = { email: 'agent@demo.finestreta.cat', password: 'finestreta-demo', name: 'Laia Puig' };

/** Opens the desk and signs in as the demo agent, as a person would; returns the desk element. */
export async function signInToDesk(page: Page, serverUrl: string): Promise<Locator> {
  await page.goto(`${serverUrl}/desk`);
  const desk = page.locator('agent-desk');
  await desk.getByLabel('Adreça electrònica').fill(DEMO_AGENT.email);
  await desk.getByLabel('Contrasenya').fill(DEMO_AGENT.password);
  await desk.getByRole('button', { name: 'Inicia la sessió' }).click();
  await desk.getByText(`Sessió iniciada com a ${DEMO_AGENT.name}`).waitFor();
  return desk;
}
