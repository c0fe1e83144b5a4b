import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SLOT_ANSWER_MS } from '../src/modules/slots/answers.js';
import { useTestApp } from './helpers.js';

interface SlotView {
  start: string;
  end: string;
  available: number;
}

describe('callback slots', () => {
  // Monday 23 November 2026, 08:00 in Madrid (UTC+1).
  let now = new Date('2026-11-23T07:00:00Z');

  const suite = useTestApp({ now: () => now });

  const slots = async (lang = 'ca') => {
    const response = await suite.app.inject(`/api/councils/demo/callbacks/slots?lang=${lang}`);
    assert.equal(response.statusCode, 200);
    return response.json() as { timeZone: string; slotMinutes: number; topics: Array<{ id: string; name: string }>; asap: { start: string; end: string } | null; slots: SlotView[] };
  };
  const onDay = (list: SlotView[], utcDate: string) => list.filter((slot) => slot.start.startsWith(utcDate));

  it('cuts the opening hours into 30-minute slots, starting after the lead time', async () => {
    const body = await slots();
    assert.equal(body.timeZone, 'Europe/Madrid');
    assert.equal(body.slotMinutes, 30);
    const monday = onDay(body.slots, '2026-11-23');
    // 08:00 local is now, 08:30 is the first slot after the 30-minute lead; the last ends at 20:00.
    assert.deepEqual(monday[0], { start: '2026-11-23T07:30:00.000Z', end: '2026-11-23T08:00:00.000Z', available: 2 });
    assert.deepEqual(monday.at(-1), { start: '2026-11-23T18:30:00.000Z', end: '2026-11-23T19:00:00.000Z', available: 2 });
    assert.equal(monday.length, 23);
    assert.deepEqual(body.asap, { start: '2026-11-23T07:30:00.000Z', end: '2026-11-23T08:00:00.000Z' });
  });

  it('drops each slot at the very instant its lead time begins, however often the list was asked before', async () => {
    const firsts = [];
    for (const instant of ['2026-11-23T09:00:00Z', '2026-11-23T09:00:00Z', '2026-11-23T09:00:00.001Z', '2026-11-23T09:29:59.999Z', '2026-11-23T09:30:00Z']) {
      now = new Date(instant);
      firsts.push((await slots()).slots[0]!.start);
    }
    now = new Date('2026-11-23T07:00:00Z');
    assert.deepEqual(firsts, ['2026-11-23T09:30:00.000Z', '2026-11-23T09:30:00.000Z', '2026-11-23T10:00:00.000Z', '2026-11-23T10:00:00.000Z', '2026-11-23T10:00:00.000Z']);
  });

  it('lists the topics, help with an online procedure first, in the asked language', async () => {
    assert.deepEqual((await slots('es')).topics, [
      { id: 'online-help', name: 'Ayuda con un trámite en línea' },
      { id: 'padro', name: 'Alta en el padrón municipal' },
      { id: 'ajuts', name: 'Solicitud de ayudas sociales' },
    ]);
  });

  it('skips weekends and holidays, and stops at the horizon', async () => {
    const body = await slots();
    assert.equal(onDay(body.slots, '2026-11-28').length, 0, 'Saturday');
    assert.equal(onDay(body.slots, '2026-11-29').length, 0, 'Sunday');
    assert.equal(onDay(body.slots, '2026-11-30').length, 0, 'the local holiday');
    assert.equal(onDay(body.slots, '2026-12-01').length, 24);
    assert.equal(onDay(body.slots, '2026-12-02').length, 24, 'the tenth day');
    assert.equal(onDay(body.slots, '2026-12-03').length, 0, 'beyond the 10-day horizon');
  });

  it('follows the wall clock across the change to summer time', async () => {
    // Friday 27 March 2026; clocks go forward on Sunday the 29th.
    now = new Date('2026-03-27T06:00:00Z');
    const body = await slots();
    assert.equal(onDay(body.slots, '2026-03-27')[0]!.start, '2026-03-27T07:00:00.000Z', '08:00 in winter time');
    assert.equal(onDay(body.slots, '2026-03-30')[0]!.start, '2026-03-30T06:00:00.000Z', '08:00 in summer time');
    assert.equal(onDay(body.slots, '2026-03-30').at(-1)!.end, '2026-03-30T18:00:00.000Z', '20:00 in summer time');
    assert.equal(onDay(body.slots, '2026-04-03').length, 0, 'Good Friday');
    now = new Date('2026-11-23T07:00:00Z');
  });

  it('shows the free places of each slot and hides full ones', async () => {
    const start = '2026-11-24T09:00:00.000Z';
    const book = (phone: string) =>
      suite.app.inject({
        method: 'POST',
        url: '/api/councils/demo/callbacks',
        payload: { topic: 'online-help', slot: start, name: 'Marta', phone, consent: true, language: 'ca', website: '' },
      });
    assert.equal((await book('612000001')).statusCode, 201);
    assert.equal((await slots()).slots.find((slot) => slot.start === start)?.available, 1);
    assert.equal((await book('612000002')).statusCode, 201);
    assert.equal((await slots()).slots.find((slot) => slot.start === start), undefined);
  });

  it('shows a place taken by another process sharing the database within SLOT_ANSWER_MS', async () => {
    const before = (await slots()).slots.find((slot) => slot.available === 2)!;
    // What another process's booking leaves behind: this process hears of it through the table only.
    await suite.app.db.insertInto('slot_usage').values({ council_id: 'demo', service: 'callback', slot_start: before.start, used: 1 }).execute();
    const taken = performance.now();
    const available = async () => (await slots()).slots.find((slot) => slot.start === before.start)!.available;
    while ((await available()) === 2) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(performance.now() - taken < SLOT_ANSWER_MS + 500, `shown after ${performance.now() - taken} ms`);
    assert.equal(await available(), 1);
  });

  it('answers 404 for a council that does not exist', async () => {
    const response = await suite.app.inject('/api/councils/atlantis/callbacks/slots');
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().code, 'FIN_ERR_COUNCIL_NOT_FOUND');
  });
});
