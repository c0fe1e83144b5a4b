import QRCode from 'qrcode';
import { groupCode } from './format.js';
import type { ReceiptTexts } from './texts.js';

/** The fonts the receipt registers in its PDF document. */
export const FONT = { regular: 'regular', bold: 'bold', mono: 'mono' } as const;

/** The height kept free at the bottom of every page for the footer. */
export const FOOTER_HEIGHT = 112;
const QR_SIZE = 72;
// Four modules of quiet zone at the size a typical verification URL takes (version 4, 33 modules).
const QR_GAP = 14;
const NUMBER_WIDTH = 48;

/** Draws the QR code of `url` as vector squares, each row's run of dark modules as one rectangle, so it stays sharp at any zoom. */
function drawQr(doc: PDFKit.PDFDocument, url: string, x: number, y: number): void {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const module = QR_SIZE / modules.size;
  for (let row = 0; row < modules.size; row++) {
    let run = 0;
    for (let col = 0; col <= modules.size; col++) {
      if (col < modules.size && modules.get(row, col)) {
        run++;
      } else if (run > 0) {
        doc.rect(x + (col - run) * module, y + row * module, run * module, module);
        run = 0;
      }
    }
  }
  doc.fillColor('black').fill();
}

export interface FooterContent {
  council: string;
  code: string;
  url: string;
  texts: ReceiptTexts;
}

/**
 * Writes on every buffered page what must be on each (Ley 40/2015 art. 42.b): the verification
 * code in groups with a QR code to the verification page, the seal note and "page / pages".
 * A screen reader reads the first page's once, after the body; the other pages' repeat it, and
 * like the rule and the page numbers they are tagged as pagination artifacts, which it skips.
 */
export function drawFooters(doc: PDFKit.PDFDocument, root: PDFKit.PDFStructureElement, { council, code, url, texts }: FooterContent): void {
  const { start, count } = doc.bufferedPageRange();
  const artifact = (draw: () => void) => {
    doc.markContent('Artifact', { type: 'Pagination' });
    draw();
    doc.endMarkedContent();
  };
  for (let index = start; index < start + count; index++) {
    const page = doc.switchToPage(index);
    const first = index === start;
    const tag = (type: string, options: PDFKit.Mixins.StructureElementOptions, draw: () => void) => (first ? root.add(doc.struct(type, options, draw)) : artifact(draw));
    const { left, right, bottom } = page.margins;
    // The footer sits in the bottom margin; without this pdfkit would break its text onto a new page.
    page.margins.bottom = 0;
    const top = page.height - FOOTER_HEIGHT;
    const width = page.width - left - right;
    artifact(() => doc.moveTo(left, top).lineTo(left + width, top).lineWidth(0.5).strokeColor('#767676').stroke());

    tag('Figure', { alt: `${texts.qrCode}: ${url}` }, () => drawQr(doc, url, left, top + 12));
    const textX = left + QR_SIZE + QR_GAP;
    const textWidth = width - QR_SIZE - QR_GAP - NUMBER_WIDTH;
    tag('P', {}, () => doc.fillColor('black').font(FONT.bold).fontSize(8.5).text(`${texts.code}:`, textX, top + 12, { width: textWidth }));
    tag('P', {}, () => doc.font(FONT.mono).fontSize(11).text(groupCode(code), { width: textWidth }));
    tag('P', {}, () => doc.font(FONT.regular).fontSize(8).text(`${texts.checkAt}:`, { width: textWidth }));
    tag('P', {}, () => doc.fillColor('#0b4f8a').text(url, { width: textWidth, link: url, underline: true }));
    tag('P', {}, () => doc.fillColor('black').text(texts.sealed(council), { width: textWidth }));
    artifact(() => doc.font(FONT.regular).fontSize(9).text(`${index - start + 1} / ${count}`, left + width - NUMBER_WIDTH, top + 12, { width: NUMBER_WIDTH, align: 'right' }));
    page.margins.bottom = bottom;
  }
}
