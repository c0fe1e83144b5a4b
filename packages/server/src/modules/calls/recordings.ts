import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import parseRange from 'range-parser';
import { decryptFile, decryptRange, SealDamaged } from '../../shared/crypto-at-rest.js';
import { AppError, errorResponses } from '../../shared/errors.js';
import { CallStore } from './store.js';
import { PARTIES, RecordingViews } from './views.js';

const RecordingParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), recordingId: Type.String({ minLength: 1, maxLength: 64 }) });
const RecordingPartyParams = Type.Object({ ...RecordingParams.properties, party: Type.Union(PARTIES.map((party) => Type.Literal(party))) });

/** The desk's playback of call recordings, registered in its scope under /api/desk (plugins/desk.ts). */
export async function recordingRoutes(fastify: FastifyInstance) {
  const { config } = fastify;
  const store = new CallStore(fastify);
  const getMasterKey = () => fastify.masterKey();
  const views = new RecordingViews({ ffmpegBin: config.calls.ffmpegBin, masterKey: getMasterKey });

  /** A sealed recording, deciphered on the fly: whole, or the one range a player seeking asks for. */
  async function sendRecording(request: FastifyRequest, reply: FastifyReply, sealed: { file: string; bytes: number; type: string; name: string }) {
    const { file, bytes, type, name } = sealed;
    reply
      .type(type)
      .header('accept-ranges', 'bytes')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `inline; filename="${name}.webm"`);
    // Anything but one satisfiable range gets the whole file.
    const ranges = request.headers.range ? parseRange(bytes, request.headers.range, { combine: true }) : undefined;
    if (ranges === -1) {
      reply.header('content-range', `bytes */${bytes}`);
      throw new AppError('FIN_ERR_RANGE_INVALID');
    }
    if (Array.isArray(ranges) && ranges.type === 'bytes' && ranges.length === 1) {
      const { start, end } = ranges[0]!;
      return reply
        .code(206)
        .header('content-range', `bytes ${start}-${end}/${bytes}`)
        .header('content-length', end - start + 1)
        .send(await decryptRange(await getMasterKey(), file, start, end).catch(recordingDamaged));
    }
    return reply.header('content-length', bytes).send(await decryptFile(await getMasterKey(), file).catch(recordingDamaged));
  }

  /** A recording whose first chunk to send fails its seal is refused before the response begins; a later one cuts the response. */
  function recordingDamaged(cause: unknown): never {
    if (!(cause instanceof SealDamaged)) throw cause;
    throw Object.assign(new AppError('FIN_ERR_RECORDING_DAMAGED'), { cause });
  }

  async function recordingOf(request: FastifyRequest<{ Params: Static<typeof RecordingParams> }>) {
    const found = await store.findRecording(request.agent!.councilId, request.params.id, request.params.recordingId);
    if (!found) throw new AppError('FIN_ERR_RECORDING_NOT_FOUND');
    return { ...found, file: path.join(config.dataDir, found.file) };
  }

  fastify.get<{ Params: Static<typeof RecordingParams> }>(
    '/appointments/:id/recordings/:recordingId',
    {
      schema: {
        tags: ['desk'],
        summary: "A call's recording (WebM, every party's streams: the file whose hash the evidence log holds), decrypted on the fly",
        params: RecordingParams,
        response: errorResponses(400, 401, 404, 416),
      },
    },
    async (request, reply) => {
      const recording = await recordingOf(request);
      return sendRecording(request, reply, { file: recording.file, bytes: recording.bytes, type: recording.content_type, name: recording.id });
    },
  );

  fastify.get<{ Params: Static<typeof RecordingPartyParams> }>(
    '/appointments/:id/recordings/:recordingId/parties/:party',
    {
      schema: {
        tags: ['desk'],
        summary: "One party's camera and microphone from a call's recording (WebM), for the desk's player",
        params: RecordingPartyParams,
        response: errorResponses(400, 401, 404, 416),
      },
    },
    async (request, reply) => {
      const { party } = request.params;
      const recording = await recordingOf(request);
      const view = await views.of(recording, party);
      if (!view) throw new AppError('FIN_ERR_RECORDING_PARTY_NOT_FOUND');
      return sendRecording(request, reply, { ...view, type: recording.content_type, name: `${recording.id}-${party}` });
    },
  );
}
