import type { CouncilConfig } from '../councils/schemas.js';
import type { SlotKey } from './store.js';

/**
 * How long a process reuses a slot list it serialized. In the process that books or cancels,
 * the lists of that council's service are dropped as the place is taken or given back; this is
 * the longest a list can miss a change made in another process sharing the database, or by a
 * booking whose transaction was still committing while the list was read.
 */
export const SLOT_ANSWER_MS = 1_000;

interface Kept {
  body: Promise<Buffer>;
  /** The version of the council's service's places the list was read at. */
  version: number;
  /** The instants (the app's clock) between which the list's slots stay the same. */
  from: number;
  until: number;
  /** When the list is read again whatever happened (the process's clock). */
  expires: number;
}

/**
 * Slot lists as they are sent, kept per council object (a new configuration is a new object),
 * service and `key` (the language, the procedure). Every widget on a council's page asks for the
 * same list, which is hundreds of slots read from `slot_usage` and serialized; a booking changes
 * it, time passing changes it, a request rarely does. Whatever a kept list says, taking a place
 * stays one conditional update in the database (`SlotStore.take`): a list may at worst offer a
 * place that was just taken, which the booking answers with 409 and alternatives, as it does
 * when two citizens race for the last place.
 */
export class SlotAnswers {
  private readonly versions = new Map<string, number>();
  private readonly kept = new WeakMap<CouncilConfig, Map<string, Kept>>();

  /** Drops the lists of a council's service: a place was taken or given back. */
  changed(councilId: string, service: SlotKey['service']): void {
    const name = `${councilId} ${service}`;
    this.versions.set(name, (this.versions.get(name) ?? 0) + 1);
  }

  /**
   * The list kept for `key`, or the one `make` serializes now (requests arriving meanwhile share
   * it). `until` says from which instant the council's calendar offers other slots than at `now`
   * (a slot passing its lead time, a new day in the horizon).
   */
  get(council: CouncilConfig, service: SlotKey['service'], key: string, now: Date, until: () => number, make: () => Promise<Buffer>): Promise<Buffer> {
    let lists = this.kept.get(council);
    if (!lists) this.kept.set(council, (lists = new Map()));
    const version = this.versions.get(`${council.id} ${service}`) ?? 0;
    const name = `${service} ${key}`;
    const at = now.getTime();
    const found = lists.get(name);
    if (found && found.version === version && found.from <= at && at < found.until && performance.now() < found.expires) return found.body;

    const body = make();
    const kept = { body, version, from: at, until: until(), expires: performance.now() + SLOT_ANSWER_MS };
    lists.set(name, kept);
    // A failed read is not kept: the next request tries again.
    body.catch(() => {
      if (lists.get(name) === kept) lists.delete(name);
    });
    return body;
  }
}
