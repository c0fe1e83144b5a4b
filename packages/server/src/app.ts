import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppConfig } from './config.js';
import { loadMasterKeys } from './shared/crypto-at-rest.js';
import { loggerOptions, type LogStream } from './shared/log.js';
import { deskRoutes as accessDesk } from './modules/access/index.js';
import accessibility, { citizenRoutes as accessibilityApi, deskRoutes as accessibilityDesk } from './modules/accessibility/index.js';
import agents, { sessionRoutes, signIn } from './modules/agents/index.js';
import appointments, { citizenRoutes as appointmentApi, deskRoutes as appointmentDesk } from './modules/appointments/index.js';
import calls from './modules/calls/index.js';
import { recordingRoutes } from './modules/calls/recordings.js';
import { deskRoutes as bundleDesk } from './modules/bundle/index.js';
import branding, { citizenRoutes as brandingApi } from './modules/branding/index.js';
import councils, { citizenRoutes as councilApi } from './modules/councils/index.js';
import { deskRoutes as demoDesk } from './modules/demo/index.js';
import documents, { citizenRoutes as documentApi, deskRoutes as documentDesk } from './modules/documents/index.js';
import councilsFile from './modules/councils-file/index.js';
import { CouncilsFileState, loadCouncilsFile } from './modules/councils-file/load.js';
import health from './modules/health/index.js';
import incidents, { deskRoutes as incidentDesk } from './modules/incidents/index.js';
import { metricsRoute } from './modules/incidents/metrics.js';
import indicators, { citizenRoutes as indicatorApi } from './modules/indicators/index.js';
import callbacks, { citizenRoutes as callbackApi, deskRoutes as callbackDesk } from './modules/callbacks/index.js';
import evidence, { deskRoutes as evidenceDesk } from './modules/evidence/index.js';
import flood, { deskRoutes as floodDesk } from './modules/flood/index.js';
import { DEFAULT_FLOOD_LIMITS, type FloodLimits } from './modules/flood/guard.js';
import mail from './modules/mail/index.js';
import notifications from './modules/notifications/index.js';
import oidc, { oidcRoutes } from './modules/oidc/index.js';
import deskEvents from './modules/notifications/desk-events.js';
import pages from './modules/pages/index.js';
import seal from './modules/seal/index.js';
import procedure, { citizenRoutes as procedureApi, deskRoutes as procedureDesk } from './modules/procedure/index.js';
import receipt, { receiptRoutes } from './modules/receipt/index.js';
import registry from './modules/registry/index.js';
import keys from './modules/keys/index.js';
import retention, { deskRoutes as retentionDesk } from './modules/retention/index.js';
import screenHelp, { citizenRoutes as screenHelpApi, deskRoutes as screenHelpDesk } from './modules/screen-help/index.js';
import type { Registry } from './modules/registry/registry.js';
import staff, { deskRoutes as staffDesk, invitationRoute } from './modules/staff/index.js';
import slots from './modules/slots/index.js';
import surveys, { citizenRoutes as surveyApi } from './modules/surveys/index.js';
import tokens from './modules/tokens/index.js';
import citizen from './plugins/citizen.js';
import compression from './plugins/compression.js';
import database from './plugins/database.js';
import desk, { DESK_PREFIX, deskBoundary } from './plugins/desk.js';
import errors, { errorServerOptions } from './plugins/errors.js';
import idempotency from './plugins/idempotency.js';
import jsonBody from './plugins/json-body.js';
import openapi from './plugins/openapi.js';
import origins from './plugins/origins.js';
import rateLimit, { DEFAULT_RATE_LIMITS, type RateLimits } from './plugins/rate-limit.js';
import security from './plugins/security.js';
import widgets from './plugins/widgets.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: AppConfig;
    /** The current time; injectable so that tests can stand at any instant. */
    now(): Date;
    /** The master key that seals data at rest, read once for every module (again after a failed read). */
    masterKey(): Promise<Buffer>;
  }
}

export interface AppOptions {
  config: AppConfig;
  now?: () => Date;
  rateLimits?: Partial<RateLimits>;
  /** When bookings count as a flood and how hard its proof of work is. */
  flood?: Partial<FloodLimits>;
  /** Whether this process runs its background jobs (reminders, unconfirmed bookings, receipts, sealing evidence, closing abandoned appointments) on its own timers; tests turn it off and call their `tick`. */
  reminderScheduler?: boolean;
  /** The council's official registry, which numbers registered applications; the built-in one by default. */
  registry?: Registry;
}

/**
 * Finestreta as a Fastify plugin. Cross-cutting plugins come first because they hook into the
 * routes registered after them (OpenAPI and idempotency through `onRoute`). The modules follow
 * with their stores and pages, then the two APIs, one scope each: the citizens', which resolves
 * `request.council` for every route, and the desk's, where every route but the sign-ins (a
 * password, the council's identity provider) needs a signed-in agent. The councils file is
 * checked before anything is opened, so a mistake in it stops start-up at once, and loaded last,
 * once the stores it fills exist; from then on each change of it is applied
 * (modules/councils-file).
 */
export const app = fp<AppOptions>(
  async (fastify, options) => {
    const loaded = await loadCouncilsFile(options.config.councilsFile, options.config.oidc.allowHttpIssuer);
    fastify.decorate('config', options.config);
    fastify.decorate('now', options.now ?? (() => new Date()));
    const running = new CouncilsFileState(loaded, fastify.now());
    let masterKey: Promise<Buffer> | null = null;
    fastify.decorate('masterKey', () => {
      masterKey ??= loadMasterKeys(options.config.masterKeyFile, options.config.masterKeyPreviousFiles, options.config.demo);
      masterKey.catch(() => {
        masterKey = null;
      });
      return masterKey;
    });

    await fastify.register(errors);
    await fastify.register(jsonBody);
    await fastify.register(database);
    await fastify.register(openapi);
    await fastify.register(security);
    await fastify.register(compression);
    await fastify.register(rateLimit, { limits: { ...DEFAULT_RATE_LIMITS, public: options.config.publicRateLimit, ...options.rateLimits } });
    await fastify.register(origins);
    await fastify.register(idempotency);
    await fastify.register(deskBoundary);
    await fastify.register(widgets);
    await fastify.register(health);
    await fastify.register(councils);
    await fastify.register(branding, { logos: () => running.current.logos, councilIds: () => running.current.councils.map((council) => council.id) });
    await fastify.register(agents);
    await fastify.register(oidc, { providers: () => running.current.identityProviders });
    await fastify.register(staff);
    await fastify.register(notifications);
    await fastify.register(keys, { scheduler: options.reminderScheduler ?? true });
    await fastify.register(incidents);
    if (options.config.metricsToken) await fastify.register(metricsRoute, { token: options.config.metricsToken });
    await fastify.register(mail);
    await fastify.register(slots);
    await fastify.register(tokens);
    await fastify.register(seal);
    await fastify.register(evidence, { scheduler: options.reminderScheduler ?? true });
    await fastify.register(flood, { limits: { ...DEFAULT_FLOOD_LIMITS, ...options.flood }, sweeper: options.reminderScheduler ?? true });
    await fastify.register(callbacks);
    await fastify.register(appointments, { scheduler: options.reminderScheduler ?? true });
    await fastify.register(calls);
    await fastify.register(screenHelp);
    await fastify.register(documents);
    await fastify.register(procedure);
    await fastify.register(registry, { adapter: options.registry });
    await fastify.register(receipt, { scheduler: options.reminderScheduler ?? true });
    await fastify.register(surveys, { scheduler: options.reminderScheduler ?? true });
    await fastify.register(indicators);
    await fastify.register(accessibility);
    await fastify.register(retention, { scheduler: options.reminderScheduler ?? true });
    await fastify.register(pages);
    await fastify.register(citizen, { routes: [councilApi, brandingApi, callbackApi, screenHelpApi, appointmentApi, procedureApi, receiptRoutes.citizen, documentApi, surveyApi, indicatorApi, accessibilityApi] });
    await fastify.register(desk, {
      prefix: DESK_PREFIX,
      open: [signIn, oidcRoutes, invitationRoute],
      // The demo's test appointments skip the council's hours and capacity: demo mode only.
      routes: [sessionRoutes, staffDesk, deskEvents, callbackDesk, screenHelpDesk, appointmentDesk, recordingRoutes, documentDesk, procedureDesk, receiptRoutes.desk, evidenceDesk, bundleDesk, floodDesk, accessibilityDesk, incidentDesk, retentionDesk, accessDesk, ...(options.config.demo ? [demoDesk] : [])],
    });

    await fastify.register(councilsFile, { state: running });
  },
  { name: 'finestreta' },
);

export interface BuildOptions extends Omit<AppOptions, 'config'> {
  /** Where the log goes at the configured level: standard output unless a stream is given, nowhere with false. */
  logger?: false | LogStream;
}

/** How long the app may take to start before the start is given up. */
const START_TIMEOUT_MS = 120_000;

/**
 * A Fastify instance with the app registered but not yet ready, so that a caller (a test) can
 * still add routes that go through the app's hooks.
 */
export async function createServer(config: AppConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const { logger, ...appOptions } = options;
  const fastify = Fastify({
    logger: logger !== false && loggerOptions(config.logLevel, logger),
    trustProxy: config.trustProxy,
    // Start-up runs the migrations and reads keys, logos and the councils file: on a busy host
    // or a large database that outlasts Fastify's 10 s per plugin, which would abort the start.
    pluginTimeout: START_TIMEOUT_MS,
    ...errorServerOptions,
  });
  await fastify.register(app, { config, ...appOptions });
  return fastify;
}

/** The app, ready to `listen` or to answer `inject`. */
export async function buildApp(config: AppConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const fastify = await createServer(config, options);
  await fastify.ready();
  return fastify;
}
