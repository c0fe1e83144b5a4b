import type { CitizenProcedure, StillKind } from '@finestreta/server/contract';
import { ApiClient } from '../../shared/api.js';

/** A still of up to 10 MB over a phone's uplink takes longer than a JSON request may. */
const STILL_TIMEOUT_MS = 120_000;

/** The citizen's side of the procedure's API, with the personal link's token. */
export class ProcedureApi {
  private readonly client: ApiClient;

  constructor(
    api: string,
    council: string,
    private readonly token: string,
  ) {
    this.client = new ApiClient(api, council);
  }

  private path(rest = '') {
    return this.client.councilPath(`/appointments/mine/procedure${rest}`);
  }

  view(lang: string, signal?: AbortSignal): Promise<CitizenProcedure> {
    return this.client.get<CitizenProcedure>(this.path(), { query: { token: this.token, lang }, signal });
  }

  /** The citizen's answer to the consent text whose hash is given: the server logs which text was answered. */
  consent(accept: boolean, textSha256: string): Promise<CitizenProcedure> {
    return this.client.post<CitizenProcedure>(this.path('/consent'), { token: this.token, accept, textSha256 });
  }

  /** The picture's bytes as they are, with their own type. */
  still(kind: StillKind, blob: Blob): Promise<CitizenProcedure> {
    return this.client.post<CitizenProcedure>(this.path('/stills'), blob, { query: { token: this.token, kind }, timeout: STILL_TIMEOUT_MS });
  }

  /** The exact bytes the agent presented; the server logs that they were shown. */
  document(id: string, signal?: AbortSignal): Promise<ArrayBuffer> {
    return this.client.bytes(this.path('/document'), { query: { token: this.token, id }, signal });
  }

  /** The sealed receipt, exactly as the council made it. */
  receipt(signal?: AbortSignal): Promise<ArrayBuffer> {
    return this.client.bytes(this.path('/receipt'), { query: { token: this.token }, signal });
  }

  /** "I agree" carries the fingerprint of the bytes received; "I do not agree" may say why. */
  answer(answer: { agree: true; sha256: string } | { agree: false; reason?: string }): Promise<CitizenProcedure> {
    return this.client.post<CitizenProcedure>(this.path('/agreement'), { token: this.token, ...answer });
  }
}
