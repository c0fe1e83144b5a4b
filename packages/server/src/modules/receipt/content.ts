import { canonicalJson } from '../../shared/json.js';
import type { Language } from '../councils/schemas.js';
import { sha256Hex } from '../procedure/application/save.js';
import type { ApplicationDocument, RecordingPosition } from '../procedure/schemas.js';

/**
 * What a receipt shows (LPAC art. 16.3 and 66.3): the registry entry, a copy of what the citizen
 * agreed to with every attachment's SHA-256, the proof of their will, and how to verify it.
 * Times are ISO 8601 instants; the receipt prints them in the council's time zone.
 */
export interface ReceiptContent {
  /** The citizen's language: every label, and the application as agreed, are in it. */
  language: Language;
  council: {
    name: string;
    /** Its code in the DIR3 directory, which the application is addressed to. */
    dir3Code: string | null;
    timeZone: string;
  };
  registry: { entryNumber: string; registeredAt: string };
  /** The procedure's name in `language`. */
  procedure: string;
  applicant: { name: string; idNumber: string | null };
  /** The exact document the citizen agreed to (its canonical JSON is what `agreement.sha256` hashes), attachments included. */
  application: ApplicationDocument;
  agreement: {
    agreedAt: string;
    sha256: string;
    /** Where the call's recording was when the citizen agreed (the `agreement.agreed` event's `data.recording`). */
    recording: RecordingPosition | null;
  };
  /** The habilitated employee who signed on the citizen's behalf (LPAC art. 12.2), from `agreement.signed`. */
  employee: { name: string; habilitation: string; signedAt: string };
  /** The verification code (CSV) and the page where anyone with it can check the receipt. */
  verification: { code: string; url: string };
}

/** The attached application's bytes: the canonical JSON the citizen's device hashed to agree. */
export const applicationBytes = (content: ReceiptContent): Buffer => Buffer.from(canonicalJson(content.application), 'utf8');

/**
 * Refuses a receipt that would contradict itself: a fingerprint that is not the attached
 * document's, or times that are not instants. These are the caller's mistakes, not the citizen's.
 */
export function checkContent(content: ReceiptContent): void {
  const sha256 = sha256Hex(canonicalJson(content.application));
  if (content.agreement.sha256 !== sha256) {
    throw new Error(`The agreement's fingerprint ${content.agreement.sha256} is not the application's ${sha256}`);
  }
  const times = [content.registry.registeredAt, content.agreement.agreedAt, content.employee.signedAt, content.agreement.recording?.partStartedAt];
  for (const time of times) {
    if (time !== undefined && Number.isNaN(Date.parse(time))) throw new Error(`${time} is not a date and time`);
  }
}
