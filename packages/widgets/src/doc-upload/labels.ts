import type { MessageKey } from '../shared/i18n.js';
import type { ExpectedStatus } from './types.js';
import './translations/index.js';

/** A document's status in words, as the citizen and the agent both read it. */
export const STATUS_LABELS: Record<ExpectedStatus, MessageKey> = {
  missing: 'docUploadStatusMissing',
  received: 'docUploadStatusReceived',
  accepted: 'docUploadStatusAccepted',
  rejected: 'docUploadStatusRejected',
};

/** What people call the kinds of file a case takes. */
export const TYPE_NAMES: Partial<Record<string, string>> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };

/** A file's size as people read it: "850 kB", "2.4 MB" (binary multiples, as the limits are set). */
export function formatBytes(bytes: number, locale: string): string {
  const mb = bytes / (1024 * 1024);
  const [value, unit] = mb >= 1 ? [mb, 'megabyte'] : [Math.max(1, Math.round(bytes / 1024)), 'kilobyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

/** A fraction as a percentage: "25 %" or "25%", as the language writes it. */
export function formatPercent(fraction: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent' }).format(fraction);
}

/** The kinds of file a case takes, as a list in words: "PDF, JPEG and PNG" (`conjunction`) or "… or PNG" (`disjunction`). */
export function formatTypes(types: readonly string[], locale: string, type: 'conjunction' | 'disjunction'): string {
  return new Intl.ListFormat(locale, { type }).format(types.map((t) => TYPE_NAMES[t] ?? t));
}
