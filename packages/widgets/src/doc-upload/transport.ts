import type { DetailedError, HttpResponse, Upload, UploadOptions } from 'tus-js-client';
import { ApiError, ErrorCode, FinError } from '../shared/errors.js';
import { DocumentError } from './files.js';

/** Big enough to keep a fast line busy, small enough that a dropped connection costs little to send again. */
export const CHUNK_SIZE = 5 * 1024 * 1024;
/** Retries within one attempt, in milliseconds; after them the widget waits for the connection or the citizen. */
export const RETRY_DELAYS = [0, 1000, 3000, 5000];

/** What one upload needs to know. */
export interface TransferOptions {
  /** The tus creation endpoint. */
  endpoint: string;
  /** Where an earlier attempt was created, to resume there. */
  uploadUrl: string | null;
  /** The case's grant, sent as `Authorization: Bearer`. */
  token: string;
  /** tus `Upload-Metadata`: filename, expected, filetype. */
  metadata: Record<string, string>;
}

/** What a transfer reports. After `pause` or `cancel` it reports nothing more. */
export interface TransferHandlers {
  /** The server created the upload at `url`: keep it to resume there. */
  onUrl(url: string): void;
  onProgress(sent: number, total: number): void;
  /** The server has the whole file; `documentId` from `Finestreta-Document`, null when the upload had finished earlier. */
  onSuccess(documentId: string | null): void;
  onError(error: FinError): void;
}

export interface Transfer {
  start(): void;
  /** Stops sending; the server keeps what it has, `start` continues from there. */
  pause(): Promise<void>;
  /** Stops sending and asks the server to forget the upload. */
  cancel(): Promise<void>;
}

/** Sends one file; the default speaks tus, tests and stories put a stand-in in its place. */
export type Transport = (blob: Blob, options: TransferOptions, handlers: TransferHandlers) => Transfer;

function finCode(response: HttpResponse | null | undefined): { code?: string; message?: string } {
  try {
    const body: unknown = JSON.parse(response?.getBody() ?? '');
    return body && typeof body === 'object' ? (body as { code?: string; message?: string }) : {};
  } catch {
    return {};
  }
}

/** 5xx, timeouts, rate limits, a locked upload and tus's offset conflict (a 409 other than the case's limit or a closed case) are worth another go. */
function transient(status: number, code: string | undefined): boolean {
  const final409 = code === DocumentError.limit || code === DocumentError.caseClosed;
  return status === 0 || status >= 500 || status === 408 || status === 423 || status === 429 || (status === 409 && !final409);
}

/** tus's error in the `{code, message, recoverable}` shape every widget reports; the server's code when it gave one. */
export function transferError(error: Error | DetailedError): FinError {
  const detailed = error as Partial<DetailedError>;
  if (!('originalRequest' in detailed) || !detailed.originalRequest) return new FinError(ErrorCode.unexpected, error.message, false);
  const response = detailed.originalResponse;
  const status = response?.getStatus() ?? 0;
  if (!response || status === 0) return new ApiError(ErrorCode.network, 'The server could not be reached.', true, 0);
  const { code, message } = finCode(response);
  if (status >= 500) return new ApiError(code ?? ErrorCode.internal, 'The service is temporarily unavailable.', true, status);
  return new ApiError(code ?? ErrorCode.requestFailed, message ?? `HTTP ${status}`, transient(status, code), status);
}

/** tus-js-client is loaded with the first upload, not with the page. */
let tusModule: Promise<typeof import('tus-js-client')> | undefined;

/**
 * A resumable upload with tus-js-client. Where it was created is reported through `onUrl` and kept
 * by the widget (with the file itself) in IndexedDB, so tus's own fingerprint store is not used.
 */
export const tusTransport: Transport = (blob, options, handlers) => {
  let upload: Upload | undefined;
  let stopped = false;
  const tusOptions: UploadOptions = {
    endpoint: options.endpoint,
    uploadUrl: options.uploadUrl,
    headers: { Authorization: `Bearer ${options.token}` },
    metadata: options.metadata,
    chunkSize: CHUNK_SIZE,
    retryDelays: RETRY_DELAYS,
    storeFingerprintForResuming: false,
    removeFingerprintOnSuccess: true,
    onShouldRetry: (error) => {
      const status = error.originalResponse?.getStatus() ?? 0;
      return navigator.onLine && transient(status, finCode(error.originalResponse).code);
    },
    onUploadUrlAvailable: () => {
      if (upload?.url) handlers.onUrl(upload.url);
    },
    onProgress: (sent, total) => handlers.onProgress(sent, total),
    onSuccess: ({ lastResponse }) => handlers.onSuccess(lastResponse.getHeader('Finestreta-Document') ?? null),
    onError: (error) => handlers.onError(transferError(error)),
  };
  return {
    start() {
      stopped = false;
      if (upload) return upload.start();
      tusModule ??= import('tus-js-client');
      tusModule.then(
        ({ Upload: TusUpload }) => {
          if (stopped) return;
          upload = new TusUpload(blob, tusOptions);
          upload.start();
        },
        (error: unknown) => {
          tusModule = undefined;
          handlers.onError(new FinError(ErrorCode.network, `The upload code could not be loaded: ${String(error)}`, true));
        },
      );
    },
    async pause() {
      stopped = true;
      await upload?.abort(false);
    },
    async cancel() {
      stopped = true;
      await upload?.abort(true);
    },
  };
};
