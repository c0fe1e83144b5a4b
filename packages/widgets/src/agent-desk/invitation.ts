import type { MessageKey } from '../shared/i18n.js';
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
