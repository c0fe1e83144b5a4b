/** The application as stored in `procedures.application` (owned by this folder). */
export interface ApplicationRecord {
  formId: string | null;
  data: Record<string, unknown>;
  attachments: string[];
  version: number;
}

export function emptyApplication(): ApplicationRecord {
  return { formId: null, data: {}, attachments: [], version: 0 };
}
