import type { Agreement, ApplicationForm, DeskProcedure } from '@finestreta/server/contract';
import type { CaseDocumentsView } from '../case-documents.js';

/**
 * Procedures as the desk receives them, for the tests and stories of the application form and the
 * agreement panel: a small generic application (LPAC art. 66.1) and a procedure's own form.
 */

type Lang = 'ca' | 'es' | 'en';

const LABELS: Record<Lang, Record<string, string>> = {
  en: {
    title: 'Generic application',
    '/applicant': 'Applicant',
    '/applicant/name': 'Full name',
    '/applicant/idNumber': 'DNI or NIE',
    '/applicant/email': 'Email address',
    '/representative': 'Representative',
    '/representative/name': 'Representative’s name',
    '/notification': 'Notifications',
    '/notification/channel': 'Channel',
    '/notification/address': 'Postal address',
    '/facts': 'Facts and reasons',
    '/request': 'Request',
    '/body': 'Addressed to',
    '/people': 'Number of people',
    '/consultData': 'I object to the council consulting my data itself',
    '/truthful': 'I declare that the data given is true',
    electronic: 'Electronic notification',
    post: 'Post',
    factsHelp: 'What happened, and why the citizen asks.',
    permit: 'Parking permit for residents',
  },
  ca: {
    title: 'Instància genèrica',
    '/applicant': 'Persona sol·licitant',
    '/applicant/name': 'Nom i cognoms',
    '/applicant/idNumber': 'DNI o NIE',
    '/applicant/email': 'Adreça electrònica',
    '/representative': 'Representant',
    '/representative/name': 'Nom del representant',
    '/notification': 'Notificacions',
    '/notification/channel': 'Canal',
    '/notification/address': 'Adreça postal',
    '/facts': 'Fets i raons',
    '/request': 'Sol·licitud',
    '/body': 'Òrgan al qual s’adreça',
    '/people': 'Nombre de persones',
    '/consultData': 'M’oposo que l’ajuntament consulti ell mateix les meves dades',
    '/truthful': 'Declaro que les dades són certes',
    electronic: 'Notificació electrònica',
    post: 'Correu postal',
    factsHelp: 'Què ha passat, i per què ho demana.',
    permit: 'Targeta d’aparcament per a residents',
  },
  es: {
    title: 'Instancia genérica',
    '/applicant': 'Persona solicitante',
    '/applicant/name': 'Nombre y apellidos',
    '/applicant/idNumber': 'DNI o NIE',
    '/applicant/email': 'Correo electrónico',
    '/representative': 'Representante',
    '/representative/name': 'Nombre del representante',
    '/notification': 'Notificaciones',
    '/notification/channel': 'Canal',
    '/notification/address': 'Dirección postal',
    '/facts': 'Hechos y razones',
    '/request': 'Solicitud',
    '/body': 'Órgano al que se dirige',
    '/people': 'Número de personas',
    '/consultData': 'Me opongo a que el ayuntamiento consulte él mismo mis datos',
    '/truthful': 'Declaro que los datos son ciertos',
    electronic: 'Notificación electrónica',
    post: 'Correo postal',
    factsHelp: 'Qué ha pasado, y por qué lo pide.',
    permit: 'Tarjeta de aparcamiento para residentes',
  },
};

/** The fields in the order the hints give them. */
const ORDER = [
  '/applicant',
  '/applicant/name',
  '/applicant/idNumber',
  '/applicant/email',
  '/representative',
  '/representative/name',
  '/notification',
  '/notification/channel',
  '/notification/address',
  '/facts',
  '/request',
  '/body',
  '/people',
  '/consultData',
  '/truthful',
];

/** The generic application, its schema's properties deliberately in another order than the hints'. */
export function genericForm(lang: Lang = 'en'): ApplicationForm {
  const l = LABELS[lang];
  return {
    id: 'generic',
    title: l.title,
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      required: ['applicant', 'notification', 'facts', 'request', 'truthful'],
      properties: {
        truthful: { type: 'boolean', const: true },
        facts: { type: 'string', minLength: 10, maxLength: 4000 },
        request: { type: 'string', maxLength: 4000 },
        applicant: {
          type: 'object',
          required: ['name', 'idNumber'],
          properties: {
            email: { type: 'string', format: 'email' },
            name: { type: 'string', maxLength: 120 },
            idNumber: { type: 'string', pattern: '^[0-9XYZ][0-9]{7}[A-Z]$' },
          },
        },
        representative: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 120 } } },
        notification: {
          type: 'object',
          required: ['channel'],
          properties: {
            channel: { type: 'string', oneOf: [{ const: 'electronic', title: l.electronic }, { const: 'post', title: l.post }] },
            address: { type: 'string', maxLength: 200 },
          },
        },
        body: { type: 'string', enum: ['L01080193 Ajuntament', 'Alcaldia', 'Urbanisme', 'Serveis socials', 'Hisenda'] },
        people: { type: 'integer', minimum: 1, maximum: 20 },
        consultData: { type: 'boolean' },
      },
    },
    fields: ORDER.map((pointer) => ({ pointer, label: l[pointer], help: pointer === '/facts' ? l.factsHelp : null })),
  };
}

/** A procedure's own form: a resident's parking permit. */
export function permitForm(lang: Lang = 'en'): ApplicationForm {
  const l = LABELS[lang];
  const plate = { en: 'Number plate', ca: 'Matrícula', es: 'Matrícula' }[lang];
  const street = { en: 'Street of residence', ca: 'Carrer de residència', es: 'Calle de residencia' }[lang];
  return {
    id: 'parking-permit',
    title: l.permit,
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      required: ['plate', 'street', 'truthful'],
      properties: {
        plate: { type: 'string', pattern: '^[0-9]{4}[A-Z]{3}$' },
        street: { type: 'string', maxLength: 120 },
        truthful: { type: 'boolean', const: true },
      },
    },
    fields: [
      { pointer: '/plate', label: plate, help: { en: 'Like 1234ABC.', ca: 'Com ara 1234ABC.', es: 'Como 1234ABC.' }[lang] },
      { pointer: '/street', label: street, help: null },
      { pointer: '/truthful', label: l['/truthful'], help: null },
    ],
  };
}

/** Half filled in: the applicant prefilled from the booking, the rest to do. */
export const halfFilled = { applicant: { name: 'Marta Puig Soler', idNumber: '12345678Z', email: 'marta@example.cat' }, notification: { channel: 'electronic' } };

/** Everything required, and a bit more. */
export const complete = {
  ...halfFilled,
  facts: 'The lift of my building has been broken for two months.',
  request: 'That the council inspects it.',
  body: 'Urbanisme',
  people: 3,
  truthful: true,
};

const SHA = '3f2a9c017be4d2108e65c4a1b7f0d3e29a5c6b8d0e1f2a3b4c5d6e7f8091a2b3';

export function agreementOf(state: Agreement['state'], overrides: Partial<Agreement> = {}): Agreement {
  const presented = state !== 'none' && state !== 'void';
  return {
    state,
    documentId: presented ? 'doc-1' : null,
    sha256: presented ? SHA : null,
    presentedAt: presented ? '2026-12-06T10:14:00.000Z' : null,
    answeredAt: state === 'agreed' || state === 'refused' ? '2026-12-06T10:16:30.000Z' : null,
    reason: null,
    signature: null,
    ...overrides,
  };
}

export const signature: NonNullable<Agreement['signature']> = {
  agentId: 'agent-1',
  agentName: 'Jordi Vidal',
  habilitation: 'HAB-2026-0042',
  algorithm: 'ECDSA-P256-SHA256',
  publicKeySha256: '9b1c4e7a2d5f80361e9a7c4b2d0f6e8a1c3b5d7f9e0a2c4b6d8f0e1a3c5b7d9f',
  signedAt: '2026-12-06T10:18:05.000Z',
};

export interface ProcedureOptions {
  lang?: Lang;
  form?: ApplicationForm | null;
  data?: Record<string, unknown>;
  attachments?: string[];
  version?: number;
  agreement?: Agreement;
  recording?: DeskProcedure['recording'];
  current?: DeskProcedure['current'];
}

export function procedureOf(options: ProcedureOptions = {}): DeskProcedure {
  const lang = options.lang ?? 'en';
  const current = options.current ?? 'application';
  const steps = ['identity', 'documents', 'application', 'agreement', 'receipt'] as const;
  const at = steps.indexOf(current);
  return {
    caseId: 'case-1',
    revision: 12,
    receipt: null,
    current,
    steps: steps.map((id, index) => ({ id, state: index < at ? 'done' : index === at ? 'current' : 'pending' })),
    identity: {
      booked: { name: 'Marta Puig Soler', idNumber: '12345678Z', idValid: true },
      consent: { state: 'accepted', textSha256: 'c0'.repeat(32), at: '2026-12-06T10:02:00.000Z' },
      requestedStill: null,
      stills: [],
      mrz: null,
      liveness: null,
      checklist: {},
      decision: { verified: true, reason: null, at: '2026-12-06T10:08:00.000Z', agentId: 'agent-1' },
    },
    application: {
      forms: [
        { id: 'generic', title: LABELS[lang].title },
        { id: 'parking-permit', title: LABELS[lang].permit },
      ],
      form: options.form === undefined ? genericForm(lang) : options.form,
      data: options.data ?? {},
      attachments: options.attachments ?? [],
      version: options.version ?? 3,
      errors: [],
    },
    agreement: options.agreement ?? agreementOf('none'),
    recording: options.recording ?? { required: true, running: true },
  };
}

/** The case's documents, as `GET /api/desk/cases/:id/documents` lists them. */
export function caseDocuments(): CaseDocumentsView {
  const doc = (id: string, fileName: string, state: 'received' | 'accepted' | 'rejected') => ({
    id,
    fileName,
    expected: null,
    contentType: 'application/pdf',
    bytes: 200_000,
    sha256: 'ab'.repeat(32),
    state,
    rejectionReason: state === 'rejected' ? 'Unreadable' : null,
    uploadedAt: '2026-12-06T09:50:00.000Z',
    scan: 'clean' as const,
    reviewedAt: null,
  });
  return {
    expected: [],
    documents: [doc('doc-a', 'dni-front.pdf', 'accepted'), doc('doc-b', 'rental-contract.pdf', 'received'), doc('doc-c', 'blurred.pdf', 'rejected')],
  };
}
