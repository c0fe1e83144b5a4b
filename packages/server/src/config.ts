import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism, homedir } from 'node:os';
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
  COUNCILS_CHECK_SECONDS: Type.Number({ exclusiveMinimum: 0, maximum: 3600, default: 5 }),
  DEMO: Type.Optional(Type.Boolean({ description: 'true or false' })),
  LOG_LEVEL: Type.Union(
    LOG_LEVELS.map((level) => Type.Literal(level)),
    { default: 'info', description: `one of ${LOG_LEVELS.join(', ')}` },
  ),
  SESSION_TTL_HOURS: Type.Number({ exclusiveMinimum: 0, maximum: 24 * 30, default: 12 }),
  SESSION_IDLE_MINUTES: Type.Number({ minimum: 1, maximum: 24 * 60, default: 60 }),
  TRUST_PROXY: Type.Optional(Type.String({ minLength: 1 })),
  RATE_LIMIT_PUBLIC_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 10_000_000, default: 300 }),
  WIDGETS_DIR: Type.Optional(Type.String({ minLength: 1 })),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://[^/]+', description: 'an smtp:// or smtps:// URL' })),
  APPOINTMENT_LINK_GRACE_DAYS: Type.Integer({ minimum: 0, maximum: 365, default: 30 }),
  REMINDER_INTERVAL_SECONDS: Type.Number({ exclusiveMinimum: 0, maximum: 3600, default: 60 }),
  MASTER_KEY_FILE: Type.Optional(Type.String({ minLength: 1 })),
  MASTER_KEY_PREVIOUS_FILES: Type.Optional(Type.String({ minLength: 1 })),
  MEDIASOUP_WORKER_BIN: Type.Optional(Type.String({ minLength: 1 })),
  MEDIA_WORKERS: Type.Optional(Type.Integer({ minimum: 1, maximum: 256 })),
  MEDIA_LISTEN_IP: Type.String({ minLength: 1, default: '127.0.0.1' }),
  MEDIA_ANNOUNCED_IP: Type.Optional(Type.String({ minLength: 1 })),
  MEDIA_PORT_MIN: Type.Integer({ minimum: 1024, maximum: 65535, default: 40000 }),
  MEDIA_PORT_MAX: Type.Integer({ minimum: 1024, maximum: 65535, default: 49999 }),
  ICE_SERVERS: Type.Optional(Type.String({ minLength: 2 })),
  TURN_URLS: Type.Optional(Type.String({ pattern: '^turns?:[^,\\s]+(,turns?:[^,\\s]+)*$', description: 'comma-separated turn: or turns: URLs' })),
  TURN_SECRET_FILE: Type.Optional(Type.String({ minLength: 1 })),
  TURN_CREDENTIAL_HOURS: Type.Number({ exclusiveMinimum: 0, maximum: 48, default: 12 }),
  METRICS_TOKEN_FILE: Type.Optional(Type.String({ minLength: 1 })),
  FFMPEG_BIN: Type.String({ minLength: 1, default: 'ffmpeg' }),
  CLAMD_URL: Type.Optional(Type.String({ pattern: '^tcp://[^/:]+:\\d{1,5}$', description: 'a tcp://host:port URL of clamd' })),
  UPLOAD_LINK_DAYS: Type.Integer({ minimum: 1, maximum: 90, default: 7 }),
  UPLOAD_EXPIRY_HOURS: Type.Number({ exclusiveMinimum: 0, maximum: 24 * 30, default: 24 }),
  MAIL_FROM: Type.String({
    pattern: '^[^<>@]*<?[^@\\s<>]+@[^@\\s<>]+>?$',
    default: 'Finestreta <no-reply@finestreta.localhost>',
    description: 'an address, optionally with a name: Name <address@example.org>',
  }),
  SEALS_DIR: Type.Optional(Type.String({ minLength: 1 })),
  TSA_URL: Type.Optional(Type.String({ pattern: '^https?://[^/]+', description: 'an http(s) URL of an RFC 3161 timestamp authority' })),
  OIDC_ALLOW_HTTP_ISSUER: Type.Optional(Type.Boolean({ description: 'true or false' })),
});

export type AppConfig = {
  port: number;
  host: string;
  /** PUBLIC_URL as configured: where citizens and agents reach the server; null only in demo mode. */
  publicUrl: string | null;
  /**
   * The base of every link the server hands out or emails (no trailing slash): PUBLIC_URL, or in
   * demo mode the server's own address. Never taken from a request, whose Host anyone can set.
   */
  linkBase: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  dataDir: string;
  councilsFile: string;
  /** How often each process compares the councils file's hash with the version it runs (the file is also watched, which network file systems do not report). */
  councilsCheckMs: number;
  demo: boolean;
  logLevel: Static<typeof Env>['LOG_LEVEL'];
  sessionTtlHours: number;
  /** A desk session unused this long has ended, whatever its absolute end. */
  sessionIdleMs: number;
  /** The bearer token a monitoring system sends for GET /metrics; null leaves the route out. */
  metricsToken: string | null;
  /** Fastify's `trustProxy`: off, the addresses and ranges of the proxies, or their number as a function. */
  trustProxy: false | string | ((address: string, hop: number) => boolean);
  /** Requests one client address may make to the citizen API in a minute, every route counted apart. */
  publicRateLimit: { max: number; timeWindow: number };
  widgetsDir: string;
  /** SMTP when a server is configured; otherwise messages are written to DATA_DIR/mail. */
  mail: { smtpUrl: string | null; from: string };
  appointments: {
    /** Days after an appointment's end that its personal link keeps working (receipt, documents). */
    linkGraceDays: number;
    /** How often each process looks for reminders that are due. */
    reminderIntervalMs: number;
  };
  /** The key that seals recordings and documents at rest; outside DATA_DIR so a copy of it reveals nothing. */
  masterKeyFile: string;
  /**
   * MASTER_KEY_PREVIOUS_FILES: keys rotated out, still read (files sealed under them open) until
   * the background re-sealing has moved everything to the current key; nothing new is sealed under them.
   */
  masterKeyPreviousFiles: string[];
  calls: {
    /** mediasoup's worker binary; null leaves mediasoup to look in its own package. */
    workerBin: string | null;
    workers: number;
    /** The address the media sockets bind to, and the one announced to browsers when it differs (NAT, 0.0.0.0). */
    listenIp: string;
    announcedIp: string | null;
    portMin: number;
    portMax: number;
    /** STUN/TURN servers handed to browsers, as RTCIceServer objects. */
    iceServers: IceServer[];
    /** A TURN relay whose credentials are minted per participant from a secret shared with it (TURN REST API). */
    turn: { urls: string[]; secret: string; ttlSeconds: number } | null;
    ffmpegBin: string;
  };
  documents: {
    /** clamd's TCP address for the malware scan of every document; null when no scanner is configured. */
    clamd: { host: string; port: number } | null;
    /** How long an upload-only link that an agent creates keeps working. */
    uploadLinkDays: number;
    /** How long an unfinished upload is kept for the citizen to resume it before it is deleted. */
    uploadExpiryMs: number;
  };
  /** The councils' seals (modules/seal): never a passphrase in the councils file. */
  seal: {
    /** SEALS_DIR: `<council>.p12` and, optionally, its passphrase in `<council>.pass`; null when no council has a seal. */
    dir: string | null;
    /** SEAL_PASSPHRASE_<COUNCIL> variables (id in capitals, `-` as `_`), by council id, for a passphrase kept out of files. */
    passphrases: Record<string, string>;
    /** The RFC 3161 timestamp authority seals are timestamped by; null seals without a timestamp. */
    tsaUrl: string | null;
  };
  /** Councils' identity providers (modules/oidc). */
  oidc: {
    /**
     * Whether an `http://` issuer is accepted: only for a provider on loopback in the demo and in
     * tests, since over http anyone on the path reads the codes and tokens.
     */
    allowHttpIssuer: boolean;
  };
};

/** An RTCIceServer as the browser takes it. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

const IceServers = Type.Array(
  Type.Object(
    {
      urls: Type.Union([Type.String({ pattern: '^(stun|stuns|turn|turns):' }), Type.Array(Type.String({ pattern: '^(stun|stuns|turn|turns):' }), { minItems: 1 })]),
      username: Type.Optional(Type.String()),
      credential: Type.Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
);

function parseIceServers(value: string | undefined): IceServer[] | undefined {
  if (value === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Value.Check(IceServers, parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A secret kept in a file (the TURN relay's, the metrics' token), read once: its first line, of at least 32 characters. */
function readSecretFile(name: string, file: string, problems: Map<string, string>): string | undefined {
  try {
    const secret = readFileSync(file, 'utf8').split(/\r?\n/, 1)[0]!.trim();
    if (secret.length >= 32) return secret;
    problems.set(name, `${name}=${JSON.stringify(file)}: expected a secret of at least 32 characters (openssl rand -hex 32)`);
  } catch (error) {
    problems.set(name, `${name}=${JSON.stringify(file)}: ${(error as Error).message}`);
  }
  return undefined;
}

/** The TURN relay's shared secret: required once TURN_URLS is set. */
function readTurnSecret(file: string | undefined, problems: Map<string, string>): string | undefined {
  if (file) return readSecretFile('TURN_SECRET_FILE', file, problems);
  problems.set('TURN_SECRET_FILE', 'TURN_SECRET_FILE: expected the file holding the secret shared with the TURN server, since TURN_URLS is set');
  return undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// proxy-addr's names for the loopback, link-local and private ranges.
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

/**
 * `true` is refused: it takes the first X-Forwarded-For entry as the client, and the client writes
 * that entry itself, so it could pick a new address (and a new rate-limit bucket) per request.
 */
function parseTrustProxy(value: string | undefined): AppConfig['trustProxy'] | undefined {
  if (value === undefined || value === 'false') return false;
  if (/^\d{1,2}$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  return entries.every(isProxyAddress) ? entries.join(',') : undefined;
}

const MASTER_KEY_BYTES = 32;
const SEAL_PASSPHRASE = 'SEAL_PASSPHRASE_';

/** Why the master key in `file` cannot be used, or null when it can. */
function masterKeyProblem(file: string): string | null {
  let size: number;
  try {
    size = readFileSync(file).length;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return `${file} cannot be read (${(error as Error).message})`;
    return `${file} does not exist; create it once and share it with every process: openssl rand -out ${file} ${MASTER_KEY_BYTES} && chmod 600 ${file}`;
  }
  return size === MASTER_KEY_BYTES ? null : `${file} must hold ${MASTER_KEY_BYTES} bytes, it holds ${size}`;
}

/**
 * Why the previous master keys cannot be used alongside the current one, by file: unreadable, of
 * the wrong size, or the same key given twice (as the current one, or twice among the previous).
 */
function previousKeysProblems(current: string, previous: string[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  try {
    seen.set(createHash('sha256').update(readFileSync(current)).digest('hex'), current);
  } catch {
    // A current key that is missing is reported as MASTER_KEY_FILE's problem, or made in the demo.
  }
  for (const file of previous) {
    let key: Buffer;
    try {
      key = readFileSync(file);
    } catch (error) {
      problems.push(`${file} cannot be read (${(error as Error).message})`);
      continue;
    }
    if (key.length !== MASTER_KEY_BYTES) {
      problems.push(`${file} must hold ${MASTER_KEY_BYTES} bytes, it holds ${key.length}`);
      continue;
    }
    const digest = createHash('sha256').update(key).digest('hex');
    const twin = seen.get(digest);
    if (twin !== undefined) problems.push(`${file} holds the same key as ${twin}: give each key once`);
    else seen.set(digest, file);
  }
  return problems;
}

/** The server's own address, for links in demo mode; a wildcard listen address is reached as localhost. */
function ownAddress(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
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
  const values = candidate as Static<typeof Env>;
  const iceServers = parseIceServers(known.ICE_SERVERS as string | undefined);
  if (!iceServers) problems.set('ICE_SERVERS', `ICE_SERVERS=${JSON.stringify(known.ICE_SERVERS)}: expected a JSON array of {urls, username?, credential?} with stun:/turn: URLs`);
  if (!problems.has('MEDIA_PORT_MIN') && !problems.has('MEDIA_PORT_MAX') && values.MEDIA_PORT_MIN > values.MEDIA_PORT_MAX) {
    problems.set('MEDIA_PORT_MAX', `MEDIA_PORT_MAX=${JSON.stringify(known.MEDIA_PORT_MAX ?? String(values.MEDIA_PORT_MAX))}: expected at least MEDIA_PORT_MIN`);
  }
  const turnSecret = values.TURN_URLS ? readTurnSecret(values.TURN_SECRET_FILE, problems) : undefined;
  const metricsToken = values.METRICS_TOKEN_FILE ? readSecretFile('METRICS_TOKEN_FILE', values.METRICS_TOKEN_FILE, problems) : undefined;
  const trustProxy = parseTrustProxy(known.TRUST_PROXY as string | undefined);
  if (trustProxy === undefined) {
    problems.set(
      'TRUST_PROXY',
      `TRUST_PROXY=${JSON.stringify(known.TRUST_PROXY)}: expected the number of proxies in front (e.g. 1) or their addresses and ranges (e.g. 10.0.0.0/8,127.0.0.1); \`true\` would let any client pick its address with X-Forwarded-For`,
    );
  }
  // Outside the demo nothing is guessed: links must not follow a request's Host, the councils
  // must be the operator's (the demo's agents have published passwords), and a missing master key
  // must not be replaced by a new one, which would leave every sealed file unreadable.
  const demo = values.DEMO === true;
  const masterKeyFile = path.resolve(values.MASTER_KEY_FILE ?? path.join(homedir(), '.config', 'finestreta', 'master.key'));
  // A DEMO that is not a boolean is reported alone: which of the two modes was meant is unknown.
  if (!demo && !problems.has('DEMO')) {
    const outsideDemo = 'required outside demo mode (DEMO=true)';
    if (values.PUBLIC_URL === undefined) problems.set('PUBLIC_URL', `PUBLIC_URL is ${outsideDemo}: the https:// address citizens reach the server at, used in every link it sends`);
    if (values.COUNCILS_FILE === undefined) problems.set('COUNCILS_FILE', `COUNCILS_FILE is ${outsideDemo}: the JSON file describing the councils served`);
    const keyProblem = masterKeyProblem(masterKeyFile);
    if (keyProblem) problems.set('MASTER_KEY_FILE', `MASTER_KEY_FILE: ${keyProblem}`);
    if (values.OIDC_ALLOW_HTTP_ISSUER === true) {
      problems.set('OIDC_ALLOW_HTTP_ISSUER', `OIDC_ALLOW_HTTP_ISSUER=true is refused outside demo mode (DEMO=true): an identity provider is reached over https`);
    }
  }
  const masterKeyPreviousFiles = (values.MASTER_KEY_PREVIOUS_FILES ?? '')
    .split(',')
    .map((file) => file.trim())
    .filter((file) => file !== '')
    .map((file) => path.resolve(file));
  const previousProblems = previousKeysProblems(masterKeyFile, masterKeyPreviousFiles);
  if (previousProblems.length > 0) problems.set('MASTER_KEY_PREVIOUS_FILES', `MASTER_KEY_PREVIOUS_FILES: ${previousProblems.join('; ')}`);
  if (problems.size > 0) throw new ConfigError([...problems.values()]);

  const dataDir = path.resolve(values.DATA_DIR);
  return {
    port: values.PORT,
    host: values.HOST,
    publicUrl: values.PUBLIC_URL ?? null,
    linkBase: (values.PUBLIC_URL ?? ownAddress(values.HOST, values.PORT)).replace(/\/+$/, ''),
    database: values.DATABASE_URL
      ? { kind: 'postgres', url: values.DATABASE_URL }
      : { kind: 'sqlite', file: path.join(dataDir, 'finestreta.sqlite') },
    dataDir,
    councilsFile: values.COUNCILS_FILE ? path.resolve(values.COUNCILS_FILE) : DEMO_COUNCILS_FILE,
    councilsCheckMs: values.COUNCILS_CHECK_SECONDS * 1000,
    demo,
    logLevel: values.LOG_LEVEL,
    sessionTtlHours: values.SESSION_TTL_HOURS,
    sessionIdleMs: values.SESSION_IDLE_MINUTES * 60_000,
    metricsToken: metricsToken ?? null,
    trustProxy: trustProxy!,
    publicRateLimit: { max: values.RATE_LIMIT_PUBLIC_PER_MINUTE, timeWindow: 60_000 },
    widgetsDir: values.WIDGETS_DIR
      ? path.resolve(values.WIDGETS_DIR)
      : path.resolve(packageRoot, '..', 'widgets', 'dist'),
    mail: { smtpUrl: values.SMTP_URL ?? null, from: values.MAIL_FROM },
    appointments: {
      linkGraceDays: values.APPOINTMENT_LINK_GRACE_DAYS,
      reminderIntervalMs: values.REMINDER_INTERVAL_SECONDS * 1000,
    },
    masterKeyFile,
    masterKeyPreviousFiles,
    calls: {
      workerBin: values.MEDIASOUP_WORKER_BIN ?? null,
      workers: values.MEDIA_WORKERS ?? availableParallelism(),
      listenIp: values.MEDIA_LISTEN_IP,
      announcedIp: values.MEDIA_ANNOUNCED_IP ?? null,
      portMin: values.MEDIA_PORT_MIN,
      portMax: values.MEDIA_PORT_MAX,
      iceServers: iceServers!,
      turn:
        values.TURN_URLS && turnSecret
          ? { urls: values.TURN_URLS.split(','), secret: turnSecret, ttlSeconds: Math.round(values.TURN_CREDENTIAL_HOURS * 3600) }
          : null,
      ffmpegBin: values.FFMPEG_BIN,
    },
    documents: {
      clamd: values.CLAMD_URL ? { host: new URL(values.CLAMD_URL).hostname, port: Number(new URL(values.CLAMD_URL).port) } : null,
      uploadLinkDays: values.UPLOAD_LINK_DAYS,
      uploadExpiryMs: values.UPLOAD_EXPIRY_HOURS * 3_600_000,
    },
    seal: {
      dir: values.SEALS_DIR ? path.resolve(values.SEALS_DIR) : null,
      passphrases: Object.fromEntries(
        Object.entries(env)
          .filter((entry): entry is [string, string] => entry[0].startsWith(SEAL_PASSPHRASE) && entry[1] !== undefined && entry[1] !== '')
          .map(([name, value]) => [name.slice(SEAL_PASSPHRASE.length).toLowerCase().replaceAll('_', '-'), value]),
      ),
      tsaUrl: values.TSA_URL ?? null,
    },
    oidc: { allowHttpIssuer: values.OIDC_ALLOW_HTTP_ISSUER === true },
  };
}
