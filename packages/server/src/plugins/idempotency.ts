import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onSendHookHandler, preHandlerHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { HEADER_BYTES, keyIdHex, openBytes, SealDamaged, sealBytes, sealedKeyId } from '../shared/crypto-at-rest.js';
import { AppError } from '../shared/errors.js';
import { canonicalJson } from '../shared/json.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false` for a POST whose repeat is harmless and whose response must not be stored. */
    idempotency?: false;
  }
  interface FastifyInstance {
    idempotency: {
      /** Deletes the answers stored before `now` less 72 hours, and seals any stored in clear; each process runs it hourly. */
      sweep(now: Date): Promise<void>;
    };
  }
  interface FastifyRequest {
    /** The key this request claimed and whose response it must record. */
    idempotencyClaim: Claim | null;
  }
  interface FastifyReply {
    /**
     * Records `answer`, serialized as the route will send it with the reply's status, as the
     * answer to this request's Idempotency-Key inside `trx`, the transaction that makes the
     * request's effect. A crash between that commit and the response then leaves the answer for
     * the client's retry, instead of a claim that lets the retry do it all again. Does nothing
     * for a request without a key.
     */
    recordAnswer(trx: Kysely<Database>, answer: unknown): Promise<void>;
  }
}

interface Claim {
  scope: string;
  key: string;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
// A claim older than this without a response belongs to a process that died mid-request;
// without a limit, the citizen's outbox would get 409 for that key forever.
const ABANDONED_AFTER_MS = 60_000;
// Longer than the widgets' outbox keeps a request, so that its last retry still gets the first
// answer; after that, an answer (and the token in it) is only a liability.
const KEPT_FOR_MS = 72 * 3_600_000;
const SWEEP_EVERY_MS = 3_600_000;
const SEALED = 'sealed:';

// The scope and key are bound to the seal, so a stored answer cannot be replayed to another request.
const aadOf = (scope: string, key: string) => `idempotency ${scope} ${key}`;

function seal(masterKey: Buffer, scope: string, key: string, body: string): string {
  return SEALED + sealBytes(masterKey, Buffer.from(body), aadOf(scope, key)).toString('base64');
}

function unseal(masterKey: Buffer, scope: string, key: string, stored: string): string {
  return openBytes(masterKey, Buffer.from(stored.slice(SEALED.length), 'base64'), aadOf(scope, key), 'a stored answer').toString();
}

/** The master key id a stored answer is sealed under (undefined for one still in clear). */
const keyIdOfStored = (stored: string) =>
  stored.startsWith(SEALED) ? sealedKeyId(Buffer.from(stored.slice(SEALED.length, SEALED.length + Math.ceil(HEADER_BYTES / 3) * 4), 'base64')) : undefined;

/** How many stored answers are sealed under each master key id. */
export async function storedAnswersByKey(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db.selectFrom('idempotency_keys').select('response_body').where('response_body', 'like', `${SEALED}%`).execute();
  const counts = new Map<string, number>();
  for (const { response_body: stored } of rows) {
    const id = keyIdOfStored(stored!);
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/**
 * Seals again under `key` every stored answer sealed under one of its previous keys (a master key
 * rotation); the update names the text it read, so two processes doing it at once do not clash.
 * How many were sealed again.
 */
export async function resealStoredAnswers(db: Kysely<Database>, key: Buffer): Promise<number> {
  const current = keyIdHex(key);
  const rows = await db.selectFrom('idempotency_keys').select(['scope', 'key', 'response_body']).where('response_body', 'like', `${SEALED}%`).execute();
  let resealed = 0;
  for (const row of rows) {
    if (keyIdOfStored(row.response_body!) === current) continue;
    let body: string;
    try {
      body = unseal(key, row.scope, row.key, row.response_body!);
    } catch (error) {
      // Under a key this server lacks, or damaged: left as it is, and counted by `keys status`.
      if (error instanceof SealDamaged) continue;
      throw error;
    }
    const updated = await db
      .updateTable('idempotency_keys')
      .set({ response_body: seal(key, row.scope, row.key, body) })
      .where('scope', '=', row.scope)
      .where('key', '=', row.key)
      .where('response_body', '=', row.response_body)
      .executeTakeFirst();
    resealed += Number(updated.numUpdatedRows);
  }
  return resealed;
}

function scopeOf(request: FastifyRequest): string {
  const params = request.params as { council?: string };
  const owner = request.agent
    ? `agent:${request.agent.id}`
    : params.council
      ? `council:${params.council}`
      : 'public';
  return `${owner} ${request.method} ${request.routeOptions.url}`;
}

/**
 * `Idempotency-Key` for every POST: the first request with a key runs and its response is
 * stored; a repeat with the same key and body gets that response again without running the
 * handler, so a submission retried by a flaky network or the widgets' outbox happens once.
 *
 * The claim is an insert on the (scope, key) primary key, which the database lets only one
 * request win, also across processes sharing PostgreSQL. Server errors release the key so that
 * the client's retry runs again.
 *
 * Answers carry the citizen's tokens, so they are stored sealed with the master key (a replay
 * must still give the citizen their link) and deleted after 72 hours.
 */
export default fp(
  async (fastify) => {
    const { db } = fastify;
    fastify.decorateRequest('idempotencyClaim', null);

    const masterKey = () => fastify.masterKey();

    async function sweep(now: Date): Promise<void> {
      await db
        .deleteFrom('idempotency_keys')
        .where('created_at', '<', new Date(now.getTime() - KEPT_FOR_MS).toISOString())
        .execute();
      // Answers stored before they were sealed; the update names the text it read, so two
      // processes sealing at once do not seal twice.
      const clear = await db
        .selectFrom('idempotency_keys')
        .select(['scope', 'key', 'response_body'])
        .where('response_body', 'is not', null)
        .where('response_body', 'not like', `${SEALED}%`)
        .execute();
      for (const row of clear) {
        await db
          .updateTable('idempotency_keys')
          .set({ response_body: seal(await masterKey(), row.scope, row.key, row.response_body!) })
          .where('scope', '=', row.scope)
          .where('key', '=', row.key)
          .where('response_body', '=', row.response_body)
          .execute();
      }
    }
    fastify.decorate('idempotency', { sweep });

    // Only a claim still pending: one answered inside its request's transaction keeps that answer.
    async function answer(executor: Kysely<Database>, claimed: Claim, statusCode: number, payload: string | null) {
      await executor
        .updateTable('idempotency_keys')
        .set({
          state: 'completed',
          status_code: statusCode,
          response_body: payload ? seal(await masterKey(), claimed.scope, claimed.key, payload) : null,
        })
        .where('scope', '=', claimed.scope)
        .where('key', '=', claimed.key)
        .where('state', '=', 'pending')
        .execute();
    }

    fastify.decorateReply('recordAnswer', async function (this: FastifyReply, trx: Kysely<Database>, body: unknown) {
      const claimed = this.request.idempotencyClaim;
      // The route's response schema serializes to text; only a custom serializer gives bytes.
      if (claimed) await answer(trx, claimed, this.statusCode, this.serialize(body) as string);
    });

    let timer: NodeJS.Timeout | undefined;
    let sweeping: Promise<void> | undefined;
    const sweepNow = () => {
      sweeping ??= sweep(fastify.now())
        .catch((error: unknown) => fastify.log.error({ err: error }, 'could not sweep the stored idempotent answers'))
        .finally(() => {
          sweeping = undefined;
        });
    };
    fastify.addHook('onReady', async () => {
      sweepNow();
      timer = setInterval(sweepNow, SWEEP_EVERY_MS).unref();
    });
    fastify.addHook('preClose', async () => {
      clearInterval(timer);
      await sweeping;
    });

    const claim: preHandlerHookHandler = async function claimOrReplay(request, reply): Promise<FastifyReply | undefined> {
      const header = request.headers['idempotency-key'];
      if (header === undefined) return;
      if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
        throw new AppError('FIN_ERR_VALIDATION', 'headers.idempotency-key must be 1 to 255 printable ASCII characters');
      }
      const scope = scopeOf(request);
      const requestHash = createHash('sha256')
        .update(canonicalJson({ url: request.url, body: request.body ?? null }))
        .digest('hex');
      const now = fastify.now();

      const inserted = await db
        .insertInto('idempotency_keys')
        .values({
          scope,
          key: header,
          request_hash: requestHash,
          status_code: null,
          response_body: null,
          state: 'pending',
          created_at: now.toISOString(),
        })
        .onConflict((conflict) => conflict.columns(['scope', 'key']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows) === 1) {
        request.idempotencyClaim = { scope, key: header };
        return;
      }

      const stored = await db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('scope', '=', scope)
        .where('key', '=', header)
        .executeTakeFirst();
      if (!stored) {
        // The first request failed with a server error and released the key in between.
        return claimOrReplay.call(this, request, reply);
      }
      if (stored.request_hash !== requestHash) {
        throw new AppError('FIN_ERR_IDEMPOTENCY_CONFLICT');
      }
      if (stored.state === 'pending') {
        const abandoned = Date.parse(stored.created_at) < now.getTime() - ABANDONED_AFTER_MS;
        if (abandoned) {
          const taken = await db
            .updateTable('idempotency_keys')
            .set({ created_at: now.toISOString() })
            .where('scope', '=', scope)
            .where('key', '=', header)
            .where('state', '=', 'pending')
            .where('created_at', '=', stored.created_at)
            .executeTakeFirst();
          if (Number(taken.numUpdatedRows) === 1) {
            request.idempotencyClaim = { scope, key: header };
            return;
          }
        }
        throw new AppError('FIN_ERR_IDEMPOTENCY_IN_PROGRESS');
      }

      reply.code(stored.status_code!).header('idempotent-replayed', 'true');
      if (!stored.response_body) return reply.send();
      // An answer in clear was stored by an earlier version, until the next sweep seals it.
      const body = stored.response_body.startsWith(SEALED)
        ? unseal(await masterKey(), scope, header, stored.response_body)
        : stored.response_body;
      return reply.type('application/json; charset=utf-8').send(body);
    };

    const record: onSendHookHandler = async function (request, reply, payload) {
      const claimed = request.idempotencyClaim;
      if (!claimed) return payload;
      request.idempotencyClaim = null;
      try {
        // A streamed body cannot be stored for replay, so such a response releases its key too.
        // A key answered with its request's effect stays: that effect committed, so the retry
        // must get its answer even if something failed after it.
        if (reply.statusCode >= 500 || (payload != null && typeof payload !== 'string')) {
          await db
            .deleteFrom('idempotency_keys')
            .where('scope', '=', claimed.scope)
            .where('key', '=', claimed.key)
            .where('state', '=', 'pending')
            .execute();
        } else {
          await answer(db, claimed, reply.statusCode, payload ?? null);
        }
      } catch (error) {
        // The response is already decided; failing it now would only hide a result the client
        // needs. The claim stays pending and is taken over once abandoned.
        request.log.error({ err: error }, 'could not record the idempotent response');
      }
      return payload;
    };

    fastify.addHook('onRoute', (route) => {
      const methods = [route.method].flat();
      if (!methods.includes('POST') || route.config?.idempotency === false) return;
      // Appended after the route's own hooks, so authentication has run and the agent is known.
      route.preHandler = [route.preHandler ?? []].flat().concat(claim);
      route.onSend = [route.onSend ?? []].flat().concat(record);
    });
  },
  { name: 'idempotency', dependencies: ['database'] },
);
