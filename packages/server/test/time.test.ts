import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, fromZoned, isoWeekday, isValidTimeZone, offsetAt, toZoned } from '../src/shared/time.js';

const MADRID = 'Europe/Madrid';

describe('time zone helper', () => {
  it('reads the wall clock of an instant in winter and in summer', () => {
    assert.deepEqual(toZoned(new Date('2026-01-12T09:30:00Z'), MADRID), { date: '2026-01-12', time: '10:30', weekday: 1 });
    assert.deepEqual(toZoned(new Date('2026-07-12T22:30:00Z'), MADRID), { date: '2026-07-13', time: '00:30', weekday: 1 });
  });

  it('turns a local time into the right instant on each side of a DST change', () => {
    assert.equal(fromZoned('2026-03-27', '08:00', MADRID).toISOString(), '2026-03-27T07:00:00.000Z');
    assert.equal(fromZoned('2026-03-30', '08:00', MADRID).toISOString(), '2026-03-30T06:00:00.000Z');
    assert.equal(fromZoned('2026-10-23', '20:00', MADRID).toISOString(), '2026-10-23T18:00:00.000Z');
    assert.equal(fromZoned('2026-10-26', '08:00', MADRID).toISOString(), '2026-10-26T07:00:00.000Z');
  });

  it('moves a time skipped by spring-forward past the gap', () => {
    // 2026-03-29 02:00 → 03:00 in Madrid: 02:30 does not exist.
    assert.equal(fromZoned('2026-03-29', '02:30', MADRID).toISOString(), '2026-03-29T01:30:00.000Z');
    assert.equal(toZoned(fromZoned('2026-03-29', '02:30', MADRID), MADRID).time, '03:30');
  });

  it('takes the first of two times repeated by fall-back', () => {
    // 2026-10-25 03:00 → 02:00 in Madrid: 02:30 happens twice, first at +02:00.
    assert.equal(fromZoned('2026-10-25', '02:30', MADRID).toISOString(), '2026-10-25T00:30:00.000Z');
  });

  it('knows the offset, also for zones south of the equator and without DST', () => {
    assert.equal(offsetAt(Date.parse('2026-07-01T00:00:00Z'), MADRID), 2 * 3_600_000);
    assert.equal(offsetAt(Date.parse('2026-07-01T00:00:00Z'), 'America/Santiago'), -4 * 3_600_000);
    assert.equal(fromZoned('2026-07-01', '12:00', 'Asia/Kolkata').toISOString(), '2026-07-01T06:30:00.000Z');
  });

  it('does date arithmetic on calendar days', () => {
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(isoWeekday('2026-11-22'), 7);
    assert.equal(isoWeekday('2026-11-23'), 1);
  });

  it('tells a real time zone from a made-up one', () => {
    assert.equal(isValidTimeZone(MADRID), true);
    assert.equal(isValidTimeZone('Europe/Vilademo'), false);
  });
});
