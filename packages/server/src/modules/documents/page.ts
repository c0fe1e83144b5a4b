import type { FastifyInstance } from 'fastify';
import { elementPage } from '../pages/element-page.js';
import { escape } from '../pages/templates.js';
import { DOCUMENT_PAGE_TEXTS } from './texts.js';

const TOKEN = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * GET /documents: the page an upload-only link opens, embedding `<doc-upload>` for the case of
 * the token in its address.
 */
export default async function documentPage(fastify: FastifyInstance) {
  elementPage<{ lang?: string; council?: string; token?: string }>(fastify, '/documents', DOCUMENT_PAGE_TEXTS, ({ council, language, query }) => {
    const token = TOKEN.test(query.token ?? '') ? query.token! : '';
    return `<finestreta-config api="" council="${council}" lang="${language}"><doc-upload token="${escape(token)}"></doc-upload></finestreta-config>`;
  });
}
