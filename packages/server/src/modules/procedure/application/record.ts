/** A document of the case attached to the application, as it was when attached (documents never change once received). */
export interface AttachedDocument {
  id: string;
  fileName: string;
  /** The id of the procedure's expected document it answers, if any. */
  expected: string | null;
  sha256: string;
}

/** The application as stored in `procedures.application` (owned by this folder). */
export interface ApplicationRecord {
  formId: string | null;
  data: Record<string, unknown>;
  attachments: AttachedDocument[];
  version: number;
}

export function emptyApplication(): ApplicationRecord {
  return { formId: null, data: {}, attachments: [], version: 0 };
}
