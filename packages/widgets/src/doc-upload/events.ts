const init = { bubbles: true, composed: true } as const;

/** Which file an upload event is about. */
export interface UploadFileDetail {
  /** The widget's id for this file, the same in every event about it. */
  id: string;
  fileName: string;
  /** The expected document it is for, or null. */
  expected: string | null;
}

/** Fired by `<doc-upload>` as a file is sent. */
export class FinUploadProgressEvent extends CustomEvent<UploadFileDetail & { bytesSent: number; bytesTotal: number }> {
  constructor(file: UploadFileDetail, bytesSent: number, bytesTotal: number) {
    super('fin-upload-progress', { ...init, detail: { ...file, bytesSent, bytesTotal } });
  }
}

/** Fired by `<doc-upload>` when the server has kept a file as one of the case's documents. */
export class FinUploadCompleteEvent extends CustomEvent<UploadFileDetail & { documentId: string | null }> {
  constructor(file: UploadFileDetail, documentId: string | null) {
    super('fin-upload-complete', { ...init, detail: { ...file, documentId } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'fin-upload-progress': FinUploadProgressEvent;
    'fin-upload-complete': FinUploadCompleteEvent;
  }
}
