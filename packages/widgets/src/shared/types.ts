/** Shapes of the server's answers the widgets read (see the server's OpenAPI document). */

export interface OpeningHours {
  /** ISO weekday: 1 is Monday, 7 is Sunday. */
  weekday: number;
  /** Local time in the council's time zone, `HH:MM`. */
  opens: string;
  closes: string;
}

export interface Holiday {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  name: string;
}

export interface Procedure {
  id: string;
  name: string;
  durationMinutes: number;
  documents: { id: string; name: string }[];
}

export interface Council {
  id: string;
  name: string;
  timeZone: string;
  languages: string[];
  defaultLanguage: string;
  openingHours: OpeningHours[];
  holidays: Holiday[];
  /** Whether the office is open now and when that flips (UTC ISO), or null when it never does. */
  status: { open: boolean; changesAt: string | null };
  procedures: Procedure[];
  privacyUrl: string;
  branding: { primaryColor: string | null; logoUrl: string | null };
}

export interface Agent {
  id: string;
  name: string;
  email: string;
  council: { id: string; name: string };
}
