import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorResponses } from '../../shared/errors.js';
import { Language } from '../councils/schemas.js';
import { pageCouncil, pageLanguage } from '../pages/templates.js';
import { formatCode } from './code.js';
import { verifiedPage, verifyFormPage, type VerifyAddress, type VerifyProblem } from './page.js';
import { localize } from '../councils/language.js';
import type { Verified } from './service.js';
import type { VerifiableDocument } from './store.js';

const CodeParams = Type.Object({ code: Type.String({ description: 'The verification code as printed; case, spaces and dashes do not matter' }) });
type CodeParams = Static<typeof CodeParams>;
const LangQuery = Type.Object({ lang: Type.Optional(Language) });
type LangQuery = Static<typeof LangQuery>;

export const VerifiedDocument = Type.Object(
  {
    code: Type.String({ description: 'The code, in groups as printed', examples: ['7KQ2M-9XR4T-B8W3N-J6P5D-H2C7V'] }),
    kind: Type.Literal('receipt'),
    council: Type.Object({ id: Type.String(), name: Type.String() }),
    entryNumber: Type.String({ description: "The entry's number in the council's registry", examples: ['2026/000123'] }),
    registeredAt: Type.String({ format: 'date-time' }),
    timeZone: Type.String({ description: "The council's, in which the entry's date is read", examples: ['Europe/Madrid'] }),
    procedure: Type.Object({ id: Type.String(), name: Type.String() }),
    sha256: Type.String({ description: 'Of the sealed file as the document address serves it: the original, or its renewal with a document timestamp' }),
    bytes: Type.Integer(),
    contentType: Type.Literal('application/pdf'),
    documentUrl: Type.String({ description: 'Where the original is downloaded' }),
  },
  { additionalProperties: false },
);
export type VerifiedDocument = Static<typeof VerifiedDocument>;

function verifiedDocument(code: string, { document, council, procedureName }: Verified, lang?: Language): VerifiedDocument {
  const printed = formatCode(code);
  return {
    code: printed,
    kind: document.kind,
    council: { id: document.council_id, name: council?.name ?? document.council_id },
    entryNumber: document.entry_number,
    registeredAt: document.registered_at,
    timeZone: council?.timeZone ?? 'UTC',
    procedure: { id: document.procedure_id, name: localize(procedureName, lang ?? council?.defaultLanguage ?? 'ca', council?.defaultLanguage) },
    sha256: document.sha256!,
    bytes: document.bytes!,
    contentType: 'application/pdf',
    documentUrl: `/api/verify/${printed}/document`,
  };
}

/**
 * The verification page and its API (Ley 40/2015 art. 42.b): anyone holding a document's code
 * checks what the document is and downloads the original. A council links its own site to
 * `/verify?council=<id>` (its name and language on the form), or straight to
 * `/verify?code=<code>`; the QR code on the document holds `/verify/<code>`.
 *
 * Every lookup, page and API together, counts against a tight limit per address; a code that
 * finds nothing gets one answer whatever was wrong with it (FIN_ERR_VERIFY_NOT_FOUND, 404).
 */
export async function verifyRoutes(fastify: FastifyInstance) {
  /** Counts a lookup from the request's address; the seconds to wait when it is one too many. */
  async function overLimit(request: FastifyRequest): Promise<number | null> {
    const { max, timeWindow } = fastify.rateLimits.verify;
    const now = fastify.now();
    const { hits, resetsAt } = await fastify.rateCounters.hit(`verify|${request.ip}`, timeWindow, now);
    return hits > max ? Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000)) : null;
  }

  async function limitLookup(request: FastifyRequest, reply: FastifyReply) {
    const wait = await overLimit(request);
    if (wait === null) return;
    reply.header('retry-after', wait);
    throw new AppError('FIN_ERR_RATE_LIMITED', `Too many verifications, retry in ${wait} seconds`);
  }

  async function page(request: FastifyRequest<{ Querystring: { lang?: string; council?: string } }>, reply: FastifyReply, typed: string | undefined) {
    const asked = pageLanguage(request.query);
    const councilId = pageCouncil(request.query);
    const council = councilId ? await fastify.councils.get(councilId) : undefined;
    const address: VerifyAddress = { language: asked ?? council?.defaultLanguage ?? 'ca', code: typed, ...(council && { council: { id: council.id, name: council.name } }) };
    const send = (status: number, html: string) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
    const brand = council ? fastify.branding.of(council) : await fastify.branding.page(undefined);
    const form = (status: number, problem?: VerifyProblem) => send(status, verifyFormPage(address, problem, brand));
    if (!typed?.trim()) return form(200);
    const wait = await overLimit(request);
    if (wait !== null) {
      reply.header('retry-after', wait);
      return form(429, { kind: 'tooMany', minutes: Math.ceil(wait / 60) });
    }
    try {
      const verified = await fastify.registry.verify(typed);
      const issuer = verified.council ? fastify.branding.of(verified.council) : brand;
      return send(200, verifiedPage(asked ?? verified.council?.defaultLanguage ?? address.language, typed, verified, issuer));
    } catch (error) {
      if (error instanceof AppError && error.code === 'FIN_ERR_VERIFY_NOT_FOUND') return form(404, { kind: 'notFound' });
      throw error;
    }
  }

  const hidden = { schema: { hide: true } };
  fastify.get<{ Querystring: { code?: string; lang?: string; council?: string } }>('/verify', hidden, (request, reply) =>
    page(request, reply, typeof request.query.code === 'string' ? request.query.code : undefined),
  );
  fastify.get<{ Params: CodeParams; Querystring: { lang?: string; council?: string } }>('/verify/:code', hidden, (request, reply) => page(request, reply, request.params.code));

  const api = { tags: ['verify'], params: CodeParams };
  fastify.get<{ Params: CodeParams; Querystring: LangQuery }>(
    '/api/verify/:code',
    {
      schema: { ...api, summary: 'What a verification code finds: the document, its registry entry and its fingerprint', querystring: LangQuery, response: { 200: VerifiedDocument, ...errorResponses(400, 404, 429) } },
      onRequest: limitLookup,
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return verifiedDocument(request.params.code, await fastify.registry.verify(request.params.code), request.query.lang);
    },
  );

  fastify.get<{ Params: CodeParams }>(
    '/api/verify/:code/document',
    {
      schema: {
        ...api,
        summary: 'The original document a verification code finds, exactly as sealed',
        response: { 200: Type.String({ format: 'binary', description: 'application/pdf: the sealed original' }), ...errorResponses(404, 429) },
      },
      onRequest: limitLookup,
    },
    async (request, reply) => {
      const { document } = await fastify.registry.verify(request.params.code);
      return sendDocument(fastify, reply, document);
    },
  );
}

/** A made document's file name, by its kind and entry: `receipt-2026-000123.pdf`. */
export const documentFilename = (document: VerifiableDocument): string => `${document.kind}-${document.entry_number.replace(/[^A-Za-z0-9-]+/g, '-')}.pdf`;

/** A made document's sealed bytes as a download named by `documentFilename`, never cached. */
export async function sendDocument(fastify: FastifyInstance, reply: FastifyReply, document: VerifiableDocument) {
  const stream = await fastify.registry.open(document);
  return reply
    .type('application/pdf')
    .header('content-length', document.bytes!)
    .header('content-disposition', `attachment; filename="${documentFilename(document)}"`)
    .header('cache-control', 'no-store')
    .send(stream);
}
