/**
 * What the server holds of a procedure, read through its HTTP API as the desk and the citizen's
 * widget read it: the end-to-end test checks each step there as well as on the screens.
 */
import assert from 'node:assert/strict';
import type { CitizenProcedure, DeskProcedure } from '../../packages/server/src/modules/procedure/schemas.ts';
import type { RunningServer } from './server.ts';

export interface EvidenceEvent {
  type: string;
  actor: string;
  at: string;
  data: Record<string, unknown>;
}

export class ProcedureApi {
  constructor(
    private readonly server: RunningServer,
    /** The agent's session cookie, `name=value`. */
    private readonly cookie: string,
  ) {}

  async desk(caseId: string): Promise<DeskProcedure> {
    const response = await fetch(`${this.server.url}/api/desk/appointments/${caseId}/procedure?lang=en`, { headers: { cookie: this.cookie } });
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as DeskProcedure;
  }

  async citizen(token: string): Promise<CitizenProcedure> {
    const response = await fetch(`${this.server.url}/api/councils/demo/appointments/mine/procedure?token=${encodeURIComponent(token)}`);
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as CitizenProcedure;
  }

  /** Reads the desk's view until `holds` is true of it: the server got there. */
  until(caseId: string, holds: (view: DeskProcedure) => boolean, what: string, timeoutMs = 15_000): Promise<DeskProcedure> {
    return eventually(() => this.desk(caseId), holds, what, timeoutMs);
  }

  /** A request of the desk's API with the agent's session, answered as is. */
  deskRequest(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.server.url}/api/desk${path}`, {
      method,
      headers: { cookie: this.cookie, origin: this.server.url, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** A request of the citizen's API, answered as is. */
  citizenRequest(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.server.url}/api/councils/demo/appointments/mine/procedure${path}`, {
      method,
      headers: { origin: this.server.url, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async evidence(caseId: string): Promise<{ events: EvidenceEvent[]; valid: boolean }> {
    const response = await this.deskRequest('GET', `/cases/${caseId}/evidence`);
    assert.equal(response.status, 200);
    return (await response.json()) as { events: EvidenceEvent[]; valid: boolean };
  }
}

/** Reads until `holds` is true of what was read, and returns it. */
export async function eventually<T>(read: () => Promise<T>, holds: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (holds(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what}: not so after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Asserts that `expected` occur in `types` in this order (others may come between). */
export function assertInOrder(types: string[], expected: string[]): void {
  let at = 0;
  for (const type of expected) {
    const found = types.indexOf(type, at);
    assert.ok(found >= 0, `${type} after position ${at} in ${JSON.stringify(types)}`);
    at = found + 1;
  }
}
