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

// pdfkit measures a word too long for a line again for each line it fills, so the time a run
// without spaces takes grows with its square (20,000 characters: 16 s of a blocked event loop).
// Past this length (more than a line holds, more than a SHA-256) it may break anywhere anyway.
const LONGEST_WORD = 80;
const LONG_RUN = new RegExp(`\\S{${LONGEST_WORD}}(?=\\S)`, 'gu');

/** `text` with a zero-width space after every LONGEST_WORD characters of a longer run, where pdfkit may break the line. */
export const breakable = (text: string): string => text.replace(LONG_RUN, (run) => `${run}\u200b`);
