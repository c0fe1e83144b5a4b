import type { DeskProcedure, FieldError } from '@finestreta/server/contract';
import { ApiClient, sendJson } from '../../shared/api.js';
import { ApiError, ErrorCode, type FinError } from '../../shared/errors.js';
import type { MessageKey } from '../../shared/i18n.js';

/** The desk's requests about one case's procedure, with the agent's session cookie. */
export class ProcedureRequests {
  private readonly client: ApiClient;

  constructor(
    api: string,
    private readonly caseId: string,
  ) {
    this.client = new ApiClient(api, undefined, { credentials: 'include' });
  }

  private path(rest: string): string {
    return `/api/desk/appointments/${encodeURIComponent(this.caseId)}/procedure${rest}`;
  }

  read(lang: string): Promise<DeskProcedure> {
    return this.client.get<DeskProcedure>(this.path(''), { query: { lang } });
  }

  /** The procedure answered is worded in `lang` (the forms' titles and labels, the server's messages). */
  post(rest: string, body: unknown, lang: string): Promise<DeskProcedure> {
    return this.client.post<DeskProcedure>(this.path(rest), body, { query: { lang } });
  }

  /** A PUT is not repeated on failure: the version it carries makes a resend fail anyway, and the next edit saves again. */
  put(rest: string, body: unknown, lang: string): Promise<DeskProcedure> {
    return sendJson<DeskProcedure>(this.client.url(this.path(rest), { lang }), { method: 'PUT', body, timeout: 10_000, credentials: 'include' });
  }

  /** `GET /api/desk/cases/:id/documents`: what can be attached. */
  documentsPath(): string {
    return `/api/desk/cases/${encodeURIComponent(this.caseId)}/documents`;
  }
}

/** The field errors a refused application carries: the error handler spreads an error's details into its body. */
export function fieldErrorsOf(error: FinError): FieldError[] {
  const body = error instanceof ApiError ? error.body : undefined;
  const errors = body?.errors ?? (body?.details as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? errors.filter((e): e is FieldError => typeof e?.pointer === 'string' && typeof e?.message === 'string') : [];
}

const PROCEDURE_ERRORS: Record<string, MessageKey> = {
  FIN_ERR_PROCEDURE_NOT_OPEN: 'procedureErrorNotOpen',
  FIN_ERR_PROCEDURE_CLOSED: 'procedureErrorClosed',
  FIN_ERR_PROCEDURE_STEP_ORDER: 'procedureErrorStepOrder',
  FIN_ERR_IDENTITY_NOT_VERIFIED: 'procedureErrorIdentityNotVerified',
  FIN_ERR_APPLICATION_INVALID: 'procedureErrorApplicationInvalid',
  FIN_ERR_AGREEMENT_MISSING: 'agreementErrorNotAgreed',
  FIN_ERR_AGREEMENT_NOT_PRESENTED: 'agreementErrorNotPresented',
  FIN_ERR_HABILITATION_REQUIRED: 'agreementErrorHabilitation',
  FIN_ERR_RATE_LIMITED: 'procedureErrorRateLimited',
  [ErrorCode.network]: 'procedureErrorNetwork',
  [ErrorCode.timeout]: 'procedureErrorNetwork',
};

/** What the agent reads about a refused request: the procedure's reasons in their words, anything else generic. */
export function procedureErrorKey(error: FinError): MessageKey {
  return PROCEDURE_ERRORS[error.code] ?? 'procedureErrorGeneric';
}
