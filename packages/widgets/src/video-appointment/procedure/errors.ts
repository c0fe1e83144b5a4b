import type { FinError } from '../../shared/errors.js';
import type { MessageKey } from '../../shared/i18n.js';

/** What a refused answer means to the citizen, by the server's code; anything else is "try again". */
const ERRORS: Partial<Record<string, MessageKey>> = {
  FIN_ERR_PROCEDURE_NOT_OPEN: 'myProcedureErrorNotOpen',
  FIN_ERR_STILL_NOT_REQUESTED: 'myProcedureErrorStillNotRequested',
  FIN_ERR_PAYLOAD_TOO_LARGE: 'myProcedureErrorTooLarge',
  FIN_ERR_DOCUMENT_TOO_LARGE: 'myProcedureErrorTooLarge',
  FIN_ERR_AGREEMENT_MISMATCH: 'myProcedureErrorMismatch',
  FIN_ERR_AGREEMENT_RECORDING_REQUIRED: 'myProcedureErrorRecording',
};

export const errorMessage = (error: FinError): MessageKey => ERRORS[error.code] ?? 'myProcedureError';
