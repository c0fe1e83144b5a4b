/**
 * Shapes of the server's answers about a case's documents: the server's own (its schemas define
 * them once, packages/server/src/contract.ts), so a change there that breaks a widget fails the
 * type check.
 */
export type {
  CaseDocument,
  DocumentState,
  ExpectedDocument,
  ExpectedStatus,
  MyDocuments,
  UploadLimits,
  UploadLink,
} from '@finestreta/server/contract';
