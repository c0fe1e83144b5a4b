import { Type, type Static } from '@sinclair/typebox';
import { Language } from '../councils/schemas.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((value) => Type.Literal(value)));

export const DOCUMENT_STATES = ['received', 'accepted', 'rejected'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];
export const EXPECTED_STATES = ['missing', ...DOCUMENT_STATES] as const;
export type ExpectedState = (typeof EXPECTED_STATES)[number];
export const SCAN_RESULTS = ['clean', 'not_configured', 'unavailable'] as const;

export const Limits = Type.Object({
  maxFileBytes: Type.Integer(),
  maxFiles: Type.Integer(),
  maxTotalBytes: Type.Integer(),
  types: Type.Array(Type.String(), { description: 'Types accepted, decided from the bytes of each file' }),
});
export type Limits = Static<typeof Limits>;

export const Expected = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: literals(EXPECTED_STATES),
});
export type Expected = Static<typeof Expected>;

export const DocumentView = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  expected: Type.Union([Type.String(), Type.Null()]),
  contentType: Type.String({ description: 'Decided from the bytes' }),
  bytes: Type.Integer({ description: 'Of the file as stored (images without their metadata)' }),
  sha256: Type.String(),
  state: literals(DOCUMENT_STATES),
  rejectionReason: Type.Union([Type.String(), Type.Null()]),
  uploadedAt: Type.String({ format: 'date-time' }),
});
export type DocumentView = Static<typeof DocumentView>;

/** The desk also sees the malware scan's verdict and who reviewed the document. */
export const DeskDocument = Type.Object({
  ...DocumentView.properties,
  scan: Type.Union(SCAN_RESULTS.map((value) => Type.Literal(value)), {
    description: '`unavailable`: clamd could not be reached when it arrived, so it was kept unscanned',
  }),
  reviewedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type DeskDocument = Static<typeof DeskDocument>;

export const MyDocuments = Type.Object({
  case: Type.Object({
    reference: Type.String(),
    kind: literals(['callback', 'appointment'] as const),
    open: Type.Boolean({ description: 'Whether it still takes documents: a cancelled case does not (409 FIN_ERR_CASE_CLOSED)' }),
    procedure: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  }),
  limits: Limits,
  usage: Type.Object({
    files: Type.Integer({ description: 'Documents kept (rejected ones do not count)' }),
    bytes: Type.Integer(),
  }),
  expected: Type.Array(Expected),
  documents: Type.Array(DocumentView),
});
export type MyDocuments = Static<typeof MyDocuments>;

export const DeskCaseDocuments = Type.Object({ expected: Type.Array(Expected), documents: Type.Array(DeskDocument) });

export const TokenQuery = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }), lang: Type.Optional(Language) });
export type TokenQuery = Static<typeof TokenQuery>;

export const CaseParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export type CaseParams = Static<typeof CaseParams>;

export const DocumentParams = Type.Object({ documentId: Type.String({ minLength: 1, maxLength: 64 }) });
export type DocumentParams = Static<typeof DocumentParams>;

export const ContentQuery = Type.Object({ download: Type.Optional(literals(['1', 'true'] as const)) });
export type ContentQuery = Static<typeof ContentQuery>;

export const ReviewBody = Type.Object(
  {
    decision: literals(['accepted', 'rejected'] as const),
    reason: Type.Optional(Type.String({ maxLength: 500, description: 'Required when rejected; the citizen sees it' })),
  },
  { additionalProperties: false },
);
export type ReviewBody = Static<typeof ReviewBody>;

export const UploadLink = Type.Object({
  url: Type.String({ description: 'Opens the server’s /documents page with <doc-upload> for this case' }),
  token: Type.String({ description: 'Grants uploads to this case only' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const UploadParams = Type.Object({ council: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }), uploadId: Type.String({ pattern: '^[0-9a-f]{32}$' }) });
export type UploadParams = Static<typeof UploadParams>;
