import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** The demo council file that ships with the package, used when no councils file is given. */
export const DEMO_COUNCILS_FILE = path.join(packageRoot, 'councils', 'demo.json');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// Every variable is a string in the environment; the schema states what it must look like and
// `Value.Convert` turns numbers and booleans into their types before the check.
const Env = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 8080 }),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0' }),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^/]+', description: 'an http(s) URL' })),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'a postgres:// URL' })),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  COUNCILS_FILE: Type.Optional(Type.String({ minLength: 1 })),
  DEMO: Type.Optional(Type.Boolean({ description: 'true or false' })),
  LOG_LEVEL: Type.Union(
    LOG_LEVELS.map((level) => Type.Literal(level)),
    { default: 'info', description: `one of ${LOG_LEVELS.join(', ')}` },
  ),
  SESSION_TTL_HOURS: Type.Number({ exclusiveMinimum: 0, maximum: 24 * 30, default: 12 }),
  TRUST_PROXY: Type.Optional(Type.String({ minLength: 1 })),
  WIDGETS_DIR: Type.Optional(Type.String({ minLength: 1 })),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://[^/]+', description: 'an smtp:// or smtps:// URL' })),
  APPOINTMENT_LINK_GRACE_DAYS: Type.Integer({ minimum: 0, maximum: 365, default: 30 }),
  REMINDER_INTERVAL_SECONDS: Type.Number({ exclusiveMinimum: 0, maximum: 3600, default: 60 }),
  MAIL_FROM: Type.String({
    pattern: '^[^<>@]*<?[^@\\s<>]+@[^@\\s<>]+>?$',
    default: 'Finestreta <no-reply@finestreta.localhost>',
    description: 'an address, optionally with a name: Name <address@example.org>',
  }),
});

export type AppConfig = {
  port: number;
  host: string;
  /** Where citizens and agents reach the server, when it sits behind a proxy; null otherwise. */
  publicUrl: string | null;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  dataDir: string;
  councilsFile: string;
  demo: boolean;
  logLevel: Static<typeof Env>['LOG_LEVEL'];
  sessionTtlHours: number;
  /** Fastify's `trustProxy`: a boolean, a list of proxy addresses, or a hop count as a function. */
  trustProxy: boolean | string | ((address: string, hop: number) => boolean);
  widgetsDir: string;
  /** SMTP when a server is configured; otherwise messages are written to DATA_DIR/mail. */
  mail: { smtpUrl: string | null; from: string };
  appointments: {
    /** Days after an appointment's end that its personal link keeps working (receipt, documents). */
    linkGraceDays: number;
    /** How often each process looks for reminders that are due. */
    reminderIntervalMs: number;
  };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function parseTrustProxy(value: string | undefined): AppConfig['trustProxy'] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (!/^\d+$/.test(value)) return value;
  const hops = Number(value);
  return (_address, hop) => hop < hops;
}

/** Reads the configuration from environment variables; throws a ConfigError naming every bad one. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.fromEntries(
    Object.keys(Env.properties)
      .filter((name) => env[name] !== undefined && env[name] !== '')
      .map((name) => [name, env[name]]),
  );
  // Convert may change its argument in place; `known` keeps the raw strings for the messages.
  const candidate = Value.Default(Env, Value.Convert(Env, structuredClone(known)));
  const problems = new Map<string, string>();
  for (const error of Value.Errors(Env, candidate)) {
    const name = error.path.slice(1);
    if (problems.has(name)) continue;
    const expected = error.schema.description ?? error.message.replace(/^Expected /, '');
    problems.set(name, `${name}=${JSON.stringify(known[name])}: expected ${expected}`);
  }
  if (problems.size > 0) throw new ConfigError([...problems.values()]);

  const values = candidate as Static<typeof Env>;
  const dataDir = path.resolve(values.DATA_DIR);
  return {
    port: values.PORT,
    host: values.HOST,
    publicUrl: values.PUBLIC_URL ?? null,
    database: values.DATABASE_URL
      ? { kind: 'postgres', url: values.DATABASE_URL }
      : { kind: 'sqlite', file: path.join(dataDir, 'finestreta.sqlite') },
    dataDir,
    councilsFile: values.COUNCILS_FILE ? path.resolve(values.COUNCILS_FILE) : DEMO_COUNCILS_FILE,
    demo: values.DEMO ?? values.COUNCILS_FILE === undefined,
    logLevel: values.LOG_LEVEL,
    sessionTtlHours: values.SESSION_TTL_HOURS,
    trustProxy: parseTrustProxy(values.TRUST_PROXY),
    widgetsDir: values.WIDGETS_DIR
      ? path.resolve(values.WIDGETS_DIR)
      : path.resolve(packageRoot, '..', 'widgets', 'dist'),
    mail: { smtpUrl: values.SMTP_URL ?? null, from: values.MAIL_FROM },
    appointments: {
      linkGraceDays: values.APPOINTMENT_LINK_GRACE_DAYS,
      reminderIntervalMs: values.REMINDER_INTERVAL_SECONDS * 1000,
    },
  };
}
