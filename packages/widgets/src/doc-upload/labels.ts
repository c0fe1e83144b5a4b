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
