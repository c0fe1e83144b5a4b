import { EventEmitter } from 'node:events';
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import pg from 'pg';

export interface Notifications {
  /** Tells every subscriber, in this process and (on PostgreSQL) in every other one. */
  publish(channel: string, payload: Record<string, unknown>): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(channel: string, listener: (payload: Record<string, unknown>) => void): () => void;
}

/** The one PostgreSQL channel all of Finestreta's notifications travel on. */
const PG_CHANNEL = 'finestreta';
const RECONNECT_DELAY_MS = 1000;

declare module 'fastify' {
  interface FastifyInstance {
    notifications: Notifications;
  }
}

/**
 * Change notifications between requests, such as "a callback was booked" for the desks that
 * are open. With SQLite there is one process, so an EventEmitter is enough. With PostgreSQL
 * several processes share the database, so a notification goes out through NOTIFY and comes
 * back, to this process too, through a dedicated LISTEN connection: every process delivers
 * the same notifications the same way.
 */
export default fp(
  async (fastify) => {
    const emitter = new EventEmitter();
    // Every open desk stream subscribes; the default limit of 10 would warn about a leak.
    emitter.setMaxListeners(0);
    const deliver = (channel: string, payload: Record<string, unknown>) => emitter.emit(channel, payload);
    const database = fastify.config.database;

    let publish: Notifications['publish'] = async (channel, payload) => {
      deliver(channel, payload);
    };

    if (database.kind === 'postgres') {
      let closing = false;
      let client: pg.Client | null = null;
      const listen = async (): Promise<void> => {
        const next = new pg.Client({ connectionString: database.url });
        next.on('notification', (message) => {
          if (message.channel !== PG_CHANNEL || !message.payload) return;
          const { channel, payload } = JSON.parse(message.payload) as { channel: string; payload: Record<string, unknown> };
          deliver(channel, payload);
        });
        next.on('error', (error) => {
          fastify.log.error({ err: error }, 'notification listener lost its connection');
          void next.end().catch(() => undefined);
          if (!closing) setTimeout(() => void listen().catch((retry) => fastify.log.error({ err: retry }, 'reconnect failed')), RECONNECT_DELAY_MS);
        });
        await next.connect();
        await next.query(`LISTEN ${PG_CHANNEL}`);
        client = next;
      };
      await listen();
      fastify.addHook('onClose', async () => {
        closing = true;
        await client?.end();
      });
      publish = async (channel, payload) => {
        await sql`select pg_notify(${PG_CHANNEL}, ${JSON.stringify({ channel, payload })})`.execute(fastify.db);
      };
    }

    fastify.decorate<Notifications>('notifications', {
      publish,
      subscribe(channel, listener) {
        emitter.on(channel, listener);
        return () => emitter.off(channel, listener);
      },
    });
  },
  { name: 'notifications', dependencies: ['database', 'agents'] },
);
