import { createHash } from 'node:crypto';
import type { Language } from '../../councils/schemas.js';

/** What the citizen consents to before the identity check, in their language; its hash is logged with the answer. */
const CONSENT_TEXTS: Record<Language, string> = {
  ca:
    "Per identificar-vos, l'agent us demanarà fotografies del davant i del darrere del vostre DNI o NIE i de la vostra cara al costat del document, fetes amb la vostra càmera, i que digueu en veu alta un codi. " +
    "L'agent compara la fotografia del document amb la vostra cara; no es fa cap tractament biomètric. Les imatges es guarden xifrades amb el vostre expedient com a prova de la identificació.",
  es:
    'Para identificarle, el agente le pedirá fotografías del anverso y del reverso de su DNI o NIE y de su cara junto al documento, hechas con su cámara, y que diga en voz alta un código. ' +
    'El agente compara la fotografía del documento con su cara; no se hace ningún tratamiento biométrico. Las imágenes se guardan cifradas con su expediente como prueba de la identificación.',
  en:
    'To identify you, the agent will ask for pictures of the front and the back of your DNI or NIE and of your face beside the document, taken with your camera, and for you to say a code aloud. ' +
    "The agent compares the document's photo with your face; no biometric processing is done. The pictures are kept encrypted with your case as evidence of the identification.",
};

export function consentText(language: Language): { text: string; textSha256: string } {
  const text = CONSENT_TEXTS[language];
  return { text, textSha256: createHash('sha256').update(text, 'utf8').digest('hex') };
}
