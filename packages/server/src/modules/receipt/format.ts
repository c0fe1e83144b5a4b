import type { Language } from '../councils/schemas.js';

/** "7 de desembre de 2026, 10:15:30 (Europe/Madrid)": an instant as the council's clocks showed it, to the second. */
export function formatInstant(iso: string, language: Language, timeZone: string): string {
  const worded = new Intl.DateTimeFormat(language, { timeZone, dateStyle: 'long', timeStyle: 'medium', hourCycle: 'h23' }).format(new Date(iso));
  return `${worded} (${timeZone})`;
}

/** "01:02:03": a time into a recording, the way a player shows it. */
export function formatOffset(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60].map((part) => String(part).padStart(2, '0')).join(':');
}

const GROUP = 4;

/** The verification code in groups of four, easier to read out and to type: "ABCD EFGH IJ". */
export function groupCode(code: string): string {
  return (code.match(new RegExp(`.{1,${GROUP}}`, 'g')) ?? []).join(' ');
}
