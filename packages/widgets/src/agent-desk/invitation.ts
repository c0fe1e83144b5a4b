import { html, nothing, type TemplateResult } from 'lit';
import { renderInputField } from '../shared/form-fields.js';
import type { I18nController, MessageKey } from '../shared/i18n.js';
import './translations/index.js';

/** As the server asks (MIN_PASSWORD_LENGTH): a passphrase of three words. */
export const MIN_PASSWORD_LENGTH = 12;

export type InvitationField = 'newPassword' | 'repeatPassword';
export type InvitationValues = Record<InvitationField, string>;

/**
 * The token of an invitation link (`/desk?council=…#invitation=…`), taken out of the address bar
 * so that it is not bookmarked, shared or left in the history; undefined without one.
 */
export function takeInvitationToken(location: Location, history: History): string | undefined {
  const token = /^#invitation=([\w-]+)$/.exec(location.hash)?.[1];
  if (token) history.replaceState(history.state, '', location.pathname + location.search);
  return token;
}

/** What is wrong with the new password, field by field. */
export function validateInvitation({ newPassword, repeatPassword }: InvitationValues): Partial<Record<InvitationField, MessageKey>> {
  if ([...newPassword].length < MIN_PASSWORD_LENGTH) return { newPassword: 'deskInvitationErrorShort' };
  if (newPassword !== repeatPassword) return { repeatPassword: 'deskInvitationErrorMismatch' };
  return {};
}

export interface InvitationForm {
  i18n: I18nController;
  values: InvitationValues;
  errors: Partial<Record<InvitationField, MessageKey>>;
  /** What the server said, shown in place of the fields' own errors. */
  formError: MessageKey | undefined;
  busy: boolean;
  /** The desk's error summary, which links each error to its field. */
  summary: (items: [InvitationField, MessageKey][]) => TemplateResult;
  /** A field changed: the host keeps its value, read afresh at each input. */
  onInput: (field: InvitationField, value: string) => void;
  onSubmit: (event: SubmitEvent) => void;
}

/** `<agent-desk>`'s view of an invitation link: the agent chooses their password, twice. */
export function renderInvitationForm({ i18n, values, errors, formError, busy, summary, onInput, onSubmit }: InvitationForm) {
  const items: [InvitationField, MessageKey][] = formError ? [['newPassword', formError]] : (Object.entries(errors) as [InvitationField, MessageKey][]);
  const field = (id: InvitationField, label: MessageKey) =>
    renderInputField({
      id,
      type: 'password',
      autocomplete: 'new-password',
      label: i18n.t(label),
      error: errors[id] && i18n.t(errors[id]),
      required: true,
      value: values[id],
      onInput: (value) => onInput(id, value),
      onBlur: () => undefined,
    });
  return html`<div part="base">
    <h1 part="heading" tabindex="-1">${i18n.t('deskInvitationTitle')}</h1>
    <p>${i18n.t('deskInvitationIntro')}</p>
    ${items.length ? summary(items) : nothing}
    <form part="form" novalidate @submit=${onSubmit}>
      ${field('newPassword', 'deskInvitationPassword')} ${field('repeatPassword', 'deskInvitationRepeat')}
      <button part="submit-button" type="submit" aria-disabled=${busy ? 'true' : 'false'}>${i18n.t('deskInvitationSubmit')}</button>
    </form>
  </div>`;
}
