import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errorResponses } from '../../shared/errors.js';
import { CouncilParams, CouncilQuery } from '../councils/schemas.js';
import documentPage from './page.js';
import {
  CaseParams,
  ContentQuery,
  DeskCaseDocuments,
  DeskDocument,
  DocumentParams,
  MyDocuments,
  ReviewBody,
  TokenQuery,
  UploadLink,
} from './schemas.js';
import { DocumentService } from './service.js';
import tusRoutes from './tus.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Documents of cases; `expectedFor(caseId, lang)` tells a call which expected documents are missing. */
    documents: DocumentService;
  }
}

/** How often each process deletes uploads left unfinished past UPLOAD_EXPIRY_HOURS. */
const CLEANUP_INTERVAL_MS = 3_600_000;

/** `filename` in a Content-Disposition: ASCII fallback and the exact name in RFC 5987 form. */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The citizen API's routes, registered in its scope, which resolves `request.council` (plugins/citizen.ts). */
export async function citizenRoutes(fastify: FastifyInstance) {
  fastify.get<{ Params: CouncilParams; Querystring: TokenQuery }>(
    '/api/councils/:council/documents/mine',
    {
      schema: {
        tags: ['councils'],
        summary: "The case's documents, the ones its procedure expects and the limits, by the token of a personal or upload link",
        params: CouncilParams,
        querystring: TokenQuery,
        response: { 200: MyDocuments, ...errorResponses(400, 401, 404, 429) },
      },
      config: { rateLimit: fastify.rateLimits.public },
    },
    async (request) => {
      return fastify.documents.mine(request.council!, request.query.token, fastify.now(), request.query.lang);
    },
  );
  await fastify.register(tusRoutes, { documents: fastify.documents });
}

/** The desk's routes, registered in its scope under /api/desk (plugins/desk.ts). */
export async function deskRoutes(fastify: FastifyInstance) {
  const desk = { tags: ['desk'], security: [{ session: [] }] };

  fastify.get<{ Params: CaseParams; Querystring: CouncilQuery }>(
    '/cases/:id/documents',
    {
      schema: { ...desk, summary: "A case's documents and the ones its procedure expects", params: CaseParams, querystring: CouncilQuery, response: { 200: DeskCaseDocuments, ...errorResponses(400, 401, 404) } },
    },
    async (request) => fastify.documents.deskList(request.agent!, request.params.id, request.query.lang),
  );

  fastify.post<{ Params: CaseParams }>(
    '/cases/:id/upload-links',
    {
      schema: {
        ...desk,
        summary: 'An upload-only link for the citizen: it opens /documents for this case and grants nothing else',
        params: CaseParams,
        response: { 201: UploadLink, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await fastify.documents.createUploadLink(request.agent!, request.params.id)),
  );

  fastify.get<{ Params: DocumentParams; Querystring: ContentQuery }>(
    '/documents/:documentId/content',
    {
      schema: {
        ...desk,
        summary: 'The document, decrypted as it is sent; inline for preview, or `?download=1` as an attachment',
        params: DocumentParams,
        querystring: ContentQuery,
        response: errorResponses(400, 401, 404),
      },
    },
    async (request, reply) => {
      const { document, stream } = await fastify.documents.content(request.agent!, request.params.documentId, request.query.download ? 'download' : 'view');
      return reply
        .type(document.content_type)
        .header('content-length', document.bytes)
        .header('cache-control', 'private, no-store')
        .header('content-disposition', disposition(request.query.download ? 'attachment' : 'inline', document.file_name))
        // The desk previews it in a frame of its own page; no other page may frame it.
        .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'")
        .header('x-frame-options', 'SAMEORIGIN')
        .send(stream);
    },
  );

  fastify.post<{ Params: DocumentParams; Body: ReviewBody }>(
    '/documents/:documentId/review',
    {
      schema: {
        ...desk,
        summary: 'Accept or reject a document; a rejection needs a reason, which the citizen sees',
        params: DocumentParams,
        body: ReviewBody,
        response: { 200: DeskDocument, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => fastify.documents.review(request.agent!, request.params.documentId, request.body),
  );
}

/** Documents: tus uploads bound to a case, the citizen's view, the desk's review, the /documents page. */
export default fp(
  async (fastify) => {
    const documents = new DocumentService(fastify);
    fastify.decorate('documents', documents);
    await fastify.register(documentPage);

    let cleanup: NodeJS.Timeout | undefined;
    const deleteExpired = () =>
      documents.staging.deleteExpired().catch((error: unknown) => fastify.log.error({ err: error }, 'could not delete expired uploads'));
    fastify.addHook('onReady', async () => {
      void deleteExpired();
      cleanup = setInterval(() => void deleteExpired(), CLEANUP_INTERVAL_MS).unref();
    });
    fastify.addHook('preClose', async () => clearInterval(cleanup));
  },
  { name: 'documents', dependencies: ['database', 'councils', 'agents', 'tokens', 'evidence', 'notifications', 'rate-limit'] },
);
