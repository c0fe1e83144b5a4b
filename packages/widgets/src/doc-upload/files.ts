import { FinError } from '../shared/errors.js';
import type { UploadLimits } from './types.js';

/** The kinds of file a case can take; the server decides again from the bytes, this only saves a pointless upload. */
export type DocumentType = 'application/pdf' | 'image/jpeg' | 'image/png';

export const DocumentError = {
  type: 'FIN_ERR_DOCUMENT_TYPE',
  tooLarge: 'FIN_ERR_DOCUMENT_TOO_LARGE',
  limit: 'FIN_ERR_DOCUMENT_LIMIT',
  infected: 'FIN_ERR_DOCUMENT_INFECTED',
  unreadable: 'FIN_ERR_DOCUMENT_UNREADABLE',
  /** The case was cancelled: it takes no more documents. */
  caseClosed: 'FIN_ERR_CASE_CLOSED',
} as const;

/** The file as it will be sent: possibly smaller than the one chosen, and renamed when it became a JPEG. */
export interface PreparedFile {
  blob: Blob;
  name: string;
  /** What the first bytes say, or undefined when they are none of the allowed kinds. */
  type: DocumentType | undefined;
}

/** What the case already holds plus what is on its way. */
export interface Usage {
  files: number;
  bytes: number;
}

/** Refuses, before sending, what the server would refuse: the kind, the size, the case's count and total. */
export function checkFile(file: PreparedFile, limits: UploadLimits, usage: Usage): FinError | undefined {
  if (!file.type || !limits.types.includes(file.type)) return new FinError(DocumentError.type, `${file.name} is not one of ${limits.types.join(', ')}.`, false);
  if (file.blob.size > limits.maxFileBytes) return new FinError(DocumentError.tooLarge, `${file.name} has ${file.blob.size} bytes; the limit is ${limits.maxFileBytes}.`, false);
  if (usage.files + 1 > limits.maxFiles || usage.bytes + file.blob.size > limits.maxTotalBytes) {
    return new FinError(DocumentError.limit, `The case takes ${limits.maxFiles} files and ${limits.maxTotalBytes} bytes in all.`, false);
  }
  return undefined;
}
