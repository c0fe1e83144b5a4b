import type { FastifyInstance } from 'fastify';
import type { DocumentsTable } from '../../db/schema.js';
import { languageFor, localize } from '../councils/language.js';
import { composeMail } from '../mail/compose.js';
import type { DocumentCase } from './store.js';
import { REJECTION_TEXTS } from './texts.js';

/** A rejected document's email: to whom, about what, why, and the link to send it again. */
export interface RejectionNotice {
  found: DocumentCase;
  document: DocumentsTable;
  reason: string;
  link: string;
  to: string;
  name: string;
}

/**
 * Tells the citizen a document they sent was not accepted, in their language: which one, the
 * agent's reason, and an upload link (issued and logged with the review). Best effort: the review
 * stands without it, and the citizen's page shows the rejection too.
 */
export async function sendRejection(fastify: FastifyInstance, notice: RejectionNotice): Promise<void> {
  try {
    const council = await fastify.councils.get(notice.found.councilId);
    if (!council) return;
    const language = languageFor(council, notice.found.language);
    const t = REJECTION_TEXTS[language];
    const expected = council.procedures.find((procedure) => procedure.id === notice.found.procedure)?.documents.find((document) => document.id === notice.document.expected);
    const what = expected ? localize(expected.name, language, council.defaultLanguage) : notice.document.file_name;
    const { text, html } = composeMail(language, [
      { paragraph: t.greeting(notice.name) },
      { paragraph: t.intro(what) },
      { facts: [[t.referenceLabel, notice.found.reference], [t.fileLabel, notice.document.file_name], [t.reasonLabel, notice.reason]] },
      { link: { intro: t.linkIntro, label: t.linkLabel, url: notice.link } },
      { paragraph: t.signature(council.name) },
    ]);
    await fastify.mail.send({ council, about: { subject: 'document-rejected', caseId: notice.found.id, ref: notice.document.id }, to: notice.to, subject: t.subject(notice.found.reference), text, html });
  } catch (error) {
    fastify.log.error({ err: error, caseId: notice.found.id }, 'could not tell the citizen their document was rejected');
  }
}
