import type { Language } from '../src/modules/councils/schemas.js';
import type { ReceiptContent } from '../src/modules/receipt/content.js';
import { sha256Hex } from '../src/modules/procedure/application/save.js';
import type { ApplicationDocument } from '../src/modules/procedure/schemas.js';
import { canonicalJson } from '../src/shared/json.js';

/** What a receipt shows, for its tests and its benchmark. */
export const CODE = 'K7QXM2PA9TRD4WFZC8HN3YBE';
export const ATTACHMENTS = [
  { name: 'Padró (padro.pdf)', sha256: '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b' },
  { name: 'Factura (factura.jpg)', sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
];

/** An application in `language`, its facts `length` sentences long. */
function application(language: Language, length: number): ApplicationDocument {
  return {
    language,
    title: 'Instància genèrica',
    council: 'Ajuntament de Rubí',
    procedure: 'Instància genèrica',
    sections: [
      { heading: 'Persona sol·licitant', items: [{ label: 'Nom', value: 'Núria Puig i Ferrer' }, { label: 'DNI', value: '12345678Z' }] },
      { heading: 'Sol·licitud', items: [{ label: 'Exposo', value: 'Que visc al carrer Major des de fa deu anys. '.repeat(length) }, { label: 'Sol·licito', value: 'Un certificat de convivència.' }] },
    ],
    attachments: ATTACHMENTS,
    declarations: ['Declaro que les dades són certes.', "No m'oposo que l'Ajuntament consulti les meves dades."],
  };
}

/**
 * A receipt's content in `language`, changed by `change`, its fingerprint then computed again.
 * The `length` of the facts the applicant sets out, in sentences, makes a receipt of one page (1) or two (120).
 */
export function receiptContent(language: Language = 'ca', change: (draft: ReceiptContent) => void = () => {}, length = 120): ReceiptContent {
  const draft: ReceiptContent = {
    language,
    council: { name: 'Ajuntament de Rubí', dir3Code: 'L01081840', timeZone: 'Europe/Madrid' },
    registry: { entryNumber: 'E/2026/000123', registeredAt: '2026-12-07T09:15:30.000Z' },
    procedure: 'Instància genèrica',
    applicant: { name: 'Núria Puig i Ferrer', idNumber: '12345678Z' },
    application: application(language, length),
    agreement: {
      agreedAt: '2026-12-07T09:14:02.000Z',
      // Set below, once `change` has had its say on the application.
      sha256: '',
      recording: { recordingPart: 'rec-4f2a', partStartedAt: '2026-12-07T09:00:00.000Z', offsetMs: 842_500 },
    },
    employee: { name: 'Marta Soler Vidal', habilitation: 'HAB-RUBI-2026-07', signedAt: '2026-12-07T09:15:00.000Z' },
    verification: { code: CODE, url: `https://seu.rubi.example/verify?code=${CODE}` },
  };
  change(draft);
  draft.agreement.sha256 = sha256Hex(canonicalJson(draft.application));
  return draft;
}
