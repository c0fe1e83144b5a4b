import { Type, type TSchema } from '@sinclair/typebox';
import type { Method } from './protocol.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
/** mediasoup validates these deeply itself; the socket only checks their outline and size. */
const Blob = Type.Object({}, { additionalProperties: true });
const Empty = Type.Object({}, { additionalProperties: false });

/** The shape of each request's `data`, checked before the handler runs. */
export const REQUEST_SCHEMAS: Record<Method, TSchema> = {
  getRouterRtpCapabilities: Empty,
  join: Type.Object(
    {
      displayName: Type.String({ minLength: 1, maxLength: 80 }),
      rtpCapabilities: Type.Object({ codecs: Type.Array(Blob, { maxItems: 200 }) }, { additionalProperties: true }),
      device: Type.Optional(
        Type.Object(
          {
            name: Type.Optional(Type.String({ maxLength: 40 })),
            version: Type.Optional(Type.String({ maxLength: 40 })),
            flag: Type.Optional(Type.String({ maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
  createWebRtcTransport: Type.Object({ direction: Type.Union([Type.Literal('send'), Type.Literal('recv')]) }, { additionalProperties: false }),
  connectWebRtcTransport: Type.Object(
    { transportId: Id, dtlsParameters: Type.Object({ fingerprints: Type.Array(Blob, { minItems: 1, maxItems: 10 }) }, { additionalProperties: true }) },
    { additionalProperties: false },
  ),
  produce: Type.Object(
    {
      transportId: Id,
      kind: Type.Union([Type.Literal('audio'), Type.Literal('video')]),
      rtpParameters: Type.Object({ codecs: Type.Array(Blob, { minItems: 1, maxItems: 20 }) }, { additionalProperties: true }),
      appData: Type.Object(
        { source: Type.Union([Type.Literal('camera'), Type.Literal('microphone'), Type.Literal('screen')]) },
        { additionalProperties: true },
      ),
    },
    { additionalProperties: false },
  ),
  consume: Type.Object({ producerId: Id }, { additionalProperties: false }),
  resumeConsumer: Type.Object({ consumerId: Id }, { additionalProperties: false }),
  pauseProducer: Type.Object({ producerId: Id }, { additionalProperties: false }),
  resumeProducer: Type.Object({ producerId: Id }, { additionalProperties: false }),
  closeProducer: Type.Object({ producerId: Id }, { additionalProperties: false }),
  restartIce: Type.Object({ transportId: Id }, { additionalProperties: false }),
  admit: Type.Object({ peerId: Id }, { additionalProperties: false }),
  invite: Type.Object({ role: Type.Union([Type.Literal('interpreter'), Type.Literal('supervisor')]) }, { additionalProperties: false }),
  requestDocument: Type.Object({ document: Id }, { additionalProperties: false }),
  point: Type.Object(
    { points: Type.Array(Type.Object({ x: Type.Number({ minimum: 0, maximum: 1 }), y: Type.Number({ minimum: 0, maximum: 1 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 64 }) },
    { additionalProperties: false },
  ),
  consent: Type.Object({ accept: Type.Boolean() }, { additionalProperties: false }),
  hangUp: Empty,
};
