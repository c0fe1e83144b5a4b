import type { FastifyReply } from 'fastify';

/**
 * An answer serialized once by the route's response schema, as bytes a route keeps and sends
 * again while what it says has not changed (a council's profile, lists of free slots).
 */
export const keptJson = (reply: FastifyReply, value: unknown): Buffer => Buffer.from(reply.serialize(value) as string);

/** Sends bytes made by `keptJson`: Fastify neither serializes a Buffer nor names its type. */
export const sendKeptJson = (reply: FastifyReply, body: Buffer): FastifyReply => reply.type('application/json; charset=utf-8').send(body);
