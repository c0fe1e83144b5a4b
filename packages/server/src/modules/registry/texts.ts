import { plural } from '../../shared/plural.js';
import type { Language } from '../councils/schemas.js';
import type { DocumentKind } from './store.js';

export interface VerifyTexts {
  title: string;
  intro: string;
  /** Says which council's page this is, when the address names one. */
  councilIntro: (council: string) => string;
  codeLabel: string;
  codeHint: string;
  submit: string;
  errorPrefix: string;
  errorSummary: string;
  notFound: string;
  tooMany: (minutes: number) => string;
  foundTitle: string;
  foundIntro: string;
  councilLabel: string;
  kindLabel: string;
  kinds: Record<DocumentKind, string>;
  entryLabel: string;
  dateLabel: string;
  procedureLabel: string;
  codeShownLabel: string;
  sha256Label: string;
  download: (size: string) => string;
  sealNote: string;
  another: string;
}

/** The verification page (`/verify`) in each language. */
export const VERIFY_TEXTS: Record<Language, VerifyTexts> = {
  ca: {
    title: 'Verificar un document',
    intro: 'Escriviu el codi segur de verificació (CSV) d’un document de l’ajuntament per comprovar-lo i descarregar-ne l’original.',
    councilIntro: (council) => `Verificació de documents de: ${council}.`,
    codeLabel: 'Codi segur de verificació (CSV)',
    codeHint: 'És imprès a cada pàgina del document, en cinc grups de cinc lletres i xifres. No importen les majúscules, els espais ni els guions.',
    submit: 'Verifica',
    errorPrefix: 'Error: ',
    errorSummary: 'Hi ha un problema',
    notFound: 'Cap document no té aquest codi de verificació. Comproveu que l’heu escrit tal com és imprès al document.',
    tooMany: (count) => `Heu fet massa verificacions des de la vostra connexió. Torneu-ho a provar d’aquí a ${plural('ca', count, { one: '1 minut', other: '{n} minuts' })}.`,
    foundTitle: 'Document verificat',
    foundIntro: 'Aquest codi correspon al document següent. Descarregueu-ne l’original: la seva empremta SHA-256 ha de ser la que es mostra aquí.',
    councilLabel: 'Ajuntament',
    kindLabel: 'Document',
    kinds: { receipt: 'Justificant de registre d’entrada' },
    entryLabel: 'Número d’entrada al registre',
    dateLabel: 'Data i hora d’entrada',
    procedureLabel: 'Tràmit',
    codeShownLabel: 'Codi de verificació',
    sha256Label: 'Empremta SHA-256 de l’original',
    download: (size) => `Descarrega l’original (PDF, ${size})`,
    sealNote: 'L’original porta el segell electrònic de l’ajuntament: un lector de PDF mostra si el segell és vàlid.',
    another: 'Verifica un altre document',
  },
  es: {
    title: 'Verificar un documento',
    intro: 'Escriba el código seguro de verificación (CSV) de un documento del ayuntamiento para comprobarlo y descargar el original.',
    councilIntro: (council) => `Verificación de documentos de: ${council}.`,
    codeLabel: 'Código seguro de verificación (CSV)',
    codeHint: 'Está impreso en cada página del documento, en cinco grupos de cinco letras y cifras. No importan las mayúsculas, los espacios ni los guiones.',
    submit: 'Verificar',
    errorPrefix: 'Error: ',
    errorSummary: 'Hay un problema',
    notFound: 'Ningún documento tiene este código de verificación. Compruebe que lo ha escrito tal como está impreso en el documento.',
    tooMany: (count) => `Ha hecho demasiadas verificaciones desde su conexión. Vuelva a intentarlo dentro de ${plural('es', count, { one: '1 minuto', other: '{n} minutos' })}.`,
    foundTitle: 'Documento verificado',
    foundIntro: 'Este código corresponde al documento siguiente. Descargue el original: su huella SHA-256 debe ser la que se muestra aquí.',
    councilLabel: 'Ayuntamiento',
    kindLabel: 'Documento',
    kinds: { receipt: 'Justificante de registro de entrada' },
    entryLabel: 'Número de entrada en el registro',
    dateLabel: 'Fecha y hora de entrada',
    procedureLabel: 'Trámite',
    codeShownLabel: 'Código de verificación',
    sha256Label: 'Huella SHA-256 del original',
    download: (size) => `Descargar el original (PDF, ${size})`,
    sealNote: 'El original lleva el sello electrónico del ayuntamiento: un lector de PDF muestra si el sello es válido.',
    another: 'Verificar otro documento',
  },
  en: {
    title: 'Verify a document',
    intro: 'Enter the secure verification code (CSV) of a council’s document to check it and download the original.',
    councilIntro: (council) => `Document verification for: ${council}.`,
    codeLabel: 'Secure verification code (CSV)',
    codeHint: 'It is printed on every page of the document, in five groups of five letters and digits. Upper or lower case, spaces and dashes do not matter.',
    submit: 'Verify',
    errorPrefix: 'Error: ',
    errorSummary: 'There is a problem',
    notFound: 'No document has this verification code. Check that you typed it as it is printed on the document.',
    tooMany: (count) => `Too many verifications from your connection. Try again in ${plural('en', count, { one: '1 minute', other: '{n} minutes' })}.`,
    foundTitle: 'Document verified',
    foundIntro: 'This code belongs to the document below. Download the original: its SHA-256 fingerprint must be the one shown here.',
    councilLabel: 'Council',
    kindLabel: 'Document',
    kinds: { receipt: 'Registry entry receipt' },
    entryLabel: 'Registry entry number',
    dateLabel: 'Date and time of entry',
    procedureLabel: 'Procedure',
    codeShownLabel: 'Verification code',
    sha256Label: 'SHA-256 fingerprint of the original',
    download: (size) => `Download the original (PDF, ${size})`,
    sealNote: 'The original carries the council’s electronic seal: a PDF reader shows whether the seal is valid.',
    another: 'Verify another document',
  },
};
