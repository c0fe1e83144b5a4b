import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Metadata, Server, TUS_RESUMABLE, Uid, type CancellationContext, type ServerOptions } from '@tus/server';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorResponses } from '../../shared/errors.js';
import { tokenInvalid } from '../cases/contact.js';
import { CouncilParams } from '../councils/schemas.js';
import { DatabaseLocker } from './locker.js';
import { UploadParams } from './schemas.js';
import { caseClosed, DocumentRefused, takesDocuments, type DocumentService, type UploadGrant } from './service.js';

/** A grant with the one upload it may touch: its path's id, checked against the case, or at creation the id reserved. */
type RequestGrant = UploadGrant & { uploadId: string | null };

/** The header of the final PATCH's answer that names the document the upload became. */
export const DOCUMENT_HEADER = 'Finestreta-Document';
const BEARER = /^Bearer ([\x21-\x7e]{1,200})$/;
const UPLOAD_LENGTH = /^\d{1,16}$/;
/** Seconds a client refused by the lock waits; tus lets the holder drain for three. */
const RETRY_LOCKED_S = 3;

const uploadNotFound = () => new AppError('FIN_ERR_UPLOAD_NOT_FOUND', 'Upload not found');
const uploadAddressInvalid = () => new AppError('FIN_ERR_UPLOAD_ADDRESS_INVALID', 'An upload address takes no query string or fragment');
const tusVersionUnsupported = () => new AppError('FIN_ERR_TUS_VERSION', `Tus-Resumable must be ${TUS_RESUMABLE}`);
const uploadConcatUnsupported = () => new AppError('FIN_ERR_UPLOAD_CONCAT_UNSUPPORTED', 'Uploads in parallel parts (Upload-Concat) are not supported');
const uploadLengthRequired = () =>
  new AppError('FIN_ERR_UPLOAD_LENGTH_REQUIRED', 'headers.upload-length must give the whole size: an upload whose length is declared later is not supported');

/** Sent by the tus server as its error bodies, so that every error the client reads has the project's shape. */
function errorBody(statusCode: number, code: string, message: string): string {
  return JSON.stringify({ statusCode, code, message });
}

/** tus's own protocol errors, named in the project's codes. */
function tusErrorCode(status: number): string {
  if (status === 404 || status === 410) return 'FIN_ERR_UPLOAD_NOT_FOUND';
  if (status === 409) return 'FIN_ERR_UPLOAD_OFFSET_CONFLICT';
  if (status === 413) return 'FIN_ERR_DOCUMENT_TOO_LARGE';
  if (status === 423) return 'FIN_ERR_UPLOAD_LOCKED';
  if (status === 412) return 'FIN_ERR_TUS_VERSION';
  return status >= 500 ? 'FIN_ERR_INTERNAL' : 'FIN_ERR_UPLOAD_INVALID';
}

/**
 * tus answers some errors itself before any hook (a missing `Tus-Resumable`, a malformed header)
 * in plain text, and sends even mapped errors as `text/plain`: every error leaves here instead, as
 * the project's JSON.
 */
class JsonErrorServer extends Server {
  override async write(context: CancellationContext, headers: Headers, status: number, body = '') {
    if (status < 400) return super.write(context, headers, status, body);
    headers.set('Content-Type', 'application/json; charset=utf-8');
    // Another request holds the upload: it lets go within the time tus gives it to drain.
    if (status === 423) headers.set('Retry-After', String(RETRY_LOCKED_S));
    return super.write(context, headers, status, errorBody(status, tusErrorCode(status), body.trim()));
  }
}

/**
 * The tus 1.0.0 endpoint (creation, creation-with-upload, termination, expiration) at
 * /api/councils/:council/uploads, served by @tus/server inside Fastify's routes.
 *
 * Fastify runs first: the council's CORS headers, rate limit, and the grant (`Authorization:
 * Bearer` with the case's token) on every request, then, for an upload's own address, that the
 * upload belongs to that case (another case's uploads answer 404 like unknown ones), and at
 * creation the case's limits; all of those refusals leave as the project's JSON errors. Then the
 * reply is hijacked and tus reads the raw request body as it streams (the content-type parser
 * below leaves it untouched) and writes the raw response; the grant reaches its hooks through the
 * raw request.
 */
export default async function tusRoutes(fastify: FastifyInstance, { documents }: { documents: DocumentService }) {
  const grants = new WeakMap<IncomingMessage, RequestGrant>();
  // tus hands its hooks a web Request; on Node it carries the IncomingMessage Fastify saw.
  const grantOf = (req: Request): RequestGrant => {
    const raw = (req as Request & { runtime?: { node?: { req: IncomingMessage } } }).runtime?.node?.req;
    const grant = raw && grants.get(raw);
    if (!grant) throw new Error('a tus request reached its hooks without a grant');
    return grant;
  };

  const options: ServerOptions & { datastore: typeof documents.staging } = {
    path: '/api/councils/uploads',
    datastore: documents.staging,
    // CORS is answered by the origins plugin for the council's own origins only; tus must not add
    // its own `Access-Control-Allow-Origin`, whose default is `*`.
    allowedOrigins: () => false,
    exposedHeaders: [DOCUMENT_HEADER, 'Retry-After'],
    respectForwardedHeaders: false,
    relativeLocation: false,
    // Locks live in the database, so an upload's requests may reach any process.
    locker: new DatabaseLocker(fastify.db, fastify.log),
    generateUrl(req, { id }) {
      const url = new URL(req.url);
      return `${fastify.config.linkBase}${url.pathname.replace(/\/$/, '')}/${id}`;
    },
    // tus would read the id from the URL's last `/` segment, query included; it must act on
    // exactly the upload that was authorised.
    getFileIdFromRequest: (req) => grantOf(req).uploadId ?? undefined,
    // The upload was checked against the limits and recorded under this id before tus ran.
    namingFunction(req) {
      const { uploadId } = grantOf(req);
      if (!uploadId) throw new Error('an upload was created without being reserved');
      return uploadId;
    },
    async onUploadFinish(req, upload): Promise<{ status_code?: number; headers?: Record<string, string>; body?: string }> {
      try {
        const document = await documents.finish(grantOf(req), upload.id);
        return { headers: { [DOCUMENT_HEADER]: document.id } };
      } catch (error) {
        if (!(error instanceof DocumentRefused)) {
          // The bytes are all there but no document was made: step back over the last PATCH, so
          // the client's retry sends it again and finishing runs again, instead of the client
          // seeing a complete upload that never became a document.
          await documents.staging.rewind(upload.id);
          throw error;
        }
        return {
          status_code: error.statusCode,
          headers: { 'Content-Type': 'application/json; charset=utf-8' },
          body: errorBody(error.statusCode, error.code, error.message),
        };
      }
    },
    onResponseError(_req, error) {
      const status = 'status_code' in error ? error.status_code : 500;
      if (status >= 500) fastify.log.error({ err: error }, 'upload failed');
      return { status_code: status, body: status >= 500 ? 'Internal server error' : 'body' in error ? error.body : error.message };
    },
  };
  const tus = new JsonErrorServer(options);

  fastify.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));

  async function authorise(request: FastifyRequest<{ Params: { council: string; uploadId?: string } }>, reply: FastifyReply) {
    // Refused before anything else, so no reading of the URL, by any layer, can name an upload
    // other than the one the route's path names.
    if (/[?#]/.test(request.raw.url ?? '')) throw uploadAddressInvalid();
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw tokenInvalid();
    const grant = await documents.grant(request.council!, token, fastify.now());
    // A cancelled case takes nothing new; what was sent stays, and HEAD and DELETE still answer.
    if ((request.method === 'POST' || request.method === 'PATCH') && !takesDocuments(grant.case)) throw caseClosed();
    const { uploadId } = request.params;
    if (uploadId !== undefined && !(await documents.ownsUpload(grant.case.id, uploadId))) {
      // A client that crashed between its last PATCH and hearing the answer resumes with HEAD:
      // the upload is complete, and the document it became is named, so nothing is sent twice.
      const finished = request.method === 'HEAD' ? await documents.finishedUpload(grant.case.id, uploadId) : undefined;
      if (!finished) throw uploadNotFound();
      return reply
        .code(200)
        .headers({ 'tus-resumable': '1.0.0', 'upload-offset': finished.size, 'upload-length': finished.size, 'cache-control': 'no-store', [DOCUMENT_HEADER]: finished.documentId })
        .send();
    }
    let allowed = uploadId ?? null;
    const length = request.headers['upload-length'];
    // Checked and recorded here rather than in a tus hook, so the client gets the project's JSON errors.
    if (request.method === 'POST') {
      // Before the reservation: its removal after tus refused the request would come after the answer.
      if (request.headers['tus-resumable'] !== TUS_RESUMABLE) {
        reply.header('tus-version', TUS_RESUMABLE);
        throw tusVersionUnsupported();
      }
      if (request.headers['upload-defer-length'] !== undefined || typeof length !== 'string' || !UPLOAD_LENGTH.test(length)) throw uploadLengthRequired();
      if (request.headers['upload-concat'] !== undefined) throw uploadConcatUnsupported();
      let fields: Record<string, string | null>;
      try {
        const header = request.headers['upload-metadata'];
        fields = typeof header === 'string' ? Metadata.parse(header) : {};
      } catch {
        throw new AppError('FIN_ERR_VALIDATION', 'headers.upload-metadata is not valid tus metadata');
      }
      allowed = Uid.rand();
      await documents.reserve(grant, { id: allowed, size: Number(length), metadata: fields });
    }
    grants.set(request.raw, { ...grant, uploadId: allowed });
  }

  async function handle(request: FastifyRequest, reply: FastifyReply) {
    reply.hijack();
    // The headers earlier hooks set (CORS for the council's origin, security headers) go out too.
    for (const [name, value] of Object.entries(reply.getHeaders() as OutgoingHttpHeaders)) {
      if (value !== undefined) reply.raw.setHeader(name, value);
    }
    try {
      await tus.handle(request.raw, reply.raw);
    } catch (error) {
      // Past the hijack Fastify's error handler cannot answer; tus answers its own errors, so this is a failure to write.
      request.log.error({ err: error }, 'upload request failed');
      if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'application/json; charset=utf-8' }).end(errorBody(500, 'FIN_ERR_INTERNAL', 'Internal server error'));
      else reply.raw.destroy();
    }
    // A creation tus refused after it was reserved must not hold a place of the case's limits.
    const { uploadId } = grants.get(request.raw) ?? {};
    if (request.method === 'POST' && uploadId && reply.raw.statusCode !== 201) await documents.staging.remove(uploadId);
  }

  const common = {
    config: { rateLimit: fastify.rateLimits.public, idempotency: false as const },
    preHandler: authorise,
  };
  const tags = ['councils'];
  fastify.route<{ Params: Static<typeof CouncilParams> }>({
    method: 'POST',
    url: '/api/councils/:council/uploads',
    schema: {
      tags,
      summary: 'tus: create an upload for the case of the Bearer token (Upload-Length, Upload-Metadata filename and expected)',
      params: CouncilParams,
      response: errorResponses(400, 401, 404, 409, 412, 413, 423, 429),
    },
    ...common,
    handler: handle,
  });
  fastify.route<{ Params: UploadParams }>({
    method: ['HEAD', 'PATCH', 'DELETE'],
    url: '/api/councils/:council/uploads/:uploadId',
    schema: {
      tags,
      summary: 'tus: the offset of an upload (HEAD), its next bytes (PATCH), or its cancellation (DELETE)',
      params: Type.Object(UploadParams.properties),
      response: errorResponses(400, 401, 404, 409, 412, 413, 415, 422, 423, 429),
    },
    ...common,
    handler: handle,
  });
}
