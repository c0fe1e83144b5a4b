import { plural } from '../../shared/plural.js';
import type { Language } from '../councils/schemas.js';

/** Texts of the booking confirmation (email block and page), plain text: templates escape them. */
export interface ConfirmationTexts {
  emailIntro: (minutes: number) => string;
  emailLink: string;
  pageTitle: string;
  pageIntro: (reference: string) => string;
  button: string;
  confirmedTitle: string;
  confirmedBody: (reference: string) => string;
  expiredTitle: string;
  expiredBody: string;
}

export const CONFIRMATION_TEXTS: Record<Language, ConfirmationTexts> = {
  ca: {
    emailIntro: (minutes) => `Confirmeu la reserva ${plural('ca', minutes, { one: 'en el proper minut', other: 'en els propers {n} minuts' })}; si no, n’alliberarem la plaça perquè la pugui fer servir una altra persona:`,
    emailLink: 'Confirma la reserva',
    pageTitle: 'Confirmeu la reserva',
    pageIntro: (reference) => `Premeu el botó per confirmar la reserva ${reference}.`,
    button: 'Confirma la reserva',
    confirmedTitle: 'Reserva confirmada',
    confirmedBody: (reference) => `Gràcies: la reserva ${reference} queda confirmada.`,
    expiredTitle: 'Aquest enllaç ja no és vàlid',
    expiredBody: 'La reserva no es va confirmar a temps i se’n va alliberar la plaça. Podeu tornar a demanar-la.',
  },
  es: {
    emailIntro: (minutes) => `Confirme la reserva ${plural('es', minutes, { one: 'en el próximo minuto', other: 'en los próximos {n} minutos' })}; si no, liberaremos la plaza para que la pueda usar otra persona:`,
    emailLink: 'Confirmar la reserva',
    pageTitle: 'Confirme la reserva',
    pageIntro: (reference) => `Pulse el botón para confirmar la reserva ${reference}.`,
    button: 'Confirmar la reserva',
    confirmedTitle: 'Reserva confirmada',
    confirmedBody: (reference) => `Gracias: la reserva ${reference} queda confirmada.`,
    expiredTitle: 'Este enlace ya no es válido',
    expiredBody: 'La reserva no se confirmó a tiempo y se liberó la plaza. Puede volver a pedirla.',
  },
  en: {
    emailIntro: (minutes) => `Please confirm your booking within ${plural('en', minutes, { one: '1 minute', other: '{n} minutes' })}; otherwise its place will be freed for someone else:`,
    emailLink: 'Confirm my booking',
    pageTitle: 'Confirm your booking',
    pageIntro: (reference) => `Press the button to confirm booking ${reference}.`,
    button: 'Confirm my booking',
    confirmedTitle: 'Booking confirmed',
    confirmedBody: (reference) => `Thank you: booking ${reference} is confirmed.`,
    expiredTitle: 'This link is no longer valid',
    expiredBody: 'The booking was not confirmed in time and its place was freed. You can book again.',
  },
};
