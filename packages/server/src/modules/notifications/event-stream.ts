import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';

/** Sent as a comment so that proxies and browsers keep an idle stream open. */
export const HEARTBEAT_MS = 25_000;
/** setTimeout's longest delay; a grant can last longer, so its expiry timer is set again. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface StreamGrant {
  /** Whether whoever opened the stream may still read it; checked before every write. */
  stillValid(): Promise<boolean>;
  /** When the grant ends by itself (a session's expiry), if known. */
  expiresAt?: Date;
}

export interface EventStream {
  /**
   * Writes an event once the grant is checked, after every write asked for before it; `data`
   * is read then, so that it is as fresh as the check.
   */
  send(event: string, data: () => unknown): void;
  /** Ends the stream (also when the client goes away); `onEnd`'s callbacks run once. */
  end(): void;
  onEnd(callback: () => void): void;
}

/**
 * Server-Sent Events streams that live no longer than what granted them (a desk session, a
 * citizen's link): the grant is checked before every event and heartbeat, and a stream whose
 * grant is gone ends instead of writing. The reply is hijacked because the stream outlives the
 * handler; open streams are ended when the server closes, which would otherwise wait on them.
 * Call once per plugin, at registration.
 */
export function eventStreams(fastify: FastifyInstance) {
  const streams = new Set<ServerResponse>();
  fastify.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });

  return function open(request: FastifyRequest, reply: FastifyReply, grant: StreamGrant): EventStream {
    reply.hijack();
    const stream = reply.raw;
    // The headers set by earlier hooks (security headers, CORS among them) go out with the stream.
    stream.writeHead(200, {
      ...(reply.getHeaders() as OutgoingHttpHeaders),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    stream.write('retry: 5000\n: connected\n\n');
    streams.add(stream);

    let ended = false;
    let expiry: NodeJS.Timeout | undefined;
    const endings: Array<() => void> = [];
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      clearTimeout(expiry);
      streams.delete(stream);
      for (const callback of endings) callback();
      stream.end();
    };
    const expireAtEnd = () => {
      if (!grant.expiresAt) return;
      const left = grant.expiresAt.getTime() - fastify.now().getTime();
      if (left <= 0) end();
      else expiry = setTimeout(expireAtEnd, Math.min(left, MAX_TIMEOUT_MS));
    };
    // Writes wait for the check of the grant before them, one after the other, so that nothing
    // is written once the grant is found gone and events keep their order.
    let writes = Promise.resolve();
    const writeIfGranted = (text: () => string | Promise<string>) => {
      writes = writes
        .then(async () => {
          if (ended) return;
          if (!(await grant.stillValid())) return end();
          const body = await text();
          if (!ended) stream.write(body);
        })
        .catch((error: unknown) => {
          // A grant found gone while reading the data ends the stream like a failed check.
          if (!(error instanceof AppError && error.statusCode < 500)) fastify.log.error({ err: error }, 'could not write to an event stream');
          end();
        });
    };
    const heartbeat = setInterval(() => writeIfGranted(() => ': heartbeat\n\n'), HEARTBEAT_MS);
    expireAtEnd();
    request.raw.on('close', end);
    stream.on('close', end);

    return {
      send: (event, data) => writeIfGranted(async () => `event: ${event}\ndata: ${JSON.stringify(await data())}\n\n`),
      end,
      // A stream can end before its owner subscribes (a grant that expired meanwhile).
      onEnd: (callback) => (ended ? callback() : void endings.push(callback)),
    };
  };
}
