import type { Language } from '../councils/schemas.js';

/** Text of the appointment emails, calendar file and page; plain text: templates escape it. */
export interface AppointmentTexts {
  confirmedSubject: (reference: string) => string;
  rescheduledSubject: (reference: string) => string;
  cancelledSubject: (reference: string) => string;
  reminder24hSubject: (reference: string) => string;
  reminder1hSubject: (reference: string) => string;
  greeting: (name: string) => string;
  confirmedIntro: (council: string) => string;
  rescheduledIntro: string;
  cancelledIntro: string;
  reminder24hIntro: string;
  reminder1hIntro: string;
  referenceLabel: string;
  whenLabel: string;
  procedureLabel: string;
  prepareHeading: string;
  howHeading: string;
  howSteps: string[];
  linkIntro: string;
  linkLabel: string;
  calendarAttached: string;
  bookAgain: string;
  signature: (council: string) => string;
  calendarSummary: (procedure: string, council: string) => string;
  calendarDescription: (reference: string, url: string) => string;
  calendarAlarm: string;
  pageTitle: string;
  pageIntro: string;
  pageNoScript: string;
}

export const APPOINTMENT_TEXTS: Record<Language, AppointmentTexts> = {
  ca: {
    confirmedSubject: (reference) => `Cita per videotrucada confirmada: ${reference}`,
    rescheduledSubject: (reference) => `Cita per videotrucada canviada: ${reference}`,
    cancelledSubject: (reference) => `Cita per videotrucada anul·lada: ${reference}`,
    reminder24hSubject: (reference) => `Recordatori: demà teniu cita per videotrucada (${reference})`,
    reminder1hSubject: (reference) => `Recordatori: la vostra cita per videotrucada comença d’aquí a una hora (${reference})`,
    greeting: (name) => `Hola, ${name}:`,
    confirmedIntro: (council) => `Us confirmem la cita per videotrucada amb l’Oficina d’Atenció Ciutadana (${council}).`,
    rescheduledIntro: 'Hem canviat l’hora de la vostra cita per videotrucada. Aquestes en són les dades noves.',
    cancelledIntro: 'Hem anul·lat la vostra cita per videotrucada. L’hora ha quedat lliure.',
    reminder24hIntro: 'Us recordem que demà teniu cita per videotrucada amb l’Oficina d’Atenció Ciutadana.',
    reminder1hIntro: 'Us recordem que la vostra cita per videotrucada comença d’aquí a una hora.',
    referenceLabel: 'Referència',
    whenLabel: 'Dia i hora',
    procedureLabel: 'Tràmit',
    prepareHeading: 'Què cal preparar',
    howHeading: 'Com funciona la videotrucada',
    howSteps: [
      'Feu servir un navegador actualitzat (Chrome, Edge, Firefox o Safari) a l’ordinador o al mòbil; no cal instal·lar res.',
      'Permeteu l’accés a la càmera i al micròfon quan el navegador us ho demani.',
      'Tingueu el DNI o el NIE a mà: el mostrareu a la càmera per validar la vostra identitat.',
      'Connecteu-vos des d’un lloc tranquil i ben il·luminat.',
      'Obriu el vostre enllaç deu minuts abans; l’agent us admetrà a l’hora de la cita.',
    ],
    linkIntro: 'Des del vostre enllaç personal podeu veure la cita, canviar-la o anul·lar-la, i entrar a la videotrucada:',
    linkLabel: 'La meva cita',
    calendarAttached: 'Us adjuntem la cita en un fitxer de calendari (.ics) per afegir-la a la vostra agenda.',
    bookAgain: 'Si encara necessiteu fer el tràmit, podeu demanar una cita nova quan vulgueu.',
    signature: (council) => `Oficina d’Atenció Ciutadana — ${council}`,
    calendarSummary: (procedure, council) => `Cita per videotrucada: ${procedure} (${council})`,
    calendarDescription: (reference, url) => `Referència ${reference}. Entreu a la videotrucada des del vostre enllaç personal: ${url}`,
    calendarAlarm: 'La vostra cita per videotrucada comença aviat',
    pageTitle: 'La meva cita per videotrucada',
    pageIntro: 'Aquí podeu veure la vostra cita, canviar-la o anul·lar-la i, a l’hora acordada, entrar a la videotrucada.',
    pageNoScript: 'Aquesta pàgina necessita JavaScript per mostrar la cita i fer la videotrucada.',
  },
  es: {
    confirmedSubject: (reference) => `Cita por videollamada confirmada: ${reference}`,
    rescheduledSubject: (reference) => `Cita por videollamada cambiada: ${reference}`,
    cancelledSubject: (reference) => `Cita por videollamada anulada: ${reference}`,
    reminder24hSubject: (reference) => `Recordatorio: mañana tiene cita por videollamada (${reference})`,
    reminder1hSubject: (reference) => `Recordatorio: su cita por videollamada empieza dentro de una hora (${reference})`,
    greeting: (name) => `Hola, ${name}:`,
    confirmedIntro: (council) => `Le confirmamos la cita por videollamada con la Oficina de Atención Ciudadana (${council}).`,
    rescheduledIntro: 'Hemos cambiado la hora de su cita por videollamada. Estos son los nuevos datos.',
    cancelledIntro: 'Hemos anulado su cita por videollamada. La hora ha quedado libre.',
    reminder24hIntro: 'Le recordamos que mañana tiene cita por videollamada con la Oficina de Atención Ciudadana.',
    reminder1hIntro: 'Le recordamos que su cita por videollamada empieza dentro de una hora.',
    referenceLabel: 'Referencia',
    whenLabel: 'Día y hora',
    procedureLabel: 'Trámite',
    prepareHeading: 'Qué debe preparar',
    howHeading: 'Cómo funciona la videollamada',
    howSteps: [
      'Use un navegador actualizado (Chrome, Edge, Firefox o Safari) en el ordenador o el móvil; no hay que instalar nada.',
      'Permita el acceso a la cámara y al micrófono cuando el navegador se lo pida.',
      'Tenga el DNI o el NIE a mano: lo mostrará a la cámara para validar su identidad.',
      'Conéctese desde un lugar tranquilo y bien iluminado.',
      'Abra su enlace diez minutos antes; el agente le admitirá a la hora de la cita.',
    ],
    linkIntro: 'Desde su enlace personal puede ver la cita, cambiarla o anularla, y entrar en la videollamada:',
    linkLabel: 'Mi cita',
    calendarAttached: 'Le adjuntamos la cita en un archivo de calendario (.ics) para añadirla a su agenda.',
    bookAgain: 'Si todavía necesita hacer el trámite, puede pedir una cita nueva cuando quiera.',
    signature: (council) => `Oficina de Atención Ciudadana — ${council}`,
    calendarSummary: (procedure, council) => `Cita por videollamada: ${procedure} (${council})`,
    calendarDescription: (reference, url) => `Referencia ${reference}. Entre en la videollamada desde su enlace personal: ${url}`,
    calendarAlarm: 'Su cita por videollamada empieza pronto',
    pageTitle: 'Mi cita por videollamada',
    pageIntro: 'Aquí puede ver su cita, cambiarla o anularla y, a la hora acordada, entrar en la videollamada.',
    pageNoScript: 'Esta página necesita JavaScript para mostrar la cita y hacer la videollamada.',
  },
  en: {
    confirmedSubject: (reference) => `Video appointment confirmed: ${reference}`,
    rescheduledSubject: (reference) => `Video appointment changed: ${reference}`,
    cancelledSubject: (reference) => `Video appointment cancelled: ${reference}`,
    reminder24hSubject: (reference) => `Reminder: your video appointment is tomorrow (${reference})`,
    reminder1hSubject: (reference) => `Reminder: your video appointment starts in one hour (${reference})`,
    greeting: (name) => `Hello ${name},`,
    confirmedIntro: (council) => `${council} confirms your video appointment with the Citizen Service Office.`,
    rescheduledIntro: 'We have moved your video appointment. These are the new details.',
    cancelledIntro: 'We have cancelled your video appointment. The time is free again.',
    reminder24hIntro: 'A reminder that your video appointment with the Citizen Service Office is tomorrow.',
    reminder1hIntro: 'A reminder that your video appointment starts in one hour.',
    referenceLabel: 'Reference',
    whenLabel: 'Date and time',
    procedureLabel: 'Procedure',
    prepareHeading: 'What to prepare',
    howHeading: 'How the video call works',
    howSteps: [
      'Use an up-to-date browser (Chrome, Edge, Firefox or Safari) on a computer or phone; there is nothing to install.',
      'Allow the camera and microphone when the browser asks.',
      'Have your DNI or NIE at hand: you will show it to the camera so we can check your identity.',
      'Join from a quiet, well-lit place.',
      'Open your link ten minutes early; the agent will let you in at the time of the appointment.',
    ],
    linkIntro: 'Your personal link shows the appointment, lets you change or cancel it, and takes you into the video call:',
    linkLabel: 'My appointment',
    calendarAttached: 'The appointment is attached as a calendar file (.ics) for your calendar.',
    bookAgain: 'If you still need the procedure, you can book a new appointment at any time.',
    signature: (council) => `Citizen Service Office — ${council}`,
    calendarSummary: (procedure, council) => `Video appointment: ${procedure} (${council})`,
    calendarDescription: (reference, url) => `Reference ${reference}. Join the video call from your personal link: ${url}`,
    calendarAlarm: 'Your video appointment starts soon',
    pageTitle: 'My video appointment',
    pageIntro: 'Here you can see your appointment, change or cancel it and, at the agreed time, join the video call.',
    pageNoScript: 'This page needs JavaScript to show your appointment and run the video call.',
  },
};
