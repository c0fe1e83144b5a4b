import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, errorResponses } from '../../shared/errors.js';
import { CouncilParams, type CouncilConfig } from '../councils/schemas.js';
import { darken } from '../councils/branding.js';
import type { Logo } from './logo.js';

/** A council's identity as a page shows it: its name (the title's end), its colour and its logo. */
export interface PageBrand {
  id: string;
  name: string;
  color: string;
  logo?: { url: string; width: number; height: number };
}

export interface Branding {
  /** The logo of a council, if it has one. */
  logo(councilId: string): Logo | undefined;
  /** The brand of a council already looked up. */
  of(council: CouncilConfig): PageBrand;
  /**
   * The brand of the council a page's address names or, when it names none (or an unknown one),
   * of the only council this server serves; none on a server of several councils.
   */
  page(councilId: string | undefined): Promise<PageBrand | undefined>;
}

declare module 'fastify' {
  interface FastifyInstance {
    branding: Branding;
  }
}

export interface BrandingOptions {
  /** The logos of the councils file running, by council; asked at each use, as a new version of the file replaces them. */
  logos: () => Map<string, Logo>;
  /** The ids of the councils in that file. */
  councilIds: () => string[];
}

/**
 * GET /api/councils/:council/logo. The bytes are the operator's file, checked when read, and the
 * answer keeps them inert wherever they are opened: the type decided from the bytes, no sniffing,
 * and for SVG a policy that forbids scripts and sandboxes the document. Any site may show it.
 */
export async function citizenRoutes(fastify: FastifyInstance) {
  fastify.get<{ Params: CouncilParams }>(
    '/api/councils/:council/logo',
    {
      schema: {
        tags: ['councils'],
        summary: "The council's logo (PNG, JPEG, WebP or SVG)",
        params: CouncilParams,
        produces: ['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml'],
        response: { 200: Type.String({ format: 'binary', description: 'The image as the council gave it; 304 to a matching If-None-Match' }), ...errorResponses(400, 404, 429) },
      },
      config: { rateLimit: fastify.rateLimits.public },
    },
    async (request, reply) => {
      const logo = fastify.branding.logo(request.council!.id);
      if (!logo) throw new AppError('FIN_ERR_NOT_FOUND', 'This council has no logo');
      reply
        .header('etag', logo.etag)
        .header('cache-control', 'public, max-age=3600')
        .header('cross-origin-resource-policy', 'cross-origin');
      if (logo.contentType === 'image/svg+xml') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
      if (request.headers['if-none-match'] === logo.etag) return reply.code(304).send();
      return reply.type(logo.contentType).send(logo.bytes);
    },
  );
}

/** Councils' identity: their logos, the brand of their pages, and each council's colours as a stylesheet. */
export default fp<BrandingOptions>(
  async (fastify, { logos, councilIds }) => {
    const logoOf = (councilId: string) => logos().get(councilId);
    const of = (council: CouncilConfig): PageBrand => {
      const logo = logoOf(council.id);
      return {
        id: council.id,
        name: council.name,
        color: council.branding.primaryColor,
        ...(logo && { logo: { url: `/api/councils/${council.id}/logo`, width: logo.width, height: logo.height } }),
      };
    };
    fastify.decorate<Branding>('branding', {
      logo: logoOf,
      of,
      async page(councilId) {
        const ids = councilIds();
        const sole = ids.length === 1 ? ids[0] : undefined;
        const council = (councilId && (await fastify.councils.get(councilId))) || (sole && (await fastify.councils.get(sole)));
        return council ? of(council) : undefined;
      },
    });

    // The pages' accent (site.css reads these), as a file: the pages' policy allows no inline style.
    fastify.get<{ Params: CouncilParams }>(
      '/councils/:council/theme.css',
      { schema: { hide: true, params: CouncilParams } },
      async (request, reply) => {
        const council = await fastify.councils.get(request.params.council);
        if (!council) throw new AppError('FIN_ERR_COUNCIL_NOT_FOUND');
        const color = council.branding.primaryColor.toLowerCase();
        return reply
          .type('text/css; charset=utf-8')
          .header('cache-control', 'public, max-age=300')
          .send(`:root {\n  --site-primary: ${color};\n  --site-primary-dark: ${darken(color, 0.3)};\n}\n`);
      },
    );
  },
  { name: 'branding', dependencies: ['councils', 'rate-limit'] },
);
