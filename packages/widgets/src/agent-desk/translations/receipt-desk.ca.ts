import type { Catalogue } from '../../shared/i18n.js';
import type { receiptDesk as en } from './receipt-desk.en.js';

/** The messages of the case's receipt and evidence export in the desk, in Catalan. */
export const receiptDesk: Catalogue<typeof en> = {
  deskReceiptTitle: 'Justificant',
  deskReceiptMade: 'El justificant està fet: entrada al registre {number}.',
  deskReceiptEntry: 'Entrada al registre',
  deskReceiptRegistered: 'Registrat',
  deskReceiptSha256: 'SHA-256 del PDF segellat',
  deskReceiptDownload: 'Descarrega el justificant (PDF)',
  deskReceiptDownloadHint: 'Cada descàrrega queda registrada a les evidències del cas.',
  deskReceiptMissing: 'La sol·licitud està signada, però el justificant encara no està fet. Normalment és a punt uns segons després de la signatura; si no apareix, torneu-lo a fer.',
  deskReceiptRemake: 'Torna a fer el justificant',
  deskReceiptRemaking: 'S’està fent el justificant…',
  deskReceiptErrorTimestamp: 'L’autoritat de segellat de temps no ha respost i el justificant no s’ha pogut segellar. Torneu-ho a provar d’aquí a uns minuts.',
  deskReceiptErrorSeal: 'L’ajuntament no té cap segell electrònic configurat i no es pot segellar cap justificant. Demaneu a l’administrador del servei que l’instal·li.',
  deskReceiptErrorNotSigned: 'La sol·licitud encara no està signada: no hi ha cap justificant per fer.',
  deskReceiptError: 'Ara mateix no s’ha pogut fer el justificant. Torneu-ho a provar.',
  deskReceiptLoadError: 'Ara mateix no es pot mostrar el justificant.',
  deskExportTitle: 'Evidències',
  deskExportHint: 'Un contenidor ASiC-E segellat amb el registre d’evidències del cas, els enregistraments, els documents, les imatges d’identitat i el justificant, perquè un tribunal o un auditor el comprovi sense connexió. L’exportació queda registrada al cas.',
  deskExport: 'Exporta les evidències (ASiC-E)',
  deskExporting: 'S’està preparant l’exportació…',
  deskExported: 'Evidències exportades: {file}.',
  deskExportErrorSeal: 'L’ajuntament no té cap segell electrònic configurat i les evidències no es poden segellar. Demaneu a l’administrador del servei que l’instal·li.',
  deskExportErrorNotFound: 'Aquest cas ja no es troba.',
  deskExportErrorNetwork: 'No s’ha pogut connectar amb el servidor. Comproveu la connexió i torneu-ho a provar.',
  deskExportError: 'Ara mateix no s’han pogut exportar les evidències. Torneu-ho a provar.',
};
