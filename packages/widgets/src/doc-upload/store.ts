import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** A file waiting to be sent, kept with its bytes so a reload or a crash never makes the citizen choose it again. */
export interface PendingUpload {
  id: string;
  /** Whose it is: one case's link on one server (see `ownerKey`). */
  owner: string;
  expected: string | null;
  fileName: string;
  type: string;
  /** The prepared file: exactly the bytes being sent, so a resumed upload continues the same file. */
  blob: Blob;
  /** The tus upload's address once the server created it; the upload resumes there. */
  uploadUrl: string | null;
  /** The citizen paused it; it stays paused after a reload. */
  paused: boolean;
  createdAt: number;
}

interface UploadSchema extends DBSchema {
  uploads: { key: string; value: PendingUpload; indexes: { owner: string } };
}

/**
 * Which link's files these are. The token grants the case, so it is not kept as such: its SHA-256
 * where the page is a secure context (where `crypto.subtle` exists), else the string itself, which
 * the page's own address already holds.
 */
export async function ownerKey(api: string, council: string, token: string): Promise<string> {
  const plain = `${api}|${council}|${token}`;
  if (!globalThis.crypto?.subtle) return plain;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(plain));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The files waiting to be sent, in IndexedDB, per link. */
export class UploadStore {
  private db?: Promise<IDBPDatabase<UploadSchema>>;

  constructor(readonly name = 'finestreta-uploads') {}

  private open(): Promise<IDBPDatabase<UploadSchema>> {
    this.db ??= openDB<UploadSchema>(this.name, 1, {
      upgrade(db) {
        db.createObjectStore('uploads', { keyPath: 'id' }).createIndex('owner', 'owner');
      },
    });
    return this.db;
  }

  /** The owner's files, oldest first: the order the citizen chose them. */
  async list(owner: string): Promise<PendingUpload[]> {
    const all = await (await this.open()).getAllFromIndex('uploads', 'owner', owner);
    return all.sort((a, b) => a.createdAt - b.createdAt);
  }

  async put(upload: PendingUpload): Promise<void> {
    await (await this.open()).put('uploads', upload);
  }

  /** Changes some fields of a stored file; one already gone stays gone. */
  async update(id: string, changes: Partial<Pick<PendingUpload, 'uploadUrl' | 'paused'>>): Promise<void> {
    const db = await this.open();
    const tx = db.transaction('uploads', 'readwrite');
    const current = await tx.store.get(id);
    if (current) await tx.store.put({ ...current, ...changes });
    await tx.done;
  }

  async delete(id: string): Promise<void> {
    await (await this.open()).delete('uploads', id);
  }

  /** Lets go of the database, so it can be upgraded or deleted; stored files stay. */
  close(): void {
    void this.db?.then((db) => db.close(), () => undefined);
    this.db = undefined;
  }
}
