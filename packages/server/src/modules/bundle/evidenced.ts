/**
 * The files whose SHA-256 an evidence event records, and where the bundle keeps each: the export
 * names members by these rules and the verifier holds every such event to its member and every
 * member of these folders to its event.
 */
export interface EvidencedKind {
  /** The event that records the file's hash in `data.sha256`. */
  event: string;
  /** The field of the event's data that holds the file's id. */
  idField: string;
  /** The bundle's folder for them: `<folder>/<id>.<extension>`. */
  folder: string;
  /**
   * The event replaces the file an event before it recorded (`data.previousSha256`) with a
   * renewal of it: the bundle holds the latest, whose first revision is the original.
   */
  renews?: true;
}

export const EVIDENCED_KINDS: readonly EvidencedKind[] = [
  { event: 'agreement.presented', idField: 'documentId', folder: 'application' },
  { event: 'document.received', idField: 'documentId', folder: 'documents' },
  { event: 'identity.still_taken', idField: 'stillId', folder: 'stills' },
  { event: 'call.recording_stored', idField: 'recordingId', folder: 'recordings' },
  { event: 'receipt.issued', idField: 'receiptId', folder: 'receipt' },
  { event: 'receipt.retimestamped', idField: 'receiptId', folder: 'receipt', renews: true },
];

const EXTENSIONS: Record<string, string> = {
  'application/json': 'json',
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'video/webm': 'webm',
};

/** An id as it may appear in a member's name: what randomUUID gives, and nothing that could make a path. */
export const MEMBER_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/;

/** The member a file of `folder` is kept as; the extension only helps whoever opens it. */
export function memberPath(folder: string, id: string, contentType: string): string {
  if (!MEMBER_ID.test(id)) throw new Error(`Not an id a member can be named by: ${id}`);
  return `${folder}/${id}.${EXTENSIONS[contentType] ?? 'bin'}`;
}

/** The folder and id a member's name gives, or null for a name outside these folders. */
export function memberId(path: string): { folder: string; id: string } | null {
  const match = /^([a-z]+)\/([A-Za-z0-9][A-Za-z0-9-]*)\.[a-z0-9]+$/.exec(path);
  if (!match || !EVIDENCED_KINDS.some((kind) => kind.folder === match[1])) return null;
  return { folder: match[1]!, id: match[2]! };
}
