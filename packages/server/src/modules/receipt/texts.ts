import { contract } from '../../shared/catalan.js';
import type { Language } from '../councils/schemas.js';

/** Every word the receipt prints besides the data, in the citizen's language. */
export interface ReceiptTexts {
  title: string;
  entryNumber: string;
  registeredAt: string;
  addressee: string;
  dir3Code: string;
  procedure: string;
  applicant: string;
  idNumber: string;
  application: string;
  declarations: string;
  attachments: string;
  noAttachments: string;
  agreement: string;
  agreedAt: string;
  fingerprint: string;
  recording: string;
  /** Where in the call's recording the citizen agreed: the part, the time into it, when that part started. */
  recordingAt: (part: string, offset: string, partStartedAt: string) => string;
  notRecorded: string;
  signedBy: string;
  habilitation: string;
  signedAt: string;
  code: string;
  checkAt: string;
  /** What the QR code is, for a screen reader. */
  qrCode: string;
  sealed: (council: string) => string;
  /** What the attached file is, as a PDF reader lists it. */
  attachedApplication: string;
}

export const RECEIPT_TEXTS: Record<Language, ReceiptTexts> = {
  ca: {
    title: 'Justificant de registre d’entrada',
    entryNumber: 'Número de registre',
    registeredAt: 'Data i hora de registre',
    addressee: 'Adreçat a',
    dir3Code: 'Codi DIR3',
    procedure: 'Tràmit',
    applicant: 'Persona sol·licitant',
    idNumber: 'Document d’identitat',
    application: 'Sol·licitud tal com s’ha acceptat',
    declarations: 'Declaracions',
    attachments: 'Documents adjunts i les seves empremtes SHA-256',
    noAttachments: 'Cap',
    agreement: 'Conformitat de la persona sol·licitant',
    agreedAt: 'Data i hora de la conformitat',
    fingerprint: 'Empremta del document acceptat (SHA-256)',
    recording: 'Enregistrament de la videotrucada',
    recordingAt: (part, offset, partStartedAt) => `part ${part}, minut ${offset} (la part va començar ${contract('el', partStartedAt)})`,
    notRecorded: 'La videotrucada no s’enregistrava',
    signedBy: 'Signat en nom de la persona sol·licitant per',
    habilitation: 'Habilitació (art. 12 de la Llei 39/2015)',
    signedAt: 'Data i hora de la signatura',
    code: 'Codi segur de verificació (CSV)',
    checkAt: 'Comproveu aquest document a',
    qrCode: 'Codi QR de la pàgina de verificació',
    sealed: (council) => `Document segellat electrònicament (${council}).`,
    attachedApplication: 'La sol·licitud acceptada, en JSON canònic: la seva empremta SHA-256 és la d’aquest justificant.',
  },
  es: {
    title: 'Justificante de registro de entrada',
    entryNumber: 'Número de registro',
    registeredAt: 'Fecha y hora de registro',
    addressee: 'Dirigido a',
    dir3Code: 'Código DIR3',
    procedure: 'Trámite',
    applicant: 'Persona solicitante',
    idNumber: 'Documento de identidad',
    application: 'Solicitud tal como se aceptó',
    declarations: 'Declaraciones',
    attachments: 'Documentos adjuntos y sus huellas SHA-256',
    noAttachments: 'Ninguno',
    agreement: 'Conformidad de la persona solicitante',
    agreedAt: 'Fecha y hora de la conformidad',
    fingerprint: 'Huella del documento aceptado (SHA-256)',
    recording: 'Grabación de la videollamada',
    recordingAt: (part, offset, partStartedAt) => `parte ${part}, minuto ${offset} (la parte empezó el ${partStartedAt})`,
    notRecorded: 'La videollamada no se estaba grabando',
    signedBy: 'Firmado en nombre de la persona solicitante por',
    habilitation: 'Habilitación (art. 12 de la Ley 39/2015)',
    signedAt: 'Fecha y hora de la firma',
    code: 'Código seguro de verificación (CSV)',
    checkAt: 'Compruebe este documento en',
    qrCode: 'Código QR de la página de verificación',
    sealed: (council) => `Documento sellado electrónicamente (${council}).`,
    attachedApplication: 'La solicitud aceptada, en JSON canónico: su huella SHA-256 es la de este justificante.',
  },
  en: {
    title: 'Registry entry receipt',
    entryNumber: 'Entry number',
    registeredAt: 'Date and time of registration',
    addressee: 'Addressed to',
    dir3Code: 'DIR3 code',
    procedure: 'Procedure',
    applicant: 'Applicant',
    idNumber: 'Identity document',
    application: 'The application as agreed',
    declarations: 'Declarations',
    attachments: 'Attachments and their SHA-256 fingerprints',
    noAttachments: 'None',
    agreement: 'The applicant’s agreement',
    agreedAt: 'Date and time of the agreement',
    fingerprint: 'Fingerprint of the document agreed to (SHA-256)',
    recording: 'Recording of the video call',
    recordingAt: (part, offset, partStartedAt) => `part ${part}, at ${offset} (the part started on ${partStartedAt})`,
    notRecorded: 'The video call was not being recorded',
    signedBy: 'Signed on the applicant’s behalf by',
    habilitation: 'Habilitation (art. 12 of Law 39/2015)',
    signedAt: 'Date and time of the signature',
    code: 'Secure verification code (CSV)',
    checkAt: 'Check this document at',
    qrCode: 'QR code of the verification page',
    sealed: (council) => `Sealed electronically by ${council}.`,
    attachedApplication: 'The application agreed to, as canonical JSON: its SHA-256 fingerprint is the one on this receipt.',
  },
};
