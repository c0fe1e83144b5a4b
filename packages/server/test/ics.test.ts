import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appointmentCalendar } from '../src/modules/appointments/ics.js';
import type { CouncilConfig } from '../src/modules/councils/schemas.js';
import { parseIcs, icsValue } from './appointment-fixtures.js';

const council = { name: "Ajuntament de l'Hospitalet de Llobregat — Oficina d'Atenció Ciutadana" } as CouncilConfig;
const procedureName = "Sol·licitud d'ajut econòmic per a l'adequació d'habitatges d'ús propi, amb càrrega familiar i accés";

describe('the calendar file', () => {
  for (const method of ['PUBLISH', 'CANCEL'] as const) {
    it(`folds every line at 75 octets, never inside a character, and unfolds to the same text (${method})`, () => {
      const ics = appointmentCalendar(
        council,
        {
          caseId: '0b9f4a8e-6d57-4c8c-9f38-1f0d0e5f1a2b',
          reference: 'VC-7K2M-Q9XD',
          procedureName,
          start: new Date('2026-12-09T09:00:00Z'),
          end: new Date('2026-12-09T09:30:00Z'),
          sequence: 2,
          language: 'ca',
          citizen: { name: 'Maria Àngels Puigdomènech i Castellà', email: 'maria@example.org' },
          appointmentUrl: 'https://finestreta.example.org/api/councils/lh/appointments/mine/calendar.ics?token=' + 'x'.repeat(43),
        },
        "Oficina d'Atenció Ciutadana <no-reply@example.org>",
        method,
      );
      const lines = ics.split('\r\n');
      assert.ok(lines.length > 10);
      for (const line of lines) {
        assert.ok(Buffer.byteLength(line) <= 75, `${Buffer.byteLength(line)} octets: ${line}`);
        assert.ok(!line.includes('\uFFFD'));
      }
      assert.doesNotMatch(ics, /\r\n\t/, 'continuation lines begin with one space');
      const unfolded = parseIcs(ics);
      // TEXT values escape commas and semicolons (RFC 5545 §3.3.11).
      const summary = icsValue(unfolded, 'SUMMARY')!.replace(/\\([,;\\])/g, '$1');
      assert.ok(summary.includes(procedureName), summary);
      assert.ok(summary.includes(council.name), summary);
      assert.ok(unfolded.some(([key]) => key === 'ATTENDEE'));
    });
  }
});
