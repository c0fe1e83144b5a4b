import path from 'node:path';
import websocket from '@fastify/websocket';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Transaction } from 'kysely';
import { AppError, errorResponses } from '../../shared/errors.js';
import { originAllowed } from '../../shared/origins.js';
import { supervises } from '../../shared/roles.js';
import { hashToken } from '../tokens/index.js';
import { Room, type Identity } from './room.js';
import { MediasoupSfu } from './sfu.js';
import { OPEN_STATES } from '../appointments/lifecycle.js';
import { CallError } from './errors.js';
import { CallStore, type CallCase } from './store.js';
import { recoverParts } from './recovery.js';
import { removeLeftovers } from './views.js';
import { iceServersFor } from './turn.js';
import { LIVE_CALL_BEAT_MS, LiveCallRegistry, type RecordingPosition } from './live.js';
import type { EndReason, NotificationName, Notifications } from './protocol.js';
import { runEvery } from '../../shared/ticker.js';
import type { Database } from '../../db/index.js';

/**
 * The calls running now, wherever their rooms are, for the modules that work inside a call (the
 * procedure): several processes may share the database, and a call's room is in one of them.
 */
export interface LiveCalls {
  /** Where the case's call recording is now; null when nothing is being recorded. Read in `executor` when given (the caller's transaction). */
  position(caseId: string, executor?: Transaction<Database>): Promise<RecordingPosition | null>;
  /** Tells everyone let into the case's call, in whichever process it runs. */
  notify<N extends NotificationName>(caseId: string, notification: N, data: Notifications[N]): Promise<void>;
  /** Ends the case's call for everyone (`callEnded {reason}`), in whichever process it runs. */
  end(caseId: string, reason: EndReason): Promise<void>;
  /** How many calls' rooms run in this process, for monitoring. */
  hosted(): number;
}

declare module 'fastify' {
  interface FastifyInstance {
    calls: LiveCalls;
  }
}

/** How long an invitation link for an interpreter or supervisor stays valid. */
const INVITE_TTL_MS = 4 * 60 * 60 * 1000;
/** No call writes to its recording this long without a pause: a file idle for longer was left by a crash. */
const LEFTOVER_AGE_MS = 6 * 60 * 60 * 1000;
/** A part being recorded is written to every few seconds (a 64 KiB chunk of audio and video): one idle this long was cut by a crash. */
const PART_IDLE_MS = 10 * 60 * 1000;
/** The notifications channel on which a message for a call's participants reaches the process hosting its room. */
const CALL_CHANNEL = 'call';
/** Signaling messages are small; SDP-sized capabilities fit with room to spare. */
const MAX_MESSAGE_BYTES = 256 * 1024;

const CallParams = Type.Object({ appointmentId: Type.String({ minLength: 1, maxLength: 64 }) });
const CallQuery = Type.Object({
  token: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  invite: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  as: Type.Optional(Type.Literal('supervisor', { description: 'With the desk session: join as a third party, a supervisor or administrator of the council only' })),
});

const callNotFound = () => new AppError('FIN_ERR_CALL_NOT_FOUND', 'Call not found');

/** The capability tokens of invitations into a call, by the role they give. */
const INVITE_PURPOSES = { interpreter: 'call-interpreter', supervisor: 'call-supervisor' } as const;

/**
 * Video calls: a WebSocket per participant at /api/calls/:appointmentId/ws speaking protocol.ts,
 * rooms on the SFU and the recording on the server; the desk's playback of recordings is in
 * recordings.ts.
 *
 * Rooms live in the memory of the process a call's sockets reach: with several processes, nginx
 * routes every socket of one appointment to one process (deploy/nginx). What outlives a room or
 * concerns the other processes goes through the database: invitations (capability tokens), where
 * the recording is (live.ts), and messages to the call's participants (notifications).
 */
async function calls(fastify: FastifyInstance) {
  const { config } = fastify;
  const store = new CallStore(fastify);
  const sfu = new MediasoupSfu(
    {
      workerBin: config.calls.workerBin,
      workers: config.calls.workers,
      listenIp: config.calls.listenIp,
      announcedIp: config.calls.announcedIp,
      portMin: config.calls.portMin,
      portMax: config.calls.portMax,
    },
    fastify.log.child({ module: 'calls' }),
  );
  const rooms = new Map<string, Room>();
  const registry = new LiveCallRegistry(fastify.db, () => fastify.now());
  const hostKeys = new WeakMap<Room, string>();
  const admitted = new WeakMap<FastifyRequest, { identity: Identity; room: Room }>();
  const getMasterKey = () => fastify.masterKey();

  async function roomFor(found: CallCase): Promise<Room> {
    const { id: caseId, councilId } = found;
    const existing = rooms.get(caseId);
    if (existing && !existing.closed) return existing;
    const council = await fastify.councils.get(councilId);
    // A callback's room serves screen help only: nobody else is invited, no document is asked for.
    const appointmentOnly = () => {
      throw new CallError('FIN_ERR_CALL_FORBIDDEN', 'Only a video appointment can do that');
    };
    const key = registry.newKey();
    const log = fastify.log.child({ module: 'calls', caseId });
    // The registry's writes for one room, in the order they happened. One that fails costs the
    // other processes where the recording is, not the call.
    let registered = Promise.resolve();
    const register = (write: () => Promise<void>) => {
      registered = registered.then(write).catch((error: unknown) => log.error({ err: error }, 'could not update the live calls registry'));
    };
    const room = new Room(
      caseId,
      {
        sfu,
        store: store.forKind(found.kind),
        log,
        iceServers: (peerId) => iceServersFor(config.calls, peerId, fastify.now()),
        ffmpegBin: config.calls.ffmpegBin,
        dataDir: config.dataDir,
        masterKey: getMasterKey,
        recordingRequired: council?.recording?.required ?? false,
        sharedPictureOnly: found.kind === 'callback',
        incidents: fastify.incidents,
        createInvite: found.kind === 'callback' ? appointmentOnly : async (id, role) => {
          // A token in the database, so that the invitation still opens the call after its room
          // moves to another process (the one hosting it died).
          const now = fastify.now();
          const expiresAt = now.getTime() + INVITE_TTL_MS;
          const token = await fastify.db.transaction().execute((trx) => fastify.tokens.issue(trx, { caseId: id, purpose: INVITE_PURPOSES[role], expiresAt: new Date(expiresAt), now }));
          const page = council?.appointmentPageUrl ?? `${config.linkBase}/cita`;
          const url = new URL(page);
          url.searchParams.set('call', id);
          url.searchParams.set('invite', token);
          return { url: url.toString(), token, expiresAt: new Date(expiresAt).toISOString() };
        },
        expectedDocuments: found.kind === 'callback' ? appointmentOnly : async (id) => (await fastify.documents.expectedFor(id)).map(({ id: documentId, name }) => ({ id: documentId, name })),
        partChanged: (part) => register(() => registry.recording(key, caseId, part)),
      },
      () => {
        if (rooms.get(caseId) === room) rooms.delete(caseId);
        // The call is over: nobody else comes in with an invitation.
        register(() => fastify.tokens.revoke(caseId, Object.values(INVITE_PURPOSES), fastify.now()));
        register(() => registry.closed(key, caseId));
      },
    );
    rooms.set(caseId, room);
    hostKeys.set(room, key);
    register(() => registry.opened(key, caseId));
    await registered;
    return room;
  }

  /** Who may open the socket, decided before the upgrade so that a refusal is a plain HTTP error. */
  async function admit(request: FastifyRequest<{ Params: Static<typeof CallParams>; Querystring: Static<typeof CallQuery> }>) {
    const { appointmentId } = request.params;
    const { token, invite, as } = request.query;
    const now = fastify.now();
    const found = await store.findCase(appointmentId);
    let identity: Identity;
    if (token !== undefined && found?.kind === 'callback') {
      // Screen help: the token the code gave, once its citizen agreed to share. The code was the
      // agent's admission, so they are in at once, their coming and going logged.
      const session = await fastify.screenHelp.ofToken(token, now);
      if (!session) throw new AppError('FIN_ERR_TOKEN_INVALID', 'This link is not valid or has expired');
      if (session.caseId !== found.id) throw callNotFound();
      if (session.state === 'ended') throw new AppError('FIN_ERR_SCREEN_HELP_ENDED');
      if (session.state !== 'sharing') throw new AppError('FIN_ERR_FORBIDDEN', 'Agree to share your screen first');
      identity = { role: 'citizen', key: 'citizen', actor: 'citizen', sitsIn: true };
    } else if (token !== undefined) {
      // A calendar's link may join the call: that is what it is for.
      const caseId = await fastify.tokens.resolve(token, ['appointment', 'appointment-view'], now);
      if (!caseId) throw new AppError('FIN_ERR_TOKEN_INVALID', 'This link is not valid or has expired');
      if (caseId !== appointmentId || !found) throw callNotFound();
      identity = { role: 'citizen', key: 'citizen', actor: 'citizen' };
    } else if (invite !== undefined) {
      const grant = await fastify.tokens.grant(invite, Object.values(INVITE_PURPOSES), now);
      if (!grant) throw new AppError('FIN_ERR_TOKEN_INVALID', 'This invitation is not valid or has expired');
      if (grant.caseId !== appointmentId || !found) throw callNotFound();
      const role = grant.purpose === INVITE_PURPOSES.supervisor ? 'supervisor' : 'interpreter';
      identity = { role, key: `invite:${hashToken(invite)}`, actor: 'system' };
    } else {
      await fastify.authenticate(request);
      const agent = request.agent!;
      if (as === 'supervisor' && !supervises(agent.role)) throw new AppError('FIN_ERR_ROLE_FORBIDDEN');
      if (!found || found.councilId !== agent.councilId) throw callNotFound();
      // A callback's screen is its caller's to see, or a supervisor's sitting in.
      if (found.kind === 'callback' && as !== 'supervisor' && found.assignedAgentId !== agent.id) throw new AppError('FIN_ERR_SCREEN_HELP_NOT_CALLING');
      identity =
        as === 'supervisor'
          ? { role: 'supervisor', key: `supervisor:${agent.id}`, actor: `agent:${agent.id}`, sitsIn: true }
          : { role: 'agent', key: `agent:${agent.id}`, actor: `agent:${agent.id}` };
    }
    if (as !== undefined && (token !== undefined || invite !== undefined)) throw new AppError('FIN_ERR_VALIDATION', 'Joining as a supervisor takes the desk session, not a link');
    if (found.kind === 'appointment' ? !OPEN_STATES.includes(found.state) : found.state !== 'in_progress') throw new AppError('FIN_ERR_CALL_ENDED', 'This call is over');
    // A WebSocket handshake is a GET that CORS does not guard: a page of any other site could open
    // one with the citizen's link. Browsers always send Origin here; only the council's sites and
    // this server's own pages may connect.
    const origin = request.headers.origin;
    if (origin !== undefined) {
      const council = await fastify.councils.get(found.councilId);
      const own = config.publicUrl ? new URL(config.publicUrl).origin : `${request.protocol}://${request.host}`;
      if (origin !== own && !originAllowed(origin, council?.allowedOrigins ?? [])) {
        throw new AppError('FIN_ERR_ORIGIN_FORBIDDEN', `Calls from ${origin} are not allowed`);
      }
    }
    admitted.set(request, { identity, room: await roomFor(found) });
  }

  await fastify.register(websocket, { options: { maxPayload: MAX_MESSAGE_BYTES } });

  fastify.get<{ Params: Static<typeof CallParams>; Querystring: Static<typeof CallQuery> }>(
    '/api/calls/:appointmentId/ws',
    {
      websocket: true,
      schema: {
        tags: ['calls'],
        summary: "The signaling socket of a video appointment, or of a callback's screen help (see calls/protocol.ts)",
        params: CallParams,
        querystring: CallQuery,
        response: errorResponses(400, 401, 403, 404, 409),
      },
      preHandler: admit,
    },
    // Synchronous: a client's first message can arrive right after the upgrade, and a listener
    // attached after an await would miss it.
    (socket, request) => {
      const { identity, room } = admitted.get(request)!;
      room.connect(identity, socket);
    },
  );

  const local = (caseId: string) => {
    const room = rooms.get(caseId);
    return room && !room.closed ? room : undefined;
  };
  const unsubscribe = fastify.notifications.subscribe(CALL_CHANNEL, (payload) => {
    const message = payload as { caseId: string } & ({ end: EndReason } | { notification: NotificationName; data: Notifications[NotificationName] });
    const room = local(message.caseId);
    if (!room) return;
    if ('end' in message) void room.end(message.end, 'system');
    else room.notifyAll(message.notification, message.data);
  });
  fastify.decorate<LiveCalls>('calls', {
    async position(caseId, executor) {
      const now = fastify.now();
      const room = local(caseId);
      return room ? room.recordingPosition(now) : registry.position(caseId, now, executor);
    },
    async notify(caseId, notification, data) {
      // Told after the change was saved: a lost message costs a participant a refresh, not the change.
      await fastify.notifications.publish(CALL_CHANNEL, { caseId, notification, data }).catch((error: unknown) => fastify.log.error({ err: error, caseId }, 'could not tell a call of a change'));
    },
    async end(caseId, reason) {
      // Like `notify`: the change that ends the call is saved; a lost message leaves a room that the next refusal of its socket ends.
      await fastify.notifications.publish(CALL_CHANNEL, { caseId, end: reason }).catch((error: unknown) => fastify.log.error({ err: error, caseId }, 'could not end a call'));
    },
    hosted: () => [...rooms.values()].filter((room) => !room.closed).length,
  });
  runEvery(fastify, 'renewing the live calls', LIVE_CALL_BEAT_MS, () =>
    registry.beat([...rooms.values()].filter((room) => !room.closed).map((room) => hostKeys.get(room)!)),
  );

  /** Stores the parts of recordings that a crash of this process or another cut short. */
  const recover = async () => {
    const recovered = await recoverParts({
      dir: path.join(config.dataDir, 'recordings'),
      dataDir: config.dataDir,
      masterKey: getMasterKey,
      ffmpegBin: config.calls.ffmpegBin,
      store: new CallStore(fastify),
      now: fastify.now(),
      idleMs: PART_IDLE_MS,
    });
    if (recovered.recovered.length + recovered.lost.length > 0) fastify.log.warn(recovered, 'stored the parts of recordings a crash cut short');
  };
  // Another process sharing the recordings may have died, and may not start again.
  runEvery(fastify, 'storing the parts of recordings a crash cut short', PART_IDLE_MS, recover);
  fastify.addHook('onReady', async () => {
    await recover();
    const removed = await removeLeftovers(path.join(config.dataDir, 'recordings'), fastify.now(), LEFTOVER_AGE_MS);
    if (removed.length > 0) fastify.log.warn({ removed }, 'removed what a crash left in the recordings directory');
  });

  fastify.addHook('onClose', async () => {
    unsubscribe();
    await Promise.all([...rooms.values()].map((room) => room.end('serverShutdown', 'system')));
    await sfu.close();
  });
}

export default fp(calls, { name: 'calls', dependencies: ['database', 'agents', 'councils', 'notifications', 'tokens', 'evidence', 'appointments', 'incidents'] });
