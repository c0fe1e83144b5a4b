/**
 * What the desk reads of a call's recordings, shared by the calls module that stores them and
 * the appointments module that lists them with the case, so that neither imports the other.
 */

/** The people whose camera and microphone a call recording holds. */
export const PARTIES = ['citizen', 'agent'] as const;
export type Party = (typeof PARTIES)[number];

/** The layouts of a recording's streams, as stored (JSON, or null for recordings stored before they were kept). */
export function layoutsOf(tracks: string | null): string[] {
  return tracks ? (JSON.parse(tracks) as string[]) : [];
}

/** The parties with at least one stream in a recording, in the order of `PARTIES`. */
export function partiesOf(tracks: string | null): Party[] {
  const layouts = layoutsOf(tracks);
  return PARTIES.filter((party) => layouts.some((layout) => layout.startsWith(`${party}:`)));
}

/** A part of the call recorded on its own and joined into a stored recording, beginning `atMs` into its file. */
export interface JoinedPart {
  id: string;
  startedAt: string;
  atMs: number;
}
