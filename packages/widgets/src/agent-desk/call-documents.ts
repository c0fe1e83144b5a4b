import type { ReactiveControllerHost } from 'lit';
import type { FinError } from '../shared/errors.js';
import { FetchTask } from '../shared/task.js';
import { getCaseDocuments } from './case-documents.js';
import { DeskSubscription, eventData, type DeskEventStream } from './desk-events.js';

/** The case in a call: `[api, caseId, lang, call]` (each call loads afresh), or undefined while there is no call. */
type CallCase = () => readonly [api: string, caseId: string, lang: string, call: number] | undefined;

/**
 * The documents the procedure of the case in a call expects, each with whether it arrived, for the
 * call's "ask for a document", which proposes one still missing. It reloads when the desk's event
 * stream says the case's documents changed (the citizen sends one while they talk).
 */
export function callDocuments(host: ReactiveControllerHost & { events?: DeskEventStream }, callCase: CallCase, onError: (error: FinError) => void) {
  const documents = new FetchTask(host, {
    args: callCase,
    // The case goes with the answer, so a previous call's documents are never offered in the next.
    task: async ([api, caseId, lang], signal) => ({ caseId, expected: (await getCaseDocuments(api, caseId, lang, signal)).expected }),
    onError,
  });
  const subscription = new DeskSubscription(host, {
    type: 'document',
    onEvent: (event) => {
      if (eventData(event)?.id === callCase()?.[1]) subscription.refreshSoon();
    },
    refresh: () => void documents.retry(),
  });
  return documents;
}
