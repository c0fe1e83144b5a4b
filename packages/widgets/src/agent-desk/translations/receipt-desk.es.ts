import type { Catalogue } from '../../shared/i18n.js';
import type { receiptDesk as en } from './receipt-desk.en.js';

/** The messages of the case's receipt and evidence export in the desk, in Spanish. */
export const receiptDesk: Catalogue<typeof en> = {
  deskReceiptTitle: 'Justificante',
  deskReceiptMade: 'El justificante está hecho: entrada en el registro {number}.',
  deskReceiptEntry: 'Entrada en el registro',
  deskReceiptRegistered: 'Registrado',
  deskReceiptSha256: 'SHA-256 del PDF sellado',
  deskReceiptDownload: 'Descargar el justificante (PDF)',
  deskReceiptDownloadHint: 'Cada descarga queda registrada en las evidencias del caso.',
  deskReceiptMissing: 'La solicitud está firmada, pero el justificante aún no está hecho. Suele estar listo unos segundos después de la firma; si no aparece, vuelva a hacerlo.',
  deskReceiptRemake: 'Volver a hacer el justificante',
  deskReceiptRemaking: 'Haciendo el justificante…',
  deskReceiptErrorTimestamp: 'La autoridad de sellado de tiempo no ha respondido y el justificante no se ha podido sellar. Vuelva a intentarlo dentro de unos minutos.',
  deskReceiptErrorSeal: 'El ayuntamiento no tiene ningún sello electrónico configurado y no se puede sellar ningún justificante. Pida al administrador del servicio que lo instale.',
  deskReceiptErrorNotSigned: 'La solicitud aún no está firmada: no hay ningún justificante que hacer.',
  deskReceiptError: 'Ahora mismo no se ha podido hacer el justificante. Vuelva a intentarlo.',
  deskReceiptLoadError: 'Ahora mismo no se puede mostrar el justificante.',
  deskExportTitle: 'Evidencias',
  deskExportHint: 'Un contenedor ASiC-E sellado con el registro de evidencias del caso, las grabaciones, los documentos, las imágenes de identidad y el justificante, para que un tribunal o un auditor lo compruebe sin conexión. La exportación queda registrada en el caso.',
  deskExport: 'Exportar las evidencias (ASiC-E)',
  deskExporting: 'Preparando la exportación…',
  deskExported: 'Evidencias exportadas: {file}.',
  deskExportErrorSeal: 'El ayuntamiento no tiene ningún sello electrónico configurado y las evidencias no se pueden sellar. Pida al administrador del servicio que lo instale.',
  deskExportErrorNotFound: 'Este caso ya no se encuentra.',
  deskExportErrorNetwork: 'No se ha podido conectar con el servidor. Compruebe la conexión y vuelva a intentarlo.',
  deskExportError: 'Ahora mismo no se han podido exportar las evidencias. Vuelva a intentarlo.',
};
