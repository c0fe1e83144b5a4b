import { isEmail, isInvalidPhone, NAME_MAX } from '../shared/contact-fields.js';
import type { MessageKey } from '../shared/i18n.js';
import { isValidIdDocument } from '../shared/id-document.js';
import './translations/index.js';

/** The booking's fields in the order they appear, which is the order of the error summary. */
export const FIELDS = ['procedure', 'slot', 'name', 'email', 'phone', 'idDocument', 'consent'] as const;
export type Field = (typeof FIELDS)[number];

/** The steps of the booking and the fields each asks for. */
export const STEPS = [
  { heading: 'appointmentStepProcedure', fields: ['procedure'] },
  { heading: 'appointmentStepWhen', fields: ['slot'] },
  { heading: 'appointmentStepDetails', fields: ['name', 'email', 'phone', 'idDocument', 'consent'] },
] as const satisfies readonly { heading: MessageKey; fields: readonly Field[] }[];

export type Step = 0 | 1 | 2;

export interface Values {
  procedure: string;
  /** The start of the chosen slot. */
  slot: string;
  name: string;
  email: string;
  phone: string;
  idDocument: string;
  consent: boolean;
  /** The honeypot: people never see it, so only a bot fills it in. */
  website: string;
}

export type FieldErrors = Partial<Record<Field, MessageKey>>;

export const emptyValues = (): Values => ({ procedure: '', slot: '', name: '', email: '', phone: '', idDocument: '', consent: false, website: '' });

/** What is wrong with the booking, field by field. */
export function validate(values: Values): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.procedure) errors.procedure = 'appointmentErrorProcedureRequired';
  if (!values.slot) errors.slot = 'appointmentErrorSlotRequired';
  const name = values.name.trim();
  if (!name) errors.name = 'appointmentErrorNameRequired';
  else if (name.length > NAME_MAX) errors.name = 'appointmentErrorNameTooLong';
  if (!values.email.trim()) errors.email = 'appointmentErrorEmailRequired';
  else if (!isEmail(values.email)) errors.email = 'appointmentErrorEmailInvalid';
  if (!values.phone.trim()) errors.phone = 'appointmentErrorPhoneRequired';
  else if (isInvalidPhone(values.phone)) errors.phone = 'appointmentErrorPhoneInvalid';
  if (values.idDocument.trim() && !isValidIdDocument(values.idDocument)) errors.idDocument = 'appointmentErrorIdDocumentInvalid';
  if (!values.consent) errors.consent = 'appointmentErrorConsentRequired';
  return errors;
}

/** The step a field is asked in. */
export function stepOf(field: Field): Step {
  return STEPS.findIndex((step) => (step.fields as readonly Field[]).includes(field)) as Step;
}

/** The message for a field error the server reported; `FIN_ERR_VALIDATION` gets the field's own check. */
export function serverFieldError(code: string, field: string | undefined): [Field, MessageKey] | undefined {
  const byCode: Partial<Record<string, [Field, MessageKey]>> = {
    FIN_ERR_PROCEDURE_UNKNOWN: ['procedure', 'appointmentErrorProcedureUnknown'],
    FIN_ERR_SLOT_UNAVAILABLE: ['slot', 'appointmentErrorSlotUnavailable'],
    FIN_ERR_PHONE_INVALID: ['phone', 'appointmentErrorPhoneInvalid'],
    FIN_ERR_EMAIL_INVALID: ['email', 'appointmentErrorEmailInvalid'],
    FIN_ERR_ID_DOCUMENT_INVALID: ['idDocument', 'appointmentErrorIdDocumentInvalid'],
    FIN_ERR_CONSENT_REQUIRED: ['consent', 'appointmentErrorConsentRequired'],
  };
  if (byCode[code]) return byCode[code];
  const byField: Partial<Record<string, [Field, MessageKey]>> = {
    procedure: ['procedure', 'appointmentErrorProcedureUnknown'],
    slot: ['slot', 'appointmentErrorSlotUnavailable'],
    name: ['name', 'appointmentErrorNameTooLong'],
    email: ['email', 'appointmentErrorEmailInvalid'],
    phone: ['phone', 'appointmentErrorPhoneInvalid'],
    idDocument: ['idDocument', 'appointmentErrorIdDocumentInvalid'],
    consent: ['consent', 'appointmentErrorConsentRequired'],
  };
  return field ? byField[field] : undefined;
}

/** Whole minutes, hours and days until `target`, for a countdown that changes once a minute. */
export function remaining(now: number, target: number): { days: number; hours: number; minutes: number } {
  const minutes = Math.max(0, Math.ceil((target - now) / 60_000));
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}
