import { contract } from '../../shared/catalan.js';
import type { Language } from '../councils/schemas.js';
import type { SurveyOutcome } from './schemas.js';

/** Text of the survey invitation email, plain text: the mail composer escapes it. */
export interface SurveyTexts {
  subject: (reference: string) => string;
  greeting: (name: string) => string;
  /** Why we write, by how the service event ended: we ask everyone, not only the satisfied. */
  intro: Record<SurveyOutcome, string>;
  ask: string;
  referenceLabel: string;
  dateLabel: string;
  linkIntro: string;
  linkLabel: string;
  expires: (date: string) => string;
  signature: (council: string) => string;
}

export const SURVEY_TEXTS: Record<Language, SurveyTexts> = {
  ca: {
    subject: (reference) => `Com us hem atès? Enquesta sobre ${reference}`,
    greeting: (name) => `Hola, ${name}:`,
    intro: {
      completed: 'Gràcies per haver utilitzat l’atenció ciutadana a distància.',
      failed: 'Us vam intentar trucar però no vam poder parlar amb vosaltres.',
      no_show: 'No us vam poder atendre a la cita per videotrucada que teníeu.',
      abandoned: 'La vostra cita per videotrucada no es va poder completar.',
    },
    ask: 'La vostra opinió ens ajuda a millorar el servei. Respondre l’enquesta us portarà un minut.',
    referenceLabel: 'Referència',
    dateLabel: 'Data',
    linkIntro: 'Responeu l’enquesta des d’aquest enllaç:',
    linkLabel: 'Respon l’enquesta',
    expires: (date) => `L’enllaç funciona fins ${contract('al', date)}.`,
    signature: (council) => `Oficina d’Atenció Ciutadana — ${council}`,
  },
  es: {
    subject: (reference) => `¿Cómo le hemos atendido? Encuesta sobre ${reference}`,
    greeting: (name) => `Hola, ${name}:`,
    intro: {
      completed: 'Gracias por haber utilizado la atención ciudadana a distancia.',
      failed: 'Intentamos llamarle pero no pudimos hablar con usted.',
      no_show: 'No pudimos atenderle en la cita por videollamada que tenía.',
      abandoned: 'Su cita por videollamada no se pudo completar.',
    },
    ask: 'Su opinión nos ayuda a mejorar el servicio. Responder la encuesta le llevará un minuto.',
    referenceLabel: 'Referencia',
    dateLabel: 'Fecha',
    linkIntro: 'Responda la encuesta desde este enlace:',
    linkLabel: 'Responder la encuesta',
    expires: (date) => `El enlace funciona hasta el ${date}.`,
    signature: (council) => `Oficina de Atención Ciudadana — ${council}`,
  },
  en: {
    subject: (reference) => `How did we do? Survey about ${reference}`,
    greeting: (name) => `Hello ${name},`,
    intro: {
      completed: 'Thank you for using our remote citizen service.',
      failed: 'We tried to call you but could not reach you.',
      no_show: 'We could not see you at your video appointment.',
      abandoned: 'Your video appointment could not be completed.',
    },
    ask: 'Your opinion helps us improve the service. The survey takes a minute.',
    referenceLabel: 'Reference',
    dateLabel: 'Date',
    linkIntro: 'Answer the survey from this link:',
    linkLabel: 'Answer the survey',
    expires: (date) => `The link works until ${date}.`,
    signature: (council) => `Citizen Service Office — ${council}`,
  },
};
