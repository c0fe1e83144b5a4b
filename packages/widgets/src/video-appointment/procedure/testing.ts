import type { ApplicationDocument, CitizenProcedure, ProcedureStepId } from '@finestreta/server/contract';

/** The procedure as the citizen's tests and stories see it: what a case looks like at each step. */

const ORDER: ProcedureStepId[] = ['identity', 'documents', 'application', 'agreement', 'receipt'];

export const CONSENT_TEXT =
  'To identify you, the agent will ask for pictures of the front and the back of your DNI or NIE and of your face beside the document, taken with your camera, and for you to say a code aloud.';
export const CONSENT_SHA256 = 'c0ffee'.padEnd(64, '0');

/** The generic application as the server words it in English. */
export const applicationDocument: ApplicationDocument = {
  language: 'en',
  title: 'Generic application',
  council: 'Ajuntament de Vilademo',
  procedure: 'Register of residents',
  sections: [
    {
      heading: 'Applicant',
      items: [
        { label: 'Name', value: 'Marta Soler Puig' },
        { label: 'DNI or NIE', value: '12345678Z' },
      ],
    },
    { heading: 'Notifications', items: [{ label: 'Channel', value: 'Electronic, to marta@example.com' }] },
    {
      heading: 'Facts and request',
      items: [
        { label: 'I state', value: 'I moved to Carrer Major 3, 2n 1a, on 1 November.' },
        { label: 'I request', value: 'To be registered at my new address.' },
      ],
    },
  ],
  attachments: [{ name: 'Rental contract.pdf', sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }],
  declarations: ['I declare that the information given is true.'],
};

/** A procedure at `current`, the steps before it done; what a test leaves out is "nothing asked". */
export function procedure(current: ProcedureStepId = 'identity', overrides: Partial<CitizenProcedure> = {}): CitizenProcedure {
  const at = ORDER.indexOf(current);
  return {
    revision: 1,
    current,
    receipt: null,
    steps: ORDER.map((id, index) => ({ id, state: index < at ? 'done' : index === at ? 'current' : 'pending' })),
    asked: null,
    application: at >= 2 ? applicationDocument : null,
    agreement: { state: 'none', documentId: null },
    ...overrides,
  };
}

/** The application presented for agreement: its bytes as the server stored them (not re-serialised here). */
export const presentedBytes = (document: ApplicationDocument = applicationDocument): ArrayBuffer => new TextEncoder().encode(JSON.stringify(document, null, 1)).buffer as ArrayBuffer;
