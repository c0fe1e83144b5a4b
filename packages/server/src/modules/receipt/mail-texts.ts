import type { Language } from '../councils/schemas.js';

/** The words of the email that brings the citizen their receipt. */
export interface ReceiptMailTexts {
  subject: (entryNumber: string) => string;
  intro: (council: string) => string;
  entryNumberLabel: string;
  registeredAtLabel: string;
  procedureLabel: string;
  /** Why the code is not in the email: it is on the attached receipt, and it opens the document. */
  keepCode: string;
  verifyIntro: string;
  verifyLabel: string;
}

export const RECEIPT_MAIL_TEXTS: Record<Language, ReceiptMailTexts> = {
  ca: {
    subject: (entryNumber) => `Justificant de registre de la vostra sol·licitud (${entryNumber})`,
    intro: (council) => `${council} ha registrat la sol·licitud que heu acordat a la videotrucada. Us adjuntem el justificant en PDF, segellat electrònicament per l'Ajuntament.`,
    entryNumberLabel: 'Número de registre',
    registeredAtLabel: 'Data i hora de registre',
    procedureLabel: 'Tràmit',
    keepCode: 'El justificant porta imprès un codi segur de verificació (CSV): qui el tingui pot consultar i descarregar el document original. Guardeu-lo i compartiu-lo només amb qui l’hagi de comprovar.',
    verifyIntro: 'Podeu comprovar el justificant amb aquest codi a la pàgina de verificació:',
    verifyLabel: 'Verificar un document',
  },
  es: {
    subject: (entryNumber) => `Justificante de registro de su solicitud (${entryNumber})`,
    intro: (council) => `${council} ha registrado la solicitud que acordó en la videollamada. Le adjuntamos el justificante en PDF, sellado electrónicamente por el Ayuntamiento.`,
    entryNumberLabel: 'Número de registro',
    registeredAtLabel: 'Fecha y hora de registro',
    procedureLabel: 'Trámite',
    keepCode: 'El justificante lleva impreso un código seguro de verificación (CSV): quien lo tenga puede consultar y descargar el documento original. Guárdelo y compártalo solo con quien deba comprobarlo.',
    verifyIntro: 'Puede comprobar el justificante con ese código en la página de verificación:',
    verifyLabel: 'Verificar un documento',
  },
  en: {
    subject: (entryNumber) => `Registry receipt of your application (${entryNumber})`,
    intro: (council) => `${council} has registered the application you agreed to in the video call. The receipt is attached as a PDF, electronically sealed by the council.`,
    entryNumberLabel: 'Registry entry number',
    registeredAtLabel: 'Registered on',
    procedureLabel: 'Procedure',
    keepCode: 'The receipt carries a secure verification code (CSV): whoever has it can view and download the original document. Keep it, and share it only with whoever needs to check it.',
    verifyIntro: 'You can check the receipt with that code on the verification page:',
    verifyLabel: 'Verify a document',
  },
};
