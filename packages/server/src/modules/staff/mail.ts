import type { FastifyInstance } from 'fastify';
import type { CouncilConfig, Language } from '../councils/schemas.js';
import { composeMail } from '../mail/compose.js';
import { INVITATION_HOURS } from './store.js';

interface InvitationTexts {
  subject: (council: string) => string;
  greeting: (name: string) => string;
  intro: (council: string) => string;
  linkIntro: string;
  linkLabel: string;
  expiry: (hours: number) => string;
  signature: (council: string) => string;
}

const TEXTS: Record<Language, InvitationTexts> = {
  ca: {
    subject: (council) => `Invitació a l’escriptori de l’OAC — ${council}`,
    greeting: (name) => `Hola, ${name}:`,
    intro: (council) => `Us han donat accés a l’escriptori de l’Oficina d’Atenció Ciutadana de ${council}. Per entrar-hi, primer trieu una contrasenya.`,
    linkIntro: 'Obriu aquest enllaç per triar la contrasenya:',
    linkLabel: 'Trieu la contrasenya',
    expiry: (hours) => `L’enllaç només es pot fer servir una vegada i caduca d’aquí a ${hours} hores. Si no esperàveu aquest missatge, no cal que feu res.`,
    signature: (council) => `Oficina d’Atenció Ciutadana — ${council}`,
  },
  es: {
    subject: (council) => `Invitación al escritorio de la OAC — ${council}`,
    greeting: (name) => `Hola, ${name}:`,
    intro: (council) => `Le han dado acceso al escritorio de la Oficina de Atención Ciudadana de ${council}. Para entrar, primero elija una contraseña.`,
    linkIntro: 'Abra este enlace para elegir la contraseña:',
    linkLabel: 'Elija la contraseña',
    expiry: (hours) => `El enlace solo puede usarse una vez y caduca dentro de ${hours} horas. Si no esperaba este mensaje, no es necesario que haga nada.`,
    signature: (council) => `Oficina de Atención Ciudadana — ${council}`,
  },
  en: {
    subject: (council) => `Invitation to the Citizen Service Office desk — ${council}`,
    greeting: (name) => `Hello ${name},`,
    intro: (council) => `You have been given access to the desk of ${council}'s Citizen Service Office. To sign in, first choose a password.`,
    linkIntro: 'Open this link to choose your password:',
    linkLabel: 'Choose your password',
    expiry: (hours) => `The link works once and expires in ${hours} hours. If you did not expect this message, you need not do anything.`,
    signature: (council) => `Citizen Service Office — ${council}`,
  },
};

/**
 * The link with which an invited agent sets their password: the desk of their council, the token
 * in the fragment, which browsers send to no server, so it stays out of access logs and Referer.
 */
export function invitationUrl(base: string, council: CouncilConfig, token: string): string {
  return `${base}/desk?${new URLSearchParams({ council: council.id })}#invitation=${token}`;
}

/**
 * Emails the invitation, in the council's language. Best effort: the administrator is shown the
 * link too, and can hand it over themselves when mail fails.
 */
export async function sendInvitation(fastify: FastifyInstance, council: CouncilConfig, to: { name: string; email: string }, url: string): Promise<void> {
  try {
    const t = TEXTS[council.defaultLanguage];
    const { text, html } = composeMail(council.defaultLanguage, [
      { paragraph: t.greeting(to.name) },
      { paragraph: t.intro(council.name) },
      { link: { intro: t.linkIntro, label: t.linkLabel, url } },
      { paragraph: t.expiry(INVITATION_HOURS) },
      { paragraph: t.signature(council.name) },
    ]);
    await fastify.mail.send({ council, about: { subject: 'agent-invitation' }, to: to.email, subject: t.subject(council.name), text, html });
  } catch (error) {
    fastify.log.error({ err: error, councilId: council.id }, 'could not email an invitation to the desk');
  }
}
