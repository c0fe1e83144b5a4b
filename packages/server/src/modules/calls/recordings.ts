import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import parseRange from 'range-parser';
import { decryptFile, decryptRange, SealDamaged } from '../../shared/crypto-at-rest.js';
import { AppError, errorResponses } from '../../shared/errors.js';
import { isOpening, recordStaffAccess } from '../evidence/access.js';
import { CallStore } from './store.js';
import { PARTIES, RecordingViews } from './views.js';

const RecordingParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), recordingId: Type.String({ minLength: 1, maxLength: 64 }) });
const RecordingPartyParams = Type.Object({ ...RecordingParams.properties, party: Type.Union(PARTIES.map((party) => Type.Literal(party))) });
const RecordingQuery = Type.Object({
  download: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('true')], { description: 'Sent as an attachment, and logged as a download rather than a view' })),
});
type RecordingRequest<P> = FastifyRequest<{ Params: P; Querystring: Static<typeof RecordingQuery> }>;

/** The desk's playback of call recordings, registered in its scope under /api/desk (plugins/desk.ts). */
export async function recordingRoutes(fastify: FastifyInstance) {
  const { config } = fastify;
  const store = new CallStore(fastify);
  const getMasterKey = () => fastify.masterKey();
  const views = new RecordingViews({ ffmpegBin: config.calls.ffmpegBin, masterKey: getMasterKey });

  /** A sealed recording, deciphered on the fly: whole, or the one range a player seeking asks for. */
  async function sendRecording(request: RecordingRequest<unknown>, reply: FastifyReply, sealed: { file: string; bytes: number; type: string; name: string }) {
    const { file, bytes, type, name } = sealed;
    reply
      .type(type)
      .header('accept-ranges', 'bytes')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `${request.query.download ? 'attachment' : 'inline'}; filename="${name}.webm"`);
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

  async function recordingOf(request: RecordingRequest<Static<typeof RecordingParams>>) {
    const found = await store.findRecording(request.agent!.councilId, request.params.id, request.params.recordingId);
    if (!found) throw new AppError('FIN_ERR_RECORDING_NOT_FOUND');
    return { ...found, file: path.join(config.dataDir, found.file) };
  }

  /** Logs an opening of a recording (`party`: one party's streams) as evidence; a player's later range requests of the same playback are not. */
  async function logOpening(request: RecordingRequest<Static<typeof RecordingParams>>, recording: { id: string; sha256: string }, party?: string) {
    if (!isOpening(request.headers.range)) return;
    const how = request.query.download ? 'download' : 'view';
    await recordStaffAccess(fastify, request.params.id, request.agent!.id, { kind: 'recording', id: recording.id, sha256: recording.sha256, how, ...(party && { party }) });
  }

  fastify.get<{ Params: Static<typeof RecordingParams>; Querystring: Static<typeof RecordingQuery> }>(
    '/appointments/:id/recordings/:recordingId',
    {
      schema: {
        tags: ['desk'],
        summary: "A call's recording (WebM, every party's streams: the file whose hash the evidence log holds), decrypted on the fly",
        params: RecordingParams,
        querystring: RecordingQuery,
        response: errorResponses(400, 401, 404, 416),
      },
    },
    async (request, reply) => {
      const recording = await recordingOf(request);
      await logOpening(request, recording);
      return sendRecording(request, reply, { file: recording.file, bytes: recording.bytes, type: recording.content_type, name: recording.id });
    },
  );

  fastify.get<{ Params: Static<typeof RecordingPartyParams>; Querystring: Static<typeof RecordingQuery> }>(
    '/appointments/:id/recordings/:recordingId/parties/:party',
    {
      schema: {
        tags: ['desk'],
        summary: "One party's camera and microphone from a call's recording (WebM), for the desk's player",
        params: RecordingPartyParams,
        querystring: RecordingQuery,
        response: errorResponses(400, 401, 404, 416),
      },
    },
    async (request, reply) => {
      const { party } = request.params;
      const recording = await recordingOf(request);
      const view = await views.of(recording, party);
      if (!view) throw new AppError('FIN_ERR_RECORDING_PARTY_NOT_FOUND');
      await logOpening(request, recording, party);
      return sendRecording(request, reply, { ...view, type: recording.content_type, name: `${recording.id}-${party}` });
    },
  );
}
