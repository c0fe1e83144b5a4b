import { createHash, timingSafeEqual } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import * as client from 'openid-client';
import { AppError, errorResponses, type HttpErrorCode } from '../../shared/errors.js';
import { openSession, secureCookie } from '../agents/index.js';
import { CouncilParams } from '../councils/schemas.js';
import { agentFromClaims } from './accounts.js';
import type { IdentityProvider } from './providers.js';
import { OidcSignInStore } from './store.js';

/** How long someone has at the provider to sign in before the answer is refused. */
const SIGN_IN_TTL_MS = 10 * 60_000;
/** The sign-in under way, in the browser that started it: its `state`, which alone names the stored sign-in. */
const STATE_COOKIE = 'fin_oidc_state';
const COOKIE_PATH = '/api/desk/oidc/';
/** How long the server waits for the provider's discovery document and token answer. */
const PROVIDER_TIMEOUT_SECONDS = 10;

declare module 'fastify' {
  interface FastifyInstance {
    /** `providers` are those of the councils file running, read at each use: a new version of the file replaces them. */
    oidc: { readonly providers: Map<string, IdentityProvider>; signIns: OidcSignInStore };
  }
}

const hash = (state: string) => createHash('sha256').update(state).digest();

/** Where the desk's sign-in shows `code` (pages/templates.ts reads it), for the council the agent chose. */
const deskWithError = (council: string, code: HttpErrorCode) => `/desk?council=${encodeURIComponent(council)}&error=${code}`;

/**
 * The client of each council's provider, from its discovery document, made at first use rather
 * than at start (a provider down at start must not stop the server) and made again after a failure.
 * Kept with the provider's settings, so that a new version of the councils file, which brings new
 * ones, makes new clients.
 */
function clients(fastify: FastifyInstance) {
  const made = new WeakMap<IdentityProvider, Promise<client.Configuration>>();
  return (provider: IdentityProvider) => {
    let configuration = made.get(provider);
    if (!configuration) {
      configuration = client.discovery(new URL(provider.issuer), provider.clientId, provider.clientSecret, undefined, {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        execute: fastify.config.oidc.allowHttpIssuer && provider.issuer.startsWith('http://') ? [client.allowInsecureRequests] : [],
      });
      made.set(provider, configuration);
      configuration.catch(() => made.delete(provider));
    }
    return configuration;
  };
}

/**
 * What the desk's sign-in is told: the refusals and failures it names (the provider's or its
 * answer's problems are one code; the agent can only start again), and the provider out of reach.
 */
function failure(fastify: FastifyInstance, error: unknown): HttpErrorCode {
  if (error instanceof AppError) return error.code;
  if (error instanceof client.ClientError || error instanceof client.ResponseBodyError || error instanceof client.AuthorizationResponseError) {
    fastify.log.warn({ err: error }, 'sign-in with the identity provider refused');
    return 'FIN_ERR_OIDC_FAILED';
  }
  fastify.log.error({ err: error }, 'the identity provider could not be reached');
  return 'FIN_ERR_OIDC_UNAVAILABLE';
}

/**
 * Sign-in with the council's identity provider (OpenID Connect, authorisation code with PKCE),
 * open to anyone beside the password sign-in (plugins/desk.ts). `start` sends the browser to the
 * provider; `callback` takes its answer, has openid-client check the ID token (signature,
 * issuer, audience, expiry, nonce), and opens the same session a password opens. The PKCE
 * verifier and nonce stay in the database; the browser holds only the `state`, in an HttpOnly
 * SameSite=Lax cookie (Lax: the provider's redirect back is a cross-site navigation), so an
 * answer is taken only in the browser that asked for it and only once. Failures go back to the
 * desk's sign-in with their code, never as a page of JSON.
 */
export async function oidcRoutes(fastify: FastifyInstance) {
  const { signIns } = fastify.oidc;
  const clientOf = clients(fastify);
  // As URLs write them (no default port): openid-client sends the callback's own address, so the
  // authorisation request must name it alike for the provider to find them equal.
  const redirectUri = (council: string) => new URL(`${fastify.config.linkBase}/api/desk/oidc/${council}/callback`).href;
  const cookieOptions = { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: secureCookie(fastify) } as const;
  const providerOf = (council: string) => {
    const provider = fastify.oidc.providers.get(council);
    if (!provider) throw new AppError('FIN_ERR_OIDC_NOT_CONFIGURED');
    return provider;
  };
  const redirectOnError = async (reply: FastifyReply, council: string, run: () => Promise<string>) => {
    let location: string;
    try {
      location = await run();
    } catch (error) {
      location = deskWithError(council, failure(fastify, error));
    }
    return reply.header('cache-control', 'no-store').redirect(location, 302);
  };
  const redirect = { 302: Type.Null({ description: 'To the identity provider, or back to the desk' }) };

  fastify.get<{ Params: CouncilParams }>(
    '/oidc/:council/start',
    {
      schema: {
        tags: ['desk'],
        summary: "Sign in with the council's identity provider: redirects to it",
        params: CouncilParams,
        response: { ...redirect, ...errorResponses(400, 404, 429) },
      },
      config: { rateLimit: fastify.rateLimits.public },
    },
    async (request, reply) => {
      const { council } = request.params;
      const provider = providerOf(council);
      return redirectOnError(reply, council, async () => {
        const configuration = await clientOf(provider);
        const codeVerifier = client.randomPKCECodeVerifier();
        const state = client.randomState();
        const nonce = client.randomNonce();
        const now = fastify.now();
        await signIns.begin({ stateHash: hash(state).toString('hex'), councilId: council, codeVerifier, nonce, expiresAt: new Date(now.getTime() + SIGN_IN_TTL_MS) }, now);
        reply.setCookie(STATE_COOKIE, state, { ...cookieOptions, maxAge: SIGN_IN_TTL_MS / 1000 });
        return client
          .buildAuthorizationUrl(configuration, {
            redirect_uri: redirectUri(council),
            scope: (provider.scopes ?? ['openid', 'email', 'profile']).join(' '),
            code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
            code_challenge_method: 'S256',
            state,
            nonce,
          })
          .toString();
      });
    },
  );

  fastify.get<{ Params: CouncilParams }>(
    '/oidc/:council/callback',
    {
      schema: {
        tags: ['desk'],
        summary: "The identity provider's answer: opens a desk session and redirects to the desk",
        params: CouncilParams,
        response: { ...redirect, ...errorResponses(400, 404, 429) },
      },
      config: { rateLimit: fastify.rateLimits.public },
    },
    async (request, reply) => {
      const { council } = request.params;
      const provider = providerOf(council);
      const state = request.cookies[STATE_COOKIE];
      reply.clearCookie(STATE_COOKIE, cookieOptions);
      return redirectOnError(reply, council, async () => {
        const currentUrl = new URL(`${fastify.config.linkBase}${request.url}`);
        const answered = currentUrl.searchParams.get('state');
        // Another browser's answer (a link someone was sent) would sign this one in as them.
        if (!state || !answered || !timingSafeEqual(hash(state), hash(answered))) throw new AppError('FIN_ERR_OIDC_FAILED', 'The answer is not for this browser');
        const pending = await signIns.take(hash(state).toString('hex'), council, fastify.now());
        if (!pending) throw new AppError('FIN_ERR_OIDC_FAILED', 'No such sign-in under way: it ended, or its answer came already');
        const tokens = await client.authorizationCodeGrant(await clientOf(provider), currentUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        const agent = await agentFromClaims(fastify, council, provider, tokens.claims()!);
        await openSession(fastify, request, reply, agent);
        return `/desk?council=${encodeURIComponent(council)}`;
      });
    },
  );
}

/**
 * Councils' identity providers: read with the councils file (providers.ts), used by `oidcRoutes`;
 * `providers` gives those of the version of the file running, which a new one replaces.
 */
export default fp<{ providers: () => Map<string, IdentityProvider> }>(
  async (fastify, { providers }) => {
    fastify.decorate('oidc', {
      get providers() {
        return providers();
      },
      signIns: new OidcSignInStore(fastify.db),
    });
  },
  { name: 'oidc', dependencies: ['database', 'agents'] },
);
