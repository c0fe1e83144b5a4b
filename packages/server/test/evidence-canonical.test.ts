import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, describe, it } from 'node:test';
import type { EvidenceType } from '../src/modules/evidence/types.js';
import { book, writeTwoAppointmentCouncils } from './appointment-fixtures.js';
import { signIn, useTestApp } from './helpers.js';

/*
 * A third party's implementation of the canonical form, written from the README ("The evidence
 * log: how to recompute it") and nothing else: it must not share code with the server's.
 */
const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const char = text[i]!;
    const pairs = unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff;
    if (SHORT_ESCAPES[char]) out += SHORT_ESCAPES[char];
    else if (unit < 0x20) out += `\\u${unit.toString(16).padStart(4, '0')}`;
    else if (pairs) out += char + text[++i];
    else if (unit >= 0xd800 && unit <= 0xdfff) out += `\\u${unit.toString(16)}`;
    else out += char;
  }
  return `${out}"`;
}

function canonical(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? '0' : String(value)) : 'null';
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonical(item))).join(',')}]`;
  const members = Object.keys(value as object)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    // UTF-16 code unit order, as the README says (not code point order).
    .sort((a, b) => {
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return a.charCodeAt(i) - b.charCodeAt(i);
      return a.length - b.length;
    });
  return `{${members.map((key) => `${quote(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
}

interface WireEvent {
  seq: number;
  type: string;
  actor: string;
  at: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

const hashOf = (caseId: string, event: WireEvent) =>
  createHash('sha256')
    .update(Buffer.from(canonical({ caseId, seq: event.seq, type: event.type, actor: event.actor, data: event.data, at: event.at, prevHash: event.prevHash }), 'utf8'))
    .digest('hex');

describe("a case's evidence chain recomputed from the README's rules", () => {
  const suite = useTestApp(async (database) => ({
    now: () => new Date('2026-11-23T07:00:00Z'),
    reminderScheduler: false,
    env: { COUNCILS_FILE: await writeTwoAppointmentCouncils(database.env.DATA_DIR!) },
  }));
  let caseId: string;
  let events: WireEvent[];

  before(async () => {
    const booked = await book(suite.app, { name: 'Núria Çaño-Ŀlull 李 😀' });
    assert.equal(booked.statusCode, 201, booked.body);
    ({ id: caseId } = await suite.app.db.selectFrom('cases').select('id').where('reference', '=', booked.json().reference).executeTakeFirstOrThrow());
    // Everything the rules name: numbers in every notation, escapes, astral and lone surrogates, key order by UTF-16 units.
    const awkward = {
      text: 'a"b\\c/\b\f\n\r\t\u0000\u001f\u007f\u2028\u2029 é ß 💶 \ud800 end',
      numbers: [0, -0, 1, -1, 0.1, 1.5e-7, 1e-6, 123456789012345680000, 1e21, 2 ** 53 + 2, -3.14159, 5e-324, 1.7976931348623157e308],
      nested: { z: [{ b: null, a: true }], 'é': false, 'Z': [], '\ud83d\ude00': 'astral key', '\uff5e': 'bmp key after astral', '10': 1, '9': 2, '': 'empty' },
      missing: undefined,
      list: [1, undefined, 'x'],
    };
    await suite.app.db.transaction().execute((trx) =>
      suite.app.evidence.append(trx, caseId, { type: 'test.awkward' as EvidenceType, actor: 'system', data: awkward }, new Date('2026-12-06T10:00:00.123Z')),
    );
    const cookie = await signIn(suite.app, 'agent@demo.finestreta.cat', 'finestreta-demo');
    const response = await suite.app.inject({ method: 'GET', url: `/api/desk/cases/${caseId}/evidence`, headers: { cookie } });
    assert.equal(response.statusCode, 200, response.body);
    ({ events } = response.json() as { events: WireEvent[] });
  });

  it('gets every hash the server stored, the first chained to 64 zeros', () => {
    assert.ok(events.length >= 2);
    assert.equal(events[0]!.prevHash, '0'.repeat(64));
    let prevHash = '0'.repeat(64);
    for (const [index, event] of events.entries()) {
      assert.equal(event.seq, index + 1);
      assert.equal(event.prevHash, prevHash, `event ${event.seq} links to the one before`);
      assert.equal(hashOf(caseId, event), event.hash, `event ${event.seq} (${event.type})`);
      prevHash = event.hash;
    }
  });

  it('hashes non-ASCII text and numbers as the README writes them', () => {
    const awkward = events.find((event) => event.type === 'test.awkward')!;
    const text = canonical(awkward.data);
    assert.ok(text.includes('"numbers":[0,0,1,-1,0.1,1.5e-7,0.000001,123456789012345680000,1e+21,9007199254740994,-3.14159,5e-324,1.7976931348623157e+308]'), text);
    assert.ok(text.includes('"text":"a\\"b\\\\c/\\b\\f\\n\\r\\t\\u0000\\u001f\u007f\u2028\u2029 é ß 💶 \\ud800 end"'), text);
    assert.ok(text.includes('"nested":{"":"empty","10":1,"9":2,"Z":[],"z":[{"a":true,"b":null}],"é":false,"\ud83d\ude00":"astral key","\uff5e":"bmp key after astral"}'), text);
    assert.ok(text.includes('"list":[1,null,"x"]'), text);
    assert.ok(!text.includes('missing'), text);
    assert.equal(hashOf(caseId, awkward), awkward.hash);
    assert.equal(events.find((event) => event.type === 'appointment.booked')!.hash, hashOf(caseId, events.find((event) => event.type === 'appointment.booked')!));
  });

  it('tells a changed event from the stored one', () => {
    const awkward = events.find((event) => event.type === 'test.awkward')!;
    assert.notEqual(hashOf(caseId, { ...awkward, data: { ...awkward.data, text: 'other' } }), awkward.hash);
  });
});
