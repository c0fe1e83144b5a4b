import { expect } from '@open-wc/testing';
import { deleteDB, openDB } from 'idb';
import { ApiClient } from './api.js';
import { ApiError } from './errors.js';
import { Outbox, OUTBOX_MAX_AGE, type OutboxEvent, type OutboxEventType, type PendingItem } from './outbox.js';
import { submitOrQueue } from './submit.js';
import { json, networkDown, stubFetch, type FetchStub } from './testing.js';

const client = new ApiClient('https://oac.example.cat', 'demo', { retries: 0 });
/** The outbox's next event of `type`. */
const next = (outbox: Outbox, type: OutboxEventType) =>
  new Promise<OutboxEvent>((resolve) => outbox.addEventListener(type, (event) => resolve(event as OutboxEvent), { once: true }));
/** Every record left in the outbox's IndexedDB database, by store, read as anyone with access to the device could. */
async function onDevice(name: string): Promise<Record<string, unknown[]>> {
  const db = await openDB(name);
  try {
    const stores = [...db.objectStoreNames];
    return Object.fromEntries(await Promise.all(stores.map(async (store) => [store, await db.getAll(store)])));
  } finally {
    db.close();
  }
}
const entry = (n: number) => ({ url: `https://oac.example.cat/api/things/${n}`, body: { n }, idempotencyKey: crypto.randomUUID(), kind: 'test' });

describe('outbox', () => {
  let fetch: FetchStub | undefined;
  let name: string;
  const outboxes: Outbox[] = [];
  /** An outbox on this test's database, as a page (or a reloaded page, or another tab) would open it. */
  const open = (options = {}) => {
    const outbox = new Outbox({ name, retryDelay: 10_000, ...options });
    outboxes.push(outbox);
    return outbox;
  };

  beforeEach(() => (name = `fin-test-outbox-${crypto.randomUUID()}`));
  afterEach(async () => {
    fetch?.restore();
    for (const outbox of outboxes.splice(0)) outbox.stop();
    await deleteDB(name);
  });

  describe('when a submission is lost to the network', () => {
    it('queues it, and after a reload delivers it exactly once even with two pages flushing together', async () => {
      fetch = stubFetch(() => networkDown());
      const before = open();
      const result = await submitOrQueue(client, '/api/things', { topic: 'padró' }, { kind: 'test', outbox: before });
      expect(result.queued).to.equal(true);
      const sentKey = fetch.calls[0].headers.get('Idempotency-Key');
      // The page goes away with the item stored.
      before.stop();
      expect(await open().pending()).to.have.length(1);

      fetch.respond(() => json({ reference: 'A-1' }, 201));
      const calls = fetch.calls.length;
      const reloaded = open();
      const otherTab = open();
      await Promise.all([reloaded.flush(), otherTab.flush()]);

      const delivered = fetch.calls.slice(calls);
      expect(delivered).to.have.length(1);
      expect(delivered[0].url).to.equal('https://oac.example.cat/api/things');
      expect(delivered[0].body).to.deep.equal({ topic: 'padró' });
      // The same key as the first attempt, in case that one did reach the server.
      expect(delivered[0].headers.get('Idempotency-Key')).to.equal(sentKey);
      expect(await reloaded.pending()).to.deep.equal([]);
      expect(await otherTab.pending()).to.deep.equal([]);
    });

    it('flushes what a previous page left as soon as it starts', async () => {
      await open().enqueue(entry(1));
      fetch = stubFetch(() => json({}, 201));
      const page = open();
      const sent = next(page, 'sent');
      page.start();
      expect((await sent).item.body).to.deep.equal({ n: 1 });
    });
  });

  it('sends items in the order they were queued', async () => {
    const outbox = open();
    for (const n of [1, 2, 3]) await outbox.enqueue(entry(n));
    fetch = stubFetch(() => json({}, 201));
    await outbox.flush();
    expect(fetch.calls.map((c) => c.body)).to.deep.equal([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('keeps an item after a 5xx and sends it on the backoff timer', async () => {
    const outbox = open({ retryDelay: 20 });
    // Read when the timer resends it: however slow the machine, the item was kept in between.
    let kept: PendingItem | undefined;
    fetch = stubFetch(async (_, n) => {
      if (n === 0) return json({ statusCode: 503, code: 'FIN_ERR_INTERNAL', message: 'x' }, 503);
      [kept] = await outbox.pending();
      return json({}, 201);
    });
    await outbox.enqueue(entry(1));
    const sent = next(outbox, 'sent');
    await outbox.flush();
    await sent;
    expect(kept?.attempts).to.equal(1);
    expect(fetch.calls).to.have.length(2);
    expect(await outbox.pending()).to.deep.equal([]);
  });

  it('sends when the browser comes back online', async () => {
    fetch = stubFetch(() => networkDown());
    const outbox = open();
    await outbox.enqueue(entry(1));
    outbox.start();
    await outbox.flush();
    expect(await outbox.pending()).to.have.length(1);
    fetch.respond(() => json({}, 201));
    const sent = next(outbox, 'sent');
    window.dispatchEvent(new Event('online'));
    await sent;
    expect(await outbox.pending()).to.deep.equal([]);
  });

  it('deletes an item the server refuses for good, and reports it with its error', async () => {
    const outbox = open();
    await outbox.enqueue(entry(1));
    await outbox.enqueue(entry(2));
    fetch = stubFetch((call) =>
      (call.body as { n: number }).n === 1 ? json({ statusCode: 400, code: 'FIN_ERR_VALIDATION', message: 'phone is invalid' }, 400) : json({}, 201),
    );
    const failed = next(outbox, 'failed');
    await outbox.flush();
    const event = await failed;
    expect(event.item.body).to.deep.equal({ n: 1 });
    expect(event.error).to.deep.equal({ code: 'FIN_ERR_VALIDATION', message: 'phone is invalid', status: 400 });
    expect(fetch.calls).to.have.length(2);
    expect(await onDevice(name)).to.deep.equal({ pending: [] });
  });

  it('keeps nothing on the device once an item is delivered', async () => {
    const outbox = open();
    await outbox.enqueue(entry(1));
    fetch = stubFetch(() => json({ reference: 'A-1' }, 201));
    await outbox.flush();
    expect(fetch.calls).to.have.length(1);
    expect(await onDevice(name)).to.deep.equal({ pending: [] });
  });

  it('deletes the refused items an earlier version kept', async () => {
    const legacy = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('pending', { keyPath: 'id', autoIncrement: true });
        db.createObjectStore('failed', { keyPath: 'id' });
      },
    });
    await legacy.put('failed', { ...entry(1), id: 1, createdAt: 0, attempts: 1, failedAt: 0, error: { code: 'FIN_ERR_VALIDATION', message: 'x', status: 400 } });
    await legacy.add('pending', { ...entry(2), createdAt: Date.now(), attempts: 0 });
    legacy.close();
    const pending = await open().pending();
    expect(pending.map((item) => item.body)).to.deep.equal([{ n: 2 }]);
    expect(Object.keys(await onDevice(name))).to.deep.equal(['pending']);
  });

  describe('after 24 hours unsent', () => {
    let clock: number;
    const start = Date.parse('2026-12-07T09:00:00Z');
    beforeEach(() => (clock = start));
    const openAt = () => open({ now: () => clock });

    it('deletes the item without sending it and reports it as expired', async () => {
      const outbox = openAt();
      await outbox.enqueue(entry(1));
      clock = start + 60_000;
      await outbox.enqueue(entry(2));
      fetch = stubFetch(() => json({}, 201));
      clock = start + OUTBOX_MAX_AGE;
      const failed = next(outbox, 'failed');
      await outbox.flush();
      const event = await failed;
      expect(event.item.body).to.deep.equal({ n: 1 });
      expect(event.error?.code).to.equal('FIN_ERR_OUTBOX_EXPIRED');
      expect(event.error?.status).to.equal(0);
      // The younger one still goes.
      expect(fetch.calls.map((call) => call.body)).to.deep.equal([{ n: 2 }]);
      expect(await onDevice(name)).to.deep.equal({ pending: [] });
    });

    it('keeps an item until then', async () => {
      const outbox = openAt();
      await outbox.enqueue(entry(1));
      clock = start + OUTBOX_MAX_AGE - 1;
      expect((await outbox.pending()).map((item) => item.body)).to.deep.equal([{ n: 1 }]);
      clock = start + OUTBOX_MAX_AGE;
      expect(await outbox.pending()).to.deep.equal([]);
      expect(await onDevice(name)).to.deep.equal({ pending: [] });
    });

    it('tells a page that stayed open, offline, when the item comes due', async () => {
      Object.defineProperty(navigator, 'onLine', { value: false, configurable: true });
      try {
        const outbox = open({ maxAge: 200 });
        outbox.start();
        const failed = next(outbox, 'failed');
        await outbox.enqueue(entry(1));
        expect((await failed).error?.code).to.equal('FIN_ERR_OUTBOX_EXPIRED');
        expect(await onDevice(name)).to.deep.equal({ pending: [] });
      } finally {
        delete (navigator as { onLine?: boolean }).onLine;
      }
    });

    it('lets a widget of the next visit find, once, what it had queued', async () => {
      const before = openAt();
      await before.enqueue({ ...entry(1), kind: 'callback' });
      await before.enqueue({ ...entry(2), kind: 'survey' });
      before.stop();
      clock = start + OUTBOX_MAX_AGE + 1;
      fetch = stubFetch(() => json({}, 201));
      const page = openAt();
      page.start();
      const mine = (item: { kind: string }) => item.kind === 'callback';
      expect((await page.takeExpired(mine)).map((item) => item.body)).to.deep.equal([{ n: 1 }]);
      expect(await page.takeExpired(mine)).to.deep.equal([]);
      expect(fetch.calls).to.deep.equal([]);
      expect(await onDevice(name)).to.deep.equal({ pending: [] });
    });
  });

  describe('submitOrQueue', () => {
    it('sends at once when the network works', async () => {
      fetch = stubFetch(() => json({ reference: 'A-2' }, 201));
      const outbox = open();
      expect(await submitOrQueue(client, '/api/things', { a: 1 }, { kind: 'test', outbox })).to.deep.equal({ queued: false, data: { reference: 'A-2' } });
      expect(await outbox.pending()).to.deep.equal([]);
    });

    it('queues without trying when the browser is offline', async () => {
      fetch = stubFetch(() => json({}, 201));
      Object.defineProperty(navigator, 'onLine', { value: false, configurable: true });
      try {
        const result = await submitOrQueue(client, '/api/things', { a: 1 }, { kind: 'test', outbox: open() });
        expect(result.queued).to.equal(true);
        expect(fetch.calls).to.deep.equal([]);
      } finally {
        delete (navigator as { onLine?: boolean }).onLine;
      }
    });

    it('throws a refusal instead of queueing it', async () => {
      fetch = stubFetch(() => json({ statusCode: 400, code: 'FIN_ERR_VALIDATION', message: 'no' }, 400));
      const outbox = open();
      let error: unknown;
      await submitOrQueue(client, '/api/things', {}, { kind: 'test', outbox }).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(ApiError);
      expect(await outbox.pending()).to.deep.equal([]);
    });
  });
});
