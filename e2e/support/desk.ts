import type { Locator, Page } from 'playwright-core';

export const DEMO_AGENT = { email: 'agent@demo.finestreta.cat', password: 'finestreta-demo', name: 'Laia Puig' };

const SIGN_IN = {
  ca: { email: 'Adreça electrònica', password: 'Contrasenya', submit: 'Inicia la sessió', signedIn: (name: string) => `Sessió iniciada com a ${name}` },
  en: { email: 'Email address', password: 'Password', submit: 'Sign in', signedIn: (name: string) => `Signed in as ${name}` },
};

/** Opens the desk in a language (Catalan unless told, whatever the browser's) and signs in as the demo agent, or `who`, as a person would; returns the desk element. */
export async function signInToDesk(page: Page, serverUrl: string, lang: keyof typeof SIGN_IN = 'ca', who: { email: string; password: string; name: string } = DEMO_AGENT): Promise<Locator> {
  const texts = SIGN_IN[lang];
  await page.goto(`${serverUrl}/desk?lang=${lang}`);
  const desk = page.locator('agent-desk');
  await desk.getByLabel(texts.email).fill(who.email);
  await desk.getByLabel(texts.password).fill(who.password);
  await desk.getByRole('button', { name: texts.submit }).click();
  await desk.getByText(texts.signedIn(who.name)).waitFor();
  return desk;
}

/** Opens an appointment from the agenda of a Catalan desk and starts its call, through the agent's device check. */
export async function startCallFromAgenda(desk: Locator, reference: string): Promise<void> {
  await desk.getByRole('tab', { name: 'Cites' }).click();
  await desk.getByRole('button', { name: `Obre ${reference}` }).first().click();
  await desk.getByRole('button', { name: 'Inicia la videotrucada' }).click();
  await desk.locator('[part~="preview"]').waitFor();
  await desk.getByRole('button', { name: 'Continua cap a la trucada' }).click();
}
