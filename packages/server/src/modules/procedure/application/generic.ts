import type { ApplicationFormConfig } from '../../councils/schemas.js';
import { FORM_DIALECT } from '../../councils/form-schema.js';

const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const filled = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;

/**
 * The generic application (instància genèrica) every council offers: what LPAC art. 66.1 asks of
 * any application — who applies and who represents them, where to notify them, the facts and
 * reasons, the request, the body it is addressed to with its DIR3 code — and the usual
 * declarations (truthfulness, the art. 28 objection to the council consulting data itself, the
 * privacy notice). The attachments are chosen apart, from the case's documents.
 */
export const GENERIC_FORM: ApplicationFormConfig = {
  title: { ca: 'Instància genèrica', es: 'Instancia genérica', en: 'General application' },
  schema: {
    $schema: FORM_DIALECT,
    type: 'object',
    additionalProperties: false,
    required: ['applicant', 'notification', 'statement', 'addressee', 'declarations'],
    properties: {
      applicant: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'idNumber'],
        properties: { name: filled(200), idNumber: filled(20), email: { type: 'string', format: 'email', maxLength: 254 }, phone: text(30) },
      },
      representative: {
        type: 'object',
        additionalProperties: false,
        properties: { name: text(200), idNumber: text(20) },
      },
      notification: {
        type: 'object',
        additionalProperties: false,
        required: ['channel', 'address'],
        properties: { channel: { type: 'string', enum: ['electronic', 'postal'] }, address: filled(500) },
      },
      statement: {
        type: 'object',
        additionalProperties: false,
        required: ['facts', 'request'],
        properties: { facts: filled(10_000), request: filled(10_000) },
      },
      addressee: {
        type: 'object',
        additionalProperties: false,
        required: ['body'],
        properties: { body: filled(200), code: { type: 'string', pattern: '^[A-Z0-9]{9}$' } },
      },
      declarations: {
        type: 'object',
        additionalProperties: false,
        required: ['truthful', 'consultation', 'privacy'],
        properties: {
          truthful: { type: 'boolean', const: true },
          consultation: { type: 'string', enum: ['allow', 'object'] },
          privacy: { type: 'boolean', const: true },
        },
      },
    },
  },
  fields: [
    { pointer: '/applicant', label: { ca: 'Sol·licitant', es: 'Solicitante', en: 'Applicant' } },
    { pointer: '/applicant/name', label: { ca: 'Nom i cognoms', es: 'Nombre y apellidos', en: 'Full name' } },
    { pointer: '/applicant/idNumber', label: { ca: 'DNI o NIE', es: 'DNI o NIE', en: 'DNI or NIE' } },
    { pointer: '/applicant/email', label: { ca: 'Adreça electrònica', es: 'Correo electrónico', en: 'Email address' } },
    { pointer: '/applicant/phone', label: { ca: 'Telèfon', es: 'Teléfono', en: 'Phone' } },
    {
      pointer: '/representative',
      label: { ca: 'Representant', es: 'Representante', en: 'Representative' },
      help: { ca: 'Només si algú actua en nom del sol·licitant', es: 'Solo si alguien actúa en nombre del solicitante', en: 'Only if someone acts on behalf of the applicant' },
    },
    { pointer: '/representative/name', label: { ca: 'Nom i cognoms o raó social', es: 'Nombre y apellidos o razón social', en: 'Full name or company name' } },
    { pointer: '/representative/idNumber', label: { ca: 'DNI, NIE o NIF', es: 'DNI, NIE o NIF', en: 'DNI, NIE or tax number' } },
    { pointer: '/notification', label: { ca: 'Notificacions', es: 'Notificaciones', en: 'Notifications' } },
    {
      pointer: '/notification/channel',
      label: { ca: 'Mitjà preferent', es: 'Medio preferente', en: 'Preferred channel' },
      options: {
        electronic: { ca: 'Electrònic, a la seu electrònica', es: 'Electrónico, en la sede electrónica', en: "Electronic, at the council's e-office" },
        postal: { ca: 'En paper, per correu postal', es: 'En papel, por correo postal', en: 'On paper, by post' },
      },
    },
    {
      pointer: '/notification/address',
      label: { ca: 'Adreça per a les notificacions', es: 'Dirección para las notificaciones', en: 'Address for notifications' },
      help: {
        ca: "L'adreça electrònica on rebre l'avís, o l'adreça postal",
        es: 'El correo electrónico donde recibir el aviso, o la dirección postal',
        en: 'The email address to be told at, or the postal address',
      },
    },
    { pointer: '/statement', label: { ca: 'Exposició i sol·licitud', es: 'Exposición y solicitud', en: 'Statement and request' } },
    {
      pointer: '/statement/facts',
      label: { ca: 'Exposo', es: 'Expongo', en: 'Facts and reasons' },
      help: { ca: 'Els fets i les raons de la sol·licitud', es: 'Los hechos y las razones de la solicitud', en: 'The facts and the reasons for the application' },
    },
    {
      pointer: '/statement/request',
      label: { ca: 'Sol·licito', es: 'Solicito', en: 'Request' },
      help: { ca: 'Què es demana a l’Ajuntament', es: 'Qué se pide al Ayuntamiento', en: 'What is asked of the council' },
    },
    { pointer: '/addressee', label: { ca: "Òrgan al qual s'adreça", es: 'Órgano al que se dirige', en: 'Addressed to' } },
    { pointer: '/addressee/body', label: { ca: 'Òrgan', es: 'Órgano', en: 'Body' } },
    {
      pointer: '/addressee/code',
      label: { ca: 'Codi DIR3', es: 'Código DIR3', en: 'DIR3 code' },
      help: { ca: "El codi de l'òrgan al directori comú (9 caràcters)", es: 'El código del órgano en el directorio común (9 caracteres)', en: "The body's code in the common directory (9 characters)" },
    },
    { pointer: '/declarations', label: { ca: 'Declaracions', es: 'Declaraciones', en: 'Declarations' } },
    {
      pointer: '/declarations/truthful',
      label: {
        ca: "Declaro que les dades d'aquesta sol·licitud i els documents que l'acompanyen són certs.",
        es: 'Declaro que los datos de esta solicitud y los documentos que la acompañan son ciertos.',
        en: 'I declare that the details of this application and the documents attached to it are true.',
      },
    },
    {
      pointer: '/declarations/consultation',
      label: { ca: 'Consulta de dades (art. 28 de la Llei 39/2015)', es: 'Consulta de datos (art. 28 de la Ley 39/2015)', en: 'Consulting data (art. 28 of Law 39/2015)' },
      options: {
        allow: {
          ca: "No m'oposo que l'Ajuntament consulti les dades i els documents que ja tenen les administracions públiques.",
          es: 'No me opongo a que el Ayuntamiento consulte los datos y documentos que ya obran en poder de las administraciones públicas.',
          en: 'I do not object to the council consulting the data and documents that public administrations already hold.',
        },
        object: {
          ca: "M'oposo que l'Ajuntament consulti les meves dades i aportaré jo mateix els documents.",
          es: 'Me opongo a que el Ayuntamiento consulte mis datos y aportaré yo mismo los documentos.',
          en: 'I object to the council consulting my data and will provide the documents myself.',
        },
      },
    },
    {
      pointer: '/declarations/privacy',
      label: {
        ca: "He estat informat del tractament de les meves dades personals segons l'avís de privadesa de l'Ajuntament.",
        es: 'He sido informado del tratamiento de mis datos personales según el aviso de privacidad del Ayuntamiento.',
        en: "I have been told how my personal data are processed, as the council's privacy notice explains.",
      },
    },
  ],
};
