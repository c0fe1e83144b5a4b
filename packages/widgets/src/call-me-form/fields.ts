import { isEmail, isInvalidPhone, NAME_MAX } from '../shared/contact-fields.js';
import type { MessageKey } from '../shared/i18n.js';
import './translations/index.js';

export { NAME_MAX };

/** The form's fields in the order they appear, which is the order of the error summary. */
export const FIELDS = ['topic', 'slot', 'name', 'phone', 'email', 'description', 'consent'] as const;
export type Field = (typeof FIELDS)[number];

export interface Values {
  topic: string;
  /** `asap`, `pick` (a day and time to choose) or the start of a slot. */
  when: string;
  /** The start of the chosen slot when `when` is `pick`. */
  time: string;
  name: string;
  phone: string;
  email: string;
  description: string;
  consent: boolean;
  /** The honeypot: people never see it, so only a bot fills it in. */
  website: string;
}

export type FieldErrors = Partial<Record<Field, MessageKey>>;

export const emptyValues = (): Values => ({ topic: '', when: '', time: '', name: '', phone: '', email: '', description: '', consent: false, website: '' });

export const DESCRIPTION_MAX = 500;
/** The counter is announced only this close to the limit, so typing is not drowned in announcements. */
export const ANNOUNCE_WITHIN = 50;

/** The slot to send: `asap`, or the start of the chosen one (empty when none was chosen). */
export function chosenSlot(values: Values): string {
  return values.when === 'pick' ? values.time : values.when;
}

/** What is wrong with the form, field by field. */
export function validate(values: Values): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.topic) errors.topic = 'callMeErrorTopicUnknown';
  if (!chosenSlot(values)) errors.slot = 'callMeErrorSlotRequired';
  const name = values.name.trim();
  if (!name) errors.name = 'callMeErrorNameRequired';
  else if (name.length > NAME_MAX) errors.name = 'callMeErrorNameTooLong';
  if (!values.phone.trim()) errors.phone = 'callMeErrorPhoneRequired';
  else if (isInvalidPhone(values.phone)) errors.phone = 'callMeErrorPhoneInvalid';
  if (values.email.trim() && !isEmail(values.email)) errors.email = 'callMeErrorEmailInvalid';
  if (!values.description.trim()) errors.description = 'callMeErrorDescriptionRequired';
  else if (values.description.length > DESCRIPTION_MAX) errors.description = 'callMeErrorDescriptionTooLong';
  if (!values.consent) errors.consent = 'callMeErrorConsentRequired';
  return errors;
}

/** The message for a field error the server reported; `FIN_ERR_VALIDATION` gets the field's own check. */
export function serverFieldError(code: string, field: string | undefined): [Field, MessageKey] | undefined {
  switch (code) {
    case 'FIN_ERR_PHONE_INVALID':
      return ['phone', 'callMeErrorPhoneInvalid'];
    // The number is right: a call for it is already pending, which the field must say.
    case 'FIN_ERR_CALLBACK_ALREADY_OPEN':
      return ['phone', 'callMeErrorAlreadyOpen'];
    case 'FIN_ERR_EMAIL_INVALID':
      return ['email', 'callMeErrorEmailInvalid'];
    case 'FIN_ERR_CONSENT_REQUIRED':
      return ['consent', 'callMeErrorConsentRequired'];
    case 'FIN_ERR_TOPIC_UNKNOWN':
      return ['topic', 'callMeErrorTopicUnknown'];
    case 'FIN_ERR_SLOT_UNAVAILABLE':
      return ['slot', 'callMeErrorSlotUnavailable'];
  }
  const generic: Partial<Record<string, [Field, MessageKey]>> = {
    topic: ['topic', 'callMeErrorTopicUnknown'],
    slot: ['slot', 'callMeErrorSlotUnavailable'],
    name: ['name', 'callMeErrorNameTooLong'],
    phone: ['phone', 'callMeErrorPhoneInvalid'],
    email: ['email', 'callMeErrorEmailInvalid'],
    description: ['description', 'callMeErrorDescriptionTooLong'],
    consent: ['consent', 'callMeErrorConsentRequired'],
  };
  return field ? generic[field] : undefined;
}
