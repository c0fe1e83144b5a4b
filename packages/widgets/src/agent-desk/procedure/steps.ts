import type { DeskProcedure, ProcedureStepId } from '@finestreta/server/contract';
import { ApiError } from '../../shared/errors.js';
import type { MessageKey } from '../../shared/i18n.js';

export const STEP_LABELS: Record<ProcedureStepId, MessageKey> = {
  identity: 'deskProcedureStepIdentity',
  documents: 'deskProcedureStepDocuments',
  application: 'deskProcedureStepApplication',
  agreement: 'deskProcedureStepAgreement',
  receipt: 'deskProcedureStepReceipt',
};

export const STATE_LABELS: Record<DeskProcedure['steps'][number]['state'], MessageKey> = {
  pending: 'deskProcedureStatePending',
  current: 'deskProcedureStateCurrent',
  done: 'deskProcedureStateDone',
  failed: 'deskProcedureStateFailed',
};

/** Why a step is not done yet, as the reason a move past it is not possible. */
const UNFINISHED: Record<ProcedureStepId, MessageKey> = {
  identity: 'deskProcedureWhyIdentity',
  documents: 'deskProcedureWhyDocuments',
  application: 'deskProcedureWhyApplication',
  agreement: 'deskProcedureWhyAgreement',
  receipt: 'deskProcedureWhyAgreement',
};

/** Whether the agent may move to a step, and why not; going back past an agreement asked for or given voids it. */
export type Move = { allowed: true; voids: boolean } | { allowed: false; why: MessageKey };

/**
 * The server's rule (procedure/core.ts `goTo`), said before the agent tries: forward once every
 * step before the target is done — the documents step being done by the agent's word that they
 * checked them —, back to redo any step until the agent signed.
 */
export function moveTo(procedure: DeskProcedure, target: ProcedureStepId): Move {
  if (procedure.agreement.signature) return { allowed: false, why: 'deskProcedureWhySigned' };
  const order = procedure.steps.map((step) => step.id);
  const to = order.indexOf(target);
  const from = order.indexOf(procedure.current);
  if (to < from) {
    const voids = (procedure.agreement.state === 'presented' || procedure.agreement.state === 'agreed') && to < order.indexOf('agreement');
    return { allowed: true, voids };
  }
  const unfinished = procedure.steps.slice(0, to).find((step) => step.state !== 'done' && !(step.id === 'documents' && step.state === 'current'));
  if (!unfinished) return { allowed: true, voids: false };
  if (unfinished.id === 'identity' && unfinished.state === 'failed') return { allowed: false, why: 'deskProcedureWhyIdentityFailed' };
  return { allowed: false, why: UNFINISHED[unfinished.id] };
}

const ERROR_TEXTS: Partial<Record<string, MessageKey>> = {
  FIN_ERR_PROCEDURE_STEP_ORDER: 'deskProcedureErrorStepOrder',
  FIN_ERR_PROCEDURE_NOT_OPEN: 'deskProcedureErrorNotOpen',
  FIN_ERR_PROCEDURE_CLOSED: 'deskProcedureErrorClosed',
  FIN_ERR_IDENTITY_CONSENT_REQUIRED: 'deskProcedureErrorConsent',
};

/**
 * What to tell the agent about a failed request: the desk's own words for the codes it knows,
 * otherwise the server's message for a 4xx (it names what is wrong), a neutral text for the rest.
 */
export function errorText(error: unknown, t: (key: MessageKey, params?: Record<string, string>) => string): string {
  const code = error instanceof ApiError ? error.code : undefined;
  const known = code ? ERROR_TEXTS[code] : undefined;
  if (known) return t(known);
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return t('deskProcedureError', { message: error.message });
  return t('deskProcedureErrorGeneric');
}
