import type { ReceiptContent } from './content.js';
import { FONT } from './footer.js';
import { breakable, formatInstant, formatOffset } from './format.js';
import type { ReceiptTexts } from './texts.js';

// A heading this close to the footer moves to the next page with what it heads.
const KEEP_WITH_NEXT = 60;
const KEEP_FACT = 24;
const LABEL_WIDTH = 150;
const GUTTER = 12;
// A value longer than this (some three lines beside its label) is printed under it, across the page.
const LONG_VALUE = 200;
const GREY = '#595959';

/**
 * Writes what the receipt says, from the top of the first page on, each part tagged in `root`
 * (headings, paragraphs, a list) so that a screen reader reads it in order.
 */
export function writeBody(doc: PDFKit.PDFDocument, root: PDFKit.PDFStructureElement, content: ReceiptContent, texts: ReceiptTexts): void {
  const { language, council, registry, application, agreement, employee } = content;
  const when = (iso: string) => formatInstant(iso, language, council.timeZone);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  const tag = (type: string, draw: () => void) => root.add(doc.struct(type, {}, draw));
  const keepRoom = (height: number) => {
    // continueOnNewPage, unlike addPage, closes the tagged content open on this page and opens it again on the next.
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.continueOnNewPage();
  };
  const heading = (type: 'H1' | 'H2' | 'H3', text: string) => {
    if (type !== 'H1') doc.moveDown(type === 'H2' ? 0.8 : 0.2);
    keepRoom(KEEP_WITH_NEXT);
    const size = { H1: 13, H2: 12.5, H3: 10.5 }[type];
    tag(type, () => doc.font(type === 'H1' ? FONT.regular : FONT.bold).fontSize(size).fillColor('black').text(breakable(text), left, doc.y, { width }));
    doc.moveDown(type === 'H3' ? 0.2 : 0.3);
  };
  /**
   * A label in the left column and its value beside it, or below it when the value is a text of
   * several lines, as two paragraphs so that a screen reader does not run them together.
   */
  const fact = (label: string, value: string, font: string = FONT.regular) => {
    keepRoom(KEEP_FACT);
    // DejaVu Sans Mono has no zero-width space; what it prints (a hash) is never that long.
    const worded = font === FONT.mono ? value : breakable(value);
    const beside = worded.length <= LONG_VALUE;
    const { page, y: top } = doc;
    // The smaller label sits a little lower, on the value's baseline.
    tag('P', () => doc.font(FONT.bold).fontSize(8.5).fillColor(GREY).text(breakable(label), left, top + (beside ? 1.5 : 0), { width: beside ? LABEL_WIDTH : width }));
    const labelEnd = { page: doc.page, y: doc.y };
    const valueX = beside ? left + LABEL_WIDTH + GUTTER : left;
    const valueTop = beside && labelEnd.page === page ? top : doc.y;
    tag('P', () => doc.font(font).fontSize(font === FONT.mono ? 8 : 10.5).fillColor('black').text(worded, valueX, valueTop, { width: left + width - valueX }));
    if (doc.page === labelEnd.page) doc.y = Math.max(doc.y, labelEnd.y);
    doc.x = left;
    doc.moveDown(0.3);
  };

  tag('P', () => doc.font(FONT.bold).fontSize(16).text(breakable(council.name), { width }));
  heading('H1', texts.title);
  doc.moveDown(0.2);
  fact(texts.entryNumber, registry.entryNumber, FONT.bold);
  fact(texts.registeredAt, when(registry.registeredAt));
  fact(texts.addressee, council.dir3Code ? `${council.name} (${texts.dir3Code} ${council.dir3Code})` : council.name);
  fact(texts.procedure, content.procedure);
  fact(texts.applicant, content.applicant.idNumber ? `${content.applicant.name} (${texts.idNumber} ${content.applicant.idNumber})` : content.applicant.name);

  heading('H2', `${texts.application}: ${application.title}`);
  for (const section of application.sections) {
    heading('H3', section.heading);
    for (const item of section.items) fact(item.label, item.value);
  }
  if (application.declarations.length > 0) {
    heading('H2', texts.declarations);
    const list = doc.struct('L');
    root.add(list);
    doc.font(FONT.regular).fontSize(10).list(application.declarations.map(breakable), left, doc.y, { width, bulletRadius: 1.5, paragraphGap: 3, structParent: list });
    list.end();
  }

  heading('H2', texts.attachments);
  if (application.attachments.length === 0) tag('P', () => doc.font(FONT.regular).fontSize(10.5).text(texts.noAttachments, left, doc.y, { width }));
  for (const attachment of application.attachments) fact(attachment.name, attachment.sha256, FONT.mono);

  heading('H2', texts.agreement);
  fact(texts.agreedAt, when(agreement.agreedAt));
  fact(texts.fingerprint, agreement.sha256, FONT.mono);
  const { recording } = agreement;
  fact(texts.recording, recording ? texts.recordingAt(recording.recordingPart, formatOffset(recording.offsetMs), when(recording.partStartedAt)) : texts.notRecorded);
  fact(texts.signedBy, employee.name);
  fact(texts.habilitation, employee.habilitation);
  fact(texts.signedAt, when(employee.signedAt));
}
