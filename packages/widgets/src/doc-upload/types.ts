/** Shapes of the server's answers about a case's documents (see the server's OpenAPI document). */

export type ExpectedStatus = 'missing' | 'received' | 'accepted' | 'rejected';
export type DocumentState = 'received' | 'accepted' | 'rejected';

/** The limits of one case: per file, and for the case as a whole. */
export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
  maxTotalBytes: number;
  /** MIME types the case takes. */
  types: string[];
}

/** A document the case's procedure asks for, and how far it got. */
export interface ExpectedDocument {
  id: string;
  name: string;
  status: ExpectedStatus;
}

/** A file the case holds. */
export interface CaseDocument {
  id: string;
  fileName: string;
  /** The expected document it stands for, if the citizen said. */
  expected: string | null;
  /** Decided by the server from the file's bytes. */
  contentType: string;
  bytes: number;
  sha256: string;
  state: DocumentState;
  /** Why the agent rejected it; the citizen sees it. */
  rejectionReason: string | null;
  uploadedAt: string;
}

/** `GET /api/councils/:council/documents/mine?token=`: the case a link grants uploads to. */
export interface MyDocuments {
  case: {
    reference: string;
    kind: 'callback' | 'appointment';
    /** Whether it still takes documents: a cancelled case does not. */
    open: boolean;
    procedure: { id: string; name: string } | null;
  };
  limits: UploadLimits;
  usage: { files: number; bytes: number };
  expected: ExpectedDocument[];
  documents: CaseDocument[];
}

/** `POST /api/desk/cases/:id/upload-links`. */
export interface UploadLink {
  url: string;
  token: string;
  expiresAt: string;
}
