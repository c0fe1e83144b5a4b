import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { DEMO_COUNCILS_FILE } from '../src/config.js';
import { seedAgent, type TestDatabase } from './helpers.js';

let keys = 0;

export const appointmentRequest = (overrides: Record<string, unknown> = {}) => ({
  procedure: 'padro',
  slot: '2026-11-24T09:00:00.000Z',
  name: 'Marta Soler',
  email: 'marta@example.org',
  phone: '612 345 678',
  idDocument: '12345678-z',
  consent: true,
  language: 'ca',
  website: '',
  ...overrides,
});

export function book(app: FastifyInstance, overrides: Record<string, unknown> = {}, council = 'demo') {
  return app.inject({
    method: 'POST',
    url: `/api/councils/${council}/appointments`,
    headers: { 'idempotency-key': `appointment-${++keys}` },
    payload: appointmentRequest(overrides),
  });
}

export function mine(app: FastifyInstance, action: 'reschedule' | 'cancel' | 'check-in', payload: Record<string, unknown>, council = 'demo') {
  return app.inject({ method: 'POST', url: `/api/councils/${council}/appointments/mine/${action}`, payload });
}

export interface OutboxEntry {
  id: string;
  to: string;
  subject: string;
  text: string;
  attachments?: string[];
}

/** What the mail module wrote to DATA_DIR/mail, oldest first. */
export async function outbox(database: TestDatabase): Promise<Array<OutboxEntry & { eml: string }>> {
  const dir = path.join(database.env.DATA_DIR!, 'mail');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(
    names.map(async (name) => ({
      ...(JSON.parse(await readFile(path.join(dir, name), 'utf8')) as OutboxEntry),
      eml: await readFile(path.join(dir, name.replace(/\.json$/, '.eml')), 'utf8'),
    })),
  );
}

/** The properties of an iCalendar text, lines unfolded, by name (parameters dropped), in order. */
export function parseIcs(text: string): Array<[string, string]> {
  return text
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).split(';')[0]!, line.slice(colon + 1)];
    });
}

export const icsValue = (properties: Array<[string, string]>, name: string) => properties.find(([key]) => key === name)?.[1];

/** The text of the calendar attachment of a raw message (nodemailer sends it base64 or quoted-printable). */
export function emlCalendar(eml: string): string {
  const part = /Content-Type: text\/calendar[^\r\n]*(?:\r?\n[^\r\n]+)*\r?\n\r?\n([\s\S]*?)\r?\n----/.exec(eml);
  if (!part) throw new Error('no calendar attachment');
  const headers = part[0].slice(0, part[0].indexOf(part[1]!));
  if (/Content-Transfer-Encoding: base64/i.test(headers)) return Buffer.from(part[1]!.replace(/\s/g, ''), 'base64').toString('utf8');
  return part[1]!
    .replace(/=\r?\n/g, '')
    .replace(/(?:=[0-9A-F]{2})+/g, (hex) => Buffer.from(hex.replace(/=/g, ''), 'hex').toString('utf8'));
}

/** `20261124T090000Z` for an ISO instant. */
export const icsUtc = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** The demo councils file plus a second council `altra` with its own agent, both offering appointments. */
export async function writeTwoAppointmentCouncils(dir: string): Promise<string> {
  const [demo] = JSON.parse(await readFile(DEMO_COUNCILS_FILE, 'utf8'));
  const altra = {
    ...structuredClone(demo),
    id: 'altra',
    name: 'Ajuntament d’Altra',
    agents: [await seedAgent({ email: 'agent@altra.example', name: 'Oriol Altra', password: 'altra-password-1' })],
  };
  const file = path.join(dir, 'two-appointment-councils.json');
  await writeFile(file, JSON.stringify([demo, altra]));
  return file;
}
