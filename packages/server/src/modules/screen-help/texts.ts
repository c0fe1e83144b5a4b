import type { Language } from '../councils/schemas.js';

/** Text of the screen-help email and page; plain text: templates escape it. */
export interface ScreenHelpTexts {
  emailSubject: (reference: string) => string;
  emailGreeting: (name: string) => string;
  emailIntro: (council: string) => string;
  emailLinkIntro: string;
  emailLinkLabel: string;
  /** The code is never in the email: it comes by phone, so a forwarded email opens nothing. */
  emailCode: string;
  emailSignature: (council: string) => string;
  pageTitle: string;
  pageIntro: string;
  pageNoScript: string;
}

export const SCREEN_HELP_TEXTS: Record<Language, ScreenHelpTexts> = {
  ca: {
    emailSubject: (reference) => `Ajuda amb la pantalla durant la vostra trucada (${reference})`,
    emailGreeting: (name) => `Hola, ${name}:`,
    emailIntro: (council) => `L’agent de l’Oficina d’Atenció Ciutadana (${council}) que us està trucant us pot ajudar veient la vostra pantalla, si hi esteu d’acord.`,
    emailLinkIntro: 'Obriu aquesta pàgina al navegador de l’ordinador o del mòbil:',
    emailLinkLabel: 'Compartir la pantalla amb l’agent',
    emailCode: 'Hi escriviu el codi de sis xifres que l’agent us dirà per telèfon. El codi serveix un sol cop i caduca als 15 minuts.',
    emailSignature: (council) => `Atentament,\n${council}`,
    pageTitle: 'Ajuda amb la pantalla',
    pageIntro: 'Escriviu el codi que l’agent us diu per telèfon. Abans de compartir res, veureu què es compartirà i amb qui.',
    pageNoScript: 'Aquesta pàgina necessita JavaScript per compartir la pantalla.',
  },
  es: {
    emailSubject: (reference) => `Ayuda con la pantalla durante su llamada (${reference})`,
    emailGreeting: (name) => `Hola, ${name}:`,
    emailIntro: (council) => `El agente de la Oficina de Atención Ciudadana (${council}) que le está llamando le puede ayudar viendo su pantalla, si está de acuerdo.`,
    emailLinkIntro: 'Abra esta página en el navegador del ordenador o del móvil:',
    emailLinkLabel: 'Compartir la pantalla con el agente',
    emailCode: 'Escriba en ella el código de seis cifras que el agente le dirá por teléfono. El código sirve una sola vez y caduca a los 15 minutos.',
    emailSignature: (council) => `Atentamente,\n${council}`,
    pageTitle: 'Ayuda con la pantalla',
    pageIntro: 'Escriba el código que el agente le dice por teléfono. Antes de compartir nada, verá qué se compartirá y con quién.',
    pageNoScript: 'Esta página necesita JavaScript para compartir la pantalla.',
  },
  en: {
    emailSubject: (reference) => `Screen help during your call (${reference})`,
    emailGreeting: (name) => `Hello ${name},`,
    emailIntro: (council) => `The agent of the Citizen Service Office (${council}) who is calling you can help by seeing your screen, if you agree.`,
    emailLinkIntro: 'Open this page in the browser of your computer or phone:',
    emailLinkLabel: 'Share your screen with the agent',
    emailCode: 'Type in it the six-digit code the agent tells you on the phone. The code works once and expires after 15 minutes.',
    emailSignature: (council) => `Kind regards,\n${council}`,
    pageTitle: 'Screen help',
    pageIntro: 'Type the code the agent tells you on the phone. Before anything is shared, you will see what will be shared and with whom.',
    pageNoScript: 'This page needs JavaScript to share your screen.',
  },
};
