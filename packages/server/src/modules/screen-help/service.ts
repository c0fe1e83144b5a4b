import { createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import { lockCase, type Database } from '../../db/index.js';
import { AppError } from '../../shared/errors.js';
import { supervises } from '../../shared/roles.js';
import type { Agent } from '../agents/store.js';
import { CallbackStore, type CallbackRow } from '../callbacks/store.js';
import { tokenInvalid } from '../cases/contact.js';
import type { CouncilConfig } from '../councils/schemas.js';
import type { Actor } from '../evidence/log.js';
import { composeMail } from '../mail/compose.js';
import { hashToken } from '../tokens/index.js';
import {
  CODE_TTL_MINUTES,
  MAX_WRONG_TRIES,
  type EndReason,
  type OpenRequest,
  type ScreenHelpOpened,
  type ScreenHelpStarted,
  type ScreenHelpStatus,
} from './schemas.js';
import { ScreenHelpStore, type SessionRow } from './store.js';
import { SCREEN_HELP_TEXTS } from './texts.js';

/** The citizen's token lives as long as a phone call reasonably does; ending the session revokes it sooner. */
const TOKEN_TTL_MS = 4 * 60 * 60 * 1000;
/** A new code that equals one of the council's waiting codes is drawn again, this many times at most. */
const CODE_DRAWS = 50;

const codeInvalid = () => new AppError('FIN_ERR_SCREEN_HELP_CODE_INVALID');
const notCalling = () => new AppError('FIN_ERR_SCREEN_HELP_NOT_CALLING');
const callbackNotFound = () => new AppError('FIN_ERR_CALLBACK_NOT_FOUND', 'Callback not found');
const actorOf = (agent: Agent): Actor => `agent:${agent.id}`;

/** Another request opened the session between our read and our write: this one rolls back. */
class LostRace extends Error {}

/**
 * Screen help during a phone callback: the agent makes a code, the citizen types it, consents and
 * shares; either side ends it. Every move is one transaction with its evidence event; what
 * follows an end outside the database (the citizen's token, the room) comes after its commit.
 */
export class ScreenHelpService {
  readonly store: ScreenHelpStore;
  private readonly callbacks: CallbackStore;
  private keyPromise: Promise<Buffer> | null = null;

  constructor(private readonly fastify: FastifyInstance) {
    this.store = new ScreenHelpStore(fastify.db);
    this.callbacks = new CallbackStore(fastify.db);
  }

  /**
   * A key of its own derived from the master key, so a code's hash is worthless without it (a
   * million codes are tried in no time) and never doubles as anything the master key seals.
   * Codes live minutes, so a rotated-out master key needs no place here.
   */
  private key(): Promise<Buffer> {
    this.keyPromise ??= this.fastify.masterKey().then((master) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'finestreta screen help code', 32)));
    this.keyPromise.catch(() => {
      this.keyPromise = null;
    });
    return this.keyPromise;
  }

  private static hash(key: Buffer, councilId: string, code: string): string {
    return createHmac('sha256', key).update(`screen-help ${councilId} ${code}`).digest('hex');
  }

  private static matches(row: SessionRow, hash: string): boolean {
    return timingSafeEqual(Buffer.from(row.codeHash, 'hex'), Buffer.from(hash, 'hex'));
  }

  private static status(row: SessionRow): ScreenHelpStatus {
    return { session: row.id, state: row.state, expiresAt: row.expiresAt, ...(row.share && { share: row.share }), ...(row.endedReason && { endedReason: row.endedReason }) };
  }

  private async ended(trx: Transaction<Database>, row: SessionRow, reason: EndReason, actor: Actor, now: Date): Promise<boolean> {
    if (!(await this.store.end(trx, row.id, reason, now))) return false;
    await this.fastify.evidence.append(trx, row.caseId, { type: 'screen_help.ended', actor, data: { session: row.id, reason } }, now);
    return true;
  }

  /**
   * The rows still waiting whose code has not expired; the expired ones end (`expired`) as they are
   * touched, their cases added to `closed` for `afterEnd` once the transaction commits.
   */
  private async unexpired(trx: Transaction<Database>, rows: SessionRow[], now: Date, closed: string[]): Promise<SessionRow[]> {
    const fresh: SessionRow[] = [];
    for (const row of rows) {
      if (row.state !== 'waiting') continue;
      if (Date.parse(row.expiresAt) > now.getTime()) fresh.push(row);
      else if (await this.ended(trx, row, 'expired', 'system', now)) closed.push(row.caseId);
    }
    return fresh;
  }

  /**
   * Ends the case's live sessions, in the caller's transaction (a code that had expired ends as
   * `expired`); call `afterEnd` once it committed.
   */
  async endLive(trx: Transaction<Database>, caseId: string, reason: EndReason, actor: Actor, now: Date): Promise<boolean> {
    let any = false;
    for (const row of await this.store.live(caseId, trx)) {
      const expired = row.state === 'waiting' && Date.parse(row.expiresAt) <= now.getTime();
      if (await this.ended(trx, row, expired ? 'expired' : reason, expired ? 'system' : actor, now)) any = true;
    }
    return any;
  }

  /** After an end committed: the citizen's token opens nothing more, and the room ends wherever it runs. */
  async afterEnd(caseId: string, now: Date): Promise<void> {
    await this.fastify.tokens.revoke(caseId, ['screen-help'], now);
    await this.fastify.calls.end(caseId, 'screenHelpEnded');
  }

  private async endOne(row: SessionRow, reason: EndReason, actor: Actor, now: Date): Promise<void> {
    const done = await this.fastify.db.transaction().execute((trx) => this.ended(trx, row, reason, actor, now));
    if (done) await this.afterEnd(row.caseId, now);
  }

  private async callback(agent: Agent, id: string): Promise<CallbackRow> {
    const row = await this.callbacks.find(id, agent.councilId);
    if (!row) throw callbackNotFound();
    return row;
  }

  private link(council: CouncilConfig, session: string): string {
    const url = new URL(council.screenHelpPageUrl ?? `${this.fastify.config.linkBase}/ajuda-pantalla`);
    if (!council.screenHelpPageUrl) url.searchParams.set('council', council.id);
    url.searchParams.set('help', session);
    return url.toString();
  }

  /** Makes a code for the callback the agent is calling now; an earlier live session ends (`replaced`). */
  async start(agent: Agent, id: string, now: Date): Promise<ScreenHelpStarted> {
    await this.callback(agent, id);
    const council = await this.fastify.councils.ofAgent(agent);
    const key = await this.key();
    const session = randomBytes(18).toString('base64url');
    const expiresAt = new Date(now.getTime() + CODE_TTL_MINUTES * 60_000);
    const made = await this.fastify.db.transaction().execute(async (trx) => {
      await lockCase(trx, this.fastify.config.database.kind, 'callbacks', id);
      const current = await this.callbacks.find(id, agent.councilId, trx);
      if (!current || current.state !== 'in_progress' || current.assignedAgentId !== agent.id) throw notCalling();
      const replaced = await this.endLive(trx, id, 'replaced', actorOf(agent), now);
      // Unique among the council's waiting codes, so that a code typed without the link opens one session.
      const taken = new Set((await this.store.waiting(council.id, trx)).map((row) => row.codeHash));
      for (let draw = 0; draw < CODE_DRAWS; draw += 1) {
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        const codeHash = ScreenHelpService.hash(key, council.id, code);
        if (taken.has(codeHash)) continue;
        await this.store.insert(trx, { id: session, caseId: id, councilId: council.id, agentId: agent.id, codeHash, now, expiresAt });
        // Whether the link goes to the citizen's email; a failed send is an incident of its own.
        const data = { session, expiresAt: expiresAt.toISOString(), emailed: current.email !== null };
        await this.fastify.evidence.append(trx, id, { type: 'screen_help.started', actor: actorOf(agent), data }, now);
        return { code, replaced, callback: current };
      }
      throw new Error('no free screen-help code in the council');
    });
    if (made.replaced) await this.afterEnd(id, now);
    const link = this.link(council, session);
    const emailed = made.callback.email !== null && (await this.sendLink(council, made.callback, link));
    return { session, state: 'waiting', expiresAt: expiresAt.toISOString(), code: made.code, link, emailed };
  }

  /** The link only, never the code: the code comes by phone, so the email alone opens nothing. */
  private async sendLink(council: CouncilConfig, callback: CallbackRow, link: string): Promise<boolean> {
    const t = SCREEN_HELP_TEXTS[callback.language];
    const { text, html } = composeMail(callback.language, [
      { paragraph: t.emailGreeting(callback.name) },
      { paragraph: t.emailIntro(council.name) },
      { link: { intro: t.emailLinkIntro, label: t.emailLinkLabel, url: link } },
      { paragraph: t.emailCode },
      { paragraph: t.emailSignature(council.name) },
    ]);
    try {
      await this.fastify.mail.send({ council, about: { subject: 'screen-help-link', caseId: callback.id }, to: callback.email!, subject: t.emailSubject(callback.reference), text, html });
      return true;
    } catch (error) {
      // The agent reads the code out and can spell the address of the page too.
      this.fastify.log.error({ err: error, caseId: callback.id }, 'could not email the screen-help link');
      return false;
    }
  }

  /** The callback's newest session, for the desk. */
  async status(agent: Agent, id: string, now: Date): Promise<ScreenHelpStatus> {
    await this.callback(agent, id);
    const latest = await this.store.latest(id);
    if (!latest) throw new AppError('FIN_ERR_SCREEN_HELP_NOT_FOUND');
    if (latest.state === 'waiting' && Date.parse(latest.expiresAt) <= now.getTime()) {
      const closed: string[] = [];
      await this.fastify.db.transaction().execute((trx) => this.unexpired(trx, [latest], now, closed));
      for (const caseId of closed) await this.afterEnd(caseId, now);
      return ScreenHelpService.status((await this.store.byId(latest.id, latest.councilId))!);
    }
    return ScreenHelpService.status(latest);
  }

  /** The agent ends the callback's session: its caller, or a supervisor. Ending an ended one changes nothing. */
  async endByAgent(agent: Agent, id: string, now: Date): Promise<ScreenHelpStatus> {
    const callback = await this.callback(agent, id);
    const latest = await this.store.latest(id);
    if (!latest) throw new AppError('FIN_ERR_SCREEN_HELP_NOT_FOUND');
    if (callback.assignedAgentId !== agent.id && !supervises(agent.role)) throw notCalling();
    await this.endOne(latest, 'agent', actorOf(agent), now);
    return ScreenHelpService.status((await this.store.byId(latest.id, latest.councilId))!);
  }

  /**
   * The citizen types the code, with the session of their link or without. A wrong try counts
   * against the link's session, or without one against every waiting code of the council: an
   * attacker can then kill a council's live codes (the agent makes another with one click), but
   * can never try more than MAX_WRONG_TRIES guesses against any code, a one in 200,000 chance.
   * Every failure gets the same answer, so nobody learns whether a code exists, expired or died.
   */
  async open(council: CouncilConfig, body: OpenRequest, now: Date): Promise<ScreenHelpOpened> {
    const hash = ScreenHelpService.hash(await this.key(), council.id, body.code);
    const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS);
    // The sessions this try ended (expired, or dead of wrong tries): their rooms end once it commits.
    const closed: string[] = [];
    const outcome = await this.fastify.db
      .transaction()
      .execute(async (trx) => {
        const read = body.session ? [await this.store.byId(body.session, council.id, trx)] : await this.store.waiting(council.id, trx);
        const candidates = await this.unexpired(trx, read.filter((row): row is SessionRow => row !== undefined), now, closed);
        // Compared with every candidate, so the time taken does not tell where the match was.
        const match = candidates.filter((row) => ScreenHelpService.matches(row, hash))[0];
        if (match) {
          const token = await this.fastify.tokens.issue(trx, { caseId: match.caseId, purpose: 'screen-help', expiresAt, now });
          // Two right codes at once: the conditional update lets one through and rolls the other back.
          if (!(await this.store.open(trx, match.id, hashToken(token), now))) throw new LostRace();
          await this.fastify.evidence.append(trx, match.caseId, { type: 'screen_help.opened', actor: 'citizen', data: { session: match.id } }, now);
          return { row: match, token };
        }
        for (const row of candidates) {
          const failures = await this.store.fail(trx, row.id);
          if (failures === undefined || failures < MAX_WRONG_TRIES) continue;
          await this.fastify.evidence.append(trx, row.caseId, { type: 'screen_help.locked', actor: 'system', data: { session: row.id } }, now);
          if (await this.ended(trx, row, 'tooManyTries', 'system', now)) closed.push(row.caseId);
          // Someone may be guessing: worth a look in the logs (never the code, which was not guessed).
          this.fastify.log.warn({ caseId: row.caseId, councilId: council.id }, 'a screen-help code died of wrong tries');
        }
        // Returned rather than thrown, so that the count of wrong tries is kept.
        return null;
      })
      .catch((error: unknown) => {
        if (!(error instanceof LostRace)) throw error;
        // Rolled back: nothing this try ended stayed ended.
        closed.length = 0;
        return null;
      });
    for (const caseId of new Set(closed)) await this.afterEnd(caseId, now);
    if (!outcome) throw codeInvalid();
    const { row, token } = outcome;
    return {
      session: row.id,
      token,
      room: row.caseId,
      agent: { displayName: await this.store.agentName(row.agentId) },
      council: { name: council.name },
      expiresAt: expiresAt.toISOString(),
      recordingRequired: council.recording?.required ?? false,
    };
  }

  /** The session a citizen's token opened; 409 once it ended, 401 for a token that opens nothing. */
  private async byToken(council: CouncilConfig, token: string, now: Date): Promise<SessionRow> {
    const row = await this.store.byToken(hashToken(token), council.id);
    if (!row) throw tokenInvalid();
    if (row.state === 'ended') throw new AppError('FIN_ERR_SCREEN_HELP_ENDED');
    if ((await this.fastify.tokens.resolve(token, 'screen-help', now)) !== row.caseId) throw tokenInvalid();
    return row;
  }

  /** The citizen agrees to share their screen (or, on a phone, the camera): the room lets them in from now. */
  async consent(council: CouncilConfig, token: string, share: 'screen' | 'camera', now: Date): Promise<void> {
    const row = await this.byToken(council, token, now);
    if (row.state === 'sharing' && row.share === share) return;
    await this.fastify.db.transaction().execute(async (trx) => {
      if (!(await this.store.share(trx, row.id, share))) throw new AppError('FIN_ERR_SCREEN_HELP_ENDED');
      await this.fastify.evidence.append(trx, row.caseId, { type: 'screen_help.consented', actor: 'citizen', data: { session: row.id, share } }, now);
    });
  }

  /** The citizen stops; ending an ended session changes nothing. */
  async endByCitizen(council: CouncilConfig, token: string, now: Date): Promise<void> {
    const row = await this.store.byToken(hashToken(token), council.id);
    if (!row) throw tokenInvalid();
    await this.endOne(row, 'citizen', 'citizen', now);
  }

  /** The session a token opened, if the token is still good: the room decides with its case and state. */
  async ofToken(token: string, now: Date): Promise<SessionRow | undefined> {
    const row = await this.store.byToken(hashToken(token), undefined);
    if (!row || (await this.fastify.tokens.resolve(token, 'screen-help', now)) !== row.caseId) return undefined;
    return row;
  }
}
