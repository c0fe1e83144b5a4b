import type { DeskProcedure } from '@finestreta/server/contract';
import { ApiClient, sendJson } from '../../shared/api.js';

/** The longest a procedure's request may take; the server answers each with the whole procedure. */
const TIMEOUT = 10_000;

/** The desk's procedure endpoints of one appointment, with the agent's session cookie; every change answers the new DeskProcedure. */
export class ProcedureApi {
  private readonly client: ApiClient;

  constructor(
    base: string,
    private readonly caseId: string,
  ) {
    this.client = new ApiClient(base, undefined, { credentials: 'include' });
  }

  private path(rest = ''): string {
    return `/api/desk/appointments/${encodeURIComponent(this.caseId)}/procedure${rest}`;
  }

  read(lang: string, signal?: AbortSignal): Promise<DeskProcedure> {
    return this.client.get<DeskProcedure>(this.path(), { query: { lang }, signal });
  }

  post(rest: string, body: unknown = {}): Promise<DeskProcedure> {
    return this.client.post<DeskProcedure>(this.path(rest), body);
  }

  /** A PUT replaces a whole part (the checklist), so sending it twice is harmless. */
  put(rest: string, body: unknown): Promise<DeskProcedure> {
    return sendJson<DeskProcedure>(this.client.url(this.path(rest)), { method: 'PUT', body, timeout: TIMEOUT, credentials: 'include' });
  }

  /** Makes the receipt of a signed case whose making failed; one made is answered as it is. */
  makeReceipt(): Promise<{ entryNumber: string; sha256: string; bytes: number }> {
    return this.client.post(this.path('/receipt'));
  }

  /** Where the sealed receipt downloads from; the server records each download in the case's evidence. */
  receiptUrl(): string {
    return this.client.url(this.path('/receipt'));
  }

  /** Where a still's bytes are, decrypted by the server for the agents of the case's council. */
  stillUrl(stillId: string): string {
    return this.client.url(this.path(`/identity/stills/${encodeURIComponent(stillId)}`));
  }
}
