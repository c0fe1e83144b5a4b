import { buffer } from 'node:stream/consumers';
import type { FastifyInstance } from 'fastify';
import { lockCase } from '../../db/index.js';
import { APPOINTMENT_TEXTS } from '../appointments/texts.js';
import { languageFor } from '../councils/language.js';
import { composeMail } from '../mail/compose.js';
import type { ProcedureCase } from '../procedure/core.js';
import { localize } from '../councils/language.js';
import type { VerifiableDocument } from '../registry/store.js';
import { documentFilename } from '../registry/verify.js';
import type { Localized } from '../councils/schemas.js';
import { formatInstant } from './format.js';
import { RECEIPT_MAIL_TEXTS } from './mail-texts.js';

/** The evidence event that records the receipt was emailed, and so that it is not emailed again. */
export const MAILED = 'receipt.mailed';

/** Whether the case's receipt was emailed already. */
export const wasMailed = async (fastify: FastifyInstance, caseId: string): Promise<boolean> =>
  (await fastify.evidence.list(caseId)).some((event) => event.type === MAILED);

/**
 * Emails the citizen their sealed receipt, in their language, and records it in the case's
 * evidence (`receipt.mailed`, with the address and the fingerprint of what was attached). The
 * email names the verification page but not the code: mail passes through third parties, and
 * the code opens the document; it is printed on the attached receipt. The caller holds the
 * case's receipt claim, so two processes do not both send; a crash between the send and the
 * record is the one window in which a retry sends it twice.
 */
export async function mailReceipt(fastify: FastifyInstance, found: ProcedureCase, document: VerifiableDocument): Promise<void> {
  if (!found.citizenEmail) return;
  const council = await fastify.procedure.council(found);
  const language = languageFor(council, found.language);
  const t = RECEIPT_MAIL_TEXTS[language];
  const common = APPOINTMENT_TEXTS[language];
  // Under the link base as it is, path and all, like the address printed on the receipt.
  const verify = `${fastify.config.linkBase}/verify?${new URLSearchParams({ lang: language })}`;
  const { text, html } = composeMail(language, [
    { paragraph: common.greeting(found.citizenName) },
    { paragraph: t.intro(council.name) },
    {
      facts: [
        [t.entryNumberLabel, document.entry_number],
        [t.registeredAtLabel, formatInstant(document.registered_at, language, council.timeZone)],
        [t.procedureLabel, localize(JSON.parse(document.procedure_name) as Localized, language, council.defaultLanguage)],
      ],
    },
    { paragraph: t.keepCode },
    { link: { intro: t.verifyIntro, label: t.verifyLabel, url: verify } },
    { paragraph: common.signature(council.name) },
  ]);
  const pdf = await buffer(await fastify.registry.open(document));
  await fastify.mail.send({
    council,
    about: { subject: 'receipt', caseId: found.id },
    to: found.citizenEmail,
    subject: t.subject(document.entry_number),
    text,
    html,
    attachments: [{ filename: documentFilename(document), content: pdf, contentType: 'application/pdf' }],
  });
  await fastify.db.transaction().execute(async (trx) => {
    await lockCase(trx, fastify.config.database.kind, 'appointments', found.id);
    await fastify.evidence.append(
      trx,
      found.id,
      { type: MAILED, actor: 'system', data: { to: found.citizenEmail, language, entryNumber: document.entry_number, sha256: document.sha256 } },
      fastify.now(),
    );
  });
}
