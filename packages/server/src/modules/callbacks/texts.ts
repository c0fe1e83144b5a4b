import { contract } from '../../shared/catalan.js';
import type { Language } from '../councils/schemas.js';

/** Text of the callback email and pages, plain text: templates escape it. */
export interface CallbackTexts {
  emailSubject: (reference: string) => string;
  emailGreeting: (name: string) => string;
  emailIntro: (council: string) => string;
  referenceLabel: string;
  windowLabel: string;
  topicLabel: string;
  emailCancel: string;
  emailCancelLink: string;
  emailSignature: (council: string) => string;
  retrySubject: (reference: string) => string;
  /** The call that found no one, by its time on the council's clock, and that another comes. */
  retryIntro: (calledAt: string) => string;
  retryWindowLabel: string;
  cancelTitle: string;
  cancelIntro: string;
  stateLabel: string;
  cancelButton: string;
  cancelledTitle: string;
  cancelledBody: string;
  notCancellable: string;
  invalidTitle: string;
  invalidBody: string;
  states: Record<string, string>;
}

export const CALLBACK_TEXTS: Record<Language, CallbackTexts> = {
  ca: {
    emailSubject: (reference) => `Us trucarem: sol·licitud ${reference}`,
    emailGreeting: (name) => `Hola, ${name}:`,
    emailIntro: (council) => `L’Oficina d’Atenció Ciutadana (${council}) ha rebut la vostra sol·licitud de trucada. Un agent us trucarà dins la franja acordada.`,
    referenceLabel: 'Referència',
    windowLabel: 'Franja de la trucada',
    topicLabel: 'Tema',
    emailCancel: 'Si ja no necessiteu la trucada, podeu anul·lar-la des d’aquest enllaç:',
    emailCancelLink: 'Anul·la la trucada',
    emailSignature: (council) => `Oficina d’Atenció Ciutadana — ${council}`,
    retrySubject: (reference) => `Us tornarem a trucar: sol·licitud ${reference}`,
    retryIntro: (calledAt) => `Us hem trucat ${contract('el', calledAt)} i no us hem pogut localitzar. Us tornarem a trucar en la franja següent.`,
    retryWindowLabel: 'Nova franja de la trucada',
    cancelTitle: 'La vostra sol·licitud de trucada',
    cancelIntro: 'Aquestes són les dades de la trucada que heu demanat.',
    stateLabel: 'Estat',
    cancelButton: 'Anul·la la meva trucada',
    cancelledTitle: 'Trucada anul·lada',
    cancelledBody: 'Hem anul·lat la vostra sol·licitud. No us trucarem.',
    notCancellable: 'Aquesta sol·licitud ja no es pot anul·lar.',
    invalidTitle: 'Enllaç no vàlid',
    invalidBody: 'Aquest enllaç no és vàlid o ha caducat.',
    states: {
      requested: 'Pendent',
      assigned: 'Assignada a un agent',
      in_progress: 'En curs',
      retry: 'Us tornarem a trucar',
      completed: 'Feta',
      failed: 'No us hem pogut localitzar',
      cancelled: 'Anul·lada',
    },
  },
  es: {
    emailSubject: (reference) => `Le llamaremos: solicitud ${reference}`,
    emailGreeting: (name) => `Hola, ${name}:`,
    emailIntro: (council) => `La Oficina de Atención Ciudadana (${council}) ha recibido su solicitud de llamada. Un agente le llamará dentro de la franja acordada.`,
    referenceLabel: 'Referencia',
    windowLabel: 'Franja de la llamada',
    topicLabel: 'Tema',
    emailCancel: 'Si ya no necesita la llamada, puede anularla desde este enlace:',
    emailCancelLink: 'Anular la llamada',
    emailSignature: (council) => `Oficina de Atención Ciudadana — ${council}`,
    retrySubject: (reference) => `Le volveremos a llamar: solicitud ${reference}`,
    retryIntro: (calledAt) => `Le hemos llamado el ${calledAt} y no hemos podido localizarle. Le volveremos a llamar en la franja siguiente.`,
    retryWindowLabel: 'Nueva franja de la llamada',
    cancelTitle: 'Su solicitud de llamada',
    cancelIntro: 'Estos son los datos de la llamada que ha pedido.',
    stateLabel: 'Estado',
    cancelButton: 'Anular mi llamada',
    cancelledTitle: 'Llamada anulada',
    cancelledBody: 'Hemos anulado su solicitud. No le llamaremos.',
    notCancellable: 'Esta solicitud ya no se puede anular.',
    invalidTitle: 'Enlace no válido',
    invalidBody: 'Este enlace no es válido o ha caducado.',
    states: {
      requested: 'Pendiente',
      assigned: 'Asignada a un agente',
      in_progress: 'En curso',
      retry: 'Le volveremos a llamar',
      completed: 'Realizada',
      failed: 'No hemos podido localizarle',
      cancelled: 'Anulada',
    },
  },
  en: {
    emailSubject: (reference) => `We will call you: request ${reference}`,
    emailGreeting: (name) => `Hello ${name},`,
    emailIntro: (council) => `${council} has received your callback request. An agent of the Citizen Service Office will call you within the agreed time window.`,
    referenceLabel: 'Reference',
    windowLabel: 'Call window',
    topicLabel: 'Topic',
    emailCancel: 'If you no longer need the call, you can cancel it with this link:',
    emailCancelLink: 'Cancel the call',
    emailSignature: (council) => `Citizen Service Office — ${council}`,
    retrySubject: (reference) => `We will call you again: request ${reference}`,
    retryIntro: (calledAt) => `We called you on ${calledAt} and could not reach you. We will call you again in the time below.`,
    retryWindowLabel: 'New time for the call',
    cancelTitle: 'Your callback request',
    cancelIntro: 'These are the details of the call you asked for.',
    stateLabel: 'Status',
    cancelButton: 'Cancel my callback',
    cancelledTitle: 'Callback cancelled',
    cancelledBody: 'We have cancelled your request. We will not call you.',
    notCancellable: 'This request can no longer be cancelled.',
    invalidTitle: 'Link not valid',
    invalidBody: 'This link is not valid or has expired.',
    states: {
      requested: 'Pending',
      assigned: 'Assigned to an agent',
      in_progress: 'In progress',
      retry: 'We will call you again',
      completed: 'Done',
      failed: 'We could not reach you',
      cancelled: 'Cancelled',
    },
  },
};
