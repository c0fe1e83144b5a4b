import type { Language } from '../councils/schemas.js';

/** Text of the /documents page; plain text: the page escapes it. */
export interface DocumentPageTexts {
  pageTitle: string;
  pageIntro: string;
  pageNoScript: string;
}

export const DOCUMENT_PAGE_TEXTS: Record<Language, DocumentPageTexts> = {
  ca: {
    pageTitle: 'Envieu documents',
    pageIntro: 'Adjunteu els documents que us ha demanat l’Oficina d’Atenció Ciutadana. Si la connexió es talla, l’enviament continua on s’havia aturat.',
    pageNoScript: 'Per enviar documents cal que el navegador tingui JavaScript activat.',
  },
  es: {
    pageTitle: 'Envíe documentos',
    pageIntro: 'Adjunte los documentos que le ha pedido la Oficina de Atención Ciudadana. Si la conexión se corta, el envío continúa donde se había detenido.',
    pageNoScript: 'Para enviar documentos, el navegador debe tener JavaScript activado.',
  },
  en: {
    pageTitle: 'Send documents',
    pageIntro: 'Attach the documents the Citizen Service Office asked you for. If the connection drops, sending carries on where it stopped.',
    pageNoScript: 'Sending documents needs JavaScript turned on in your browser.',
  },
};

/** The email that tells a citizen a document was not accepted; plain text: the mail escapes it. */
export interface RejectionTexts {
  subject: (reference: string) => string;
  greeting: (name: string) => string;
  intro: (document: string) => string;
  referenceLabel: string;
  fileLabel: string;
  reasonLabel: string;
  linkIntro: string;
  linkLabel: string;
  signature: (council: string) => string;
}

export const REJECTION_TEXTS: Record<Language, RejectionTexts> = {
  ca: {
    subject: (reference) => `Cal que torneu a enviar un document: ${reference}`,
    greeting: (name) => `Hola, ${name}:`,
    intro: (document) => `L’Oficina d’Atenció Ciutadana no ha pogut acceptar el document que heu enviat com a «${document}». Us n’expliquem el motiu a continuació.`,
    referenceLabel: 'Referència',
    fileLabel: 'Fitxer',
    reasonLabel: 'Motiu',
    linkIntro: 'Podeu enviar-lo de nou des d’aquest enllaç:',
    linkLabel: 'Envia el document de nou',
    signature: (council) => `Oficina d’Atenció Ciutadana — ${council}`,
  },
  es: {
    subject: (reference) => `Debe volver a enviar un documento: ${reference}`,
    greeting: (name) => `Hola, ${name}:`,
    intro: (document) => `La Oficina de Atención Ciudadana no ha podido aceptar el documento que envió como «${document}». A continuación le explicamos el motivo.`,
    referenceLabel: 'Referencia',
    fileLabel: 'Archivo',
    reasonLabel: 'Motivo',
    linkIntro: 'Puede enviarlo de nuevo desde este enlace:',
    linkLabel: 'Enviar el documento de nuevo',
    signature: (council) => `Oficina de Atención Ciudadana — ${council}`,
  },
  en: {
    subject: (reference) => `Please send a document again: ${reference}`,
    greeting: (name) => `Hello ${name},`,
    intro: (document) => `The Citizen Service Office could not accept the document you sent as “${document}”. The reason is below.`,
    referenceLabel: 'Reference',
    fileLabel: 'File',
    reasonLabel: 'Reason',
    linkIntro: 'You can send it again from this link:',
    linkLabel: 'Send the document again',
    signature: (council) => `Citizen Service Office — ${council}`,
  },
};
