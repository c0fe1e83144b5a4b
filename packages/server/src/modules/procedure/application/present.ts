import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Agent } from '../../agents/store.js';
import type { CouncilConfig, Language } from '../../councils/schemas.js';
import { AppError } from '../../../shared/errors.js';
import { canonicalJson } from '../../../shared/json.js';
import { emptyAgreement } from '../agreement/record.js';
import { goTo, voidAgreement, type ProcedureCase } from '../core.js';
import { renderDocument } from './document.js';
import { findForm } from './forms.js';
import { attachable, sha256Hex } from './save.js';
import { invalidData, judge } from './validate.js';

/** What the presented document's bytes are: the ApplicationDocument as canonical JSON in UTF-8. */
export const PRESENTED_TYPE = 'application/json';

/**
 * Presents the final application for the citizen's agreement, once their identity is verified
 * and the application is complete: renders it in the case's language (the citizen's), stores
 * those exact bytes with their SHA-256 — what the citizen agrees to and what is registered — and
 * moves on to the agreement step. Presenting a changed document replaces, and voids, what was
 * presented before.
 * Errors are worded in the agent's `language`.
 */
export async function presentApplication(fastify: FastifyInstance, council: CouncilConfig, agent: Agent, found: ProcedureCase, language: Language): Promise<void> {
  const caseLanguage = council.languages.find((each) => each === found.language) ?? council.defaultLanguage;
  await fastify.procedure.core.write(found, `agent:${agent.id}`, async (record, trx) => {
    if (!record.identity.decision?.verified) throw new AppError('FIN_ERR_IDENTITY_NOT_VERIFIED');
    const { application } = record;
    const form = application.formId === null ? undefined : findForm(council, application.formId);
    if (!form) throw new AppError('FIN_ERR_APPLICATION_INVALID', 'Choose a form and fill in the application first', undefined, invalidData([]));
    const { invalid, missing } = judge(form.schema, application.data, language);
    if (invalid.length + missing.length > 0) {
      throw new AppError('FIN_ERR_APPLICATION_INVALID', 'The application is not complete', undefined, invalidData([...invalid, ...missing]));
    }

    // A document rejected since it was attached is not presented as part of the application.
    await attachable(trx, found.id, application.attachments.map(({ id }) => id));
    const body = canonicalJson(renderDocument(council, found, form, application, caseLanguage));
    const sha256 = sha256Hex(body);
    // The very document again (a second click, say) leaves what the citizen was asked or answered as it is.
    const { agreement } = record;
    if ((agreement.state === 'presented' || agreement.state === 'agreed') && agreement.sha256 === sha256) return { events: [] };

    record.steps.application = 'done';
    const moved = goTo(record, 'agreement');
    const voided = voidAgreement(record, 'presented again');
    const documentId = randomUUID();
    const presentedAt = fastify.now().toISOString();
    await trx
      .insertInto('application_documents')
      .values({ id: documentId, case_id: found.id, language: caseLanguage, content_type: PRESENTED_TYPE, body, sha256, presented_at: presentedAt, presented_by: agent.id })
      .execute();
    record.agreement = { ...emptyAgreement(), state: 'presented', documentId, sha256, presentedAt };
    return {
      events: [
        ...moved,
        ...voided,
        {
          type: 'agreement.presented',
          data: { documentId, sha256, bytes: Buffer.byteLength(body, 'utf8'), language: caseLanguage, formId: form.id, version: application.version },
        },
      ],
    };
  });
}
