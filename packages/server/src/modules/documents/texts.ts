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
    pageIntro: "Adjunteu els documents que us ha demanat l'Oficina d'Atenció Ciutadana. Si la connexió es talla, l'enviament continua on s'havia aturat.",
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
