import { createHash, randomBytes } from 'node:crypto';

/**
 * What a citizen's token lets them do; a token for one purpose opens nothing else.
 * `appointment-view` is the calendar's: a calendar file travels to third-party calendar
 * services, so its link may open the appointment page and join the call, nothing more.
 * `call-interpreter` and `call-supervisor` are a third party's invitation into a running call.
 */
export type TokenPurpose = 'callback' | 'appointment' | 'appointment-view' | 'upload' | 'call-interpreter' | 'call-supervisor' | 'screen-help';

/** The stored form of a token: its SHA-256, so that a copy of the database opens no case. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * The calendar's token of a personal-link token. Derived rather than random, so every calendar
 * file made from one link carries the same token (no new row per download), and one-way, so
 * the calendar's token never leads back to the personal link.
 */
export const calendarToken = (token: string): string => createHash('sha256').update(`appointment-view:${token}`).digest('base64url');

/** A fresh random token (32 bytes, base64url, fit for a URL) and the hash to store. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}
