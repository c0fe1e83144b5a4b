import { readFile } from 'node:fs/promises';
import { buffer } from 'node:stream/consumers';
import { create, type Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import { applicationBytes, checkContent, type ReceiptContent } from './content.js';
import { FONT, FOOTER_HEIGHT, drawFooters } from './footer.js';
import { formatInstant, formatOffset } from './format.js';
import { RECEIPT_TEXTS } from './texts.js';

/** TrueType files the receipt embeds (PDF/A forbids relying on a reader's fonts). */
export interface ReceiptFonts {
  regular: string;
  bold: string;
  mono: string;
}

const DEJAVU = '/usr/share/fonts/truetype/dejavu';
/** Debian's fonts-dejavu-core, which `npm start` and `npm test` install: Latin, Greek and Cyrillic names print as written. */
export const DEJAVU_FONTS: ReceiptFonts = {
  regular: `${DEJAVU}/DejaVuSans.ttf`,
  bold: `${DEJAVU}/DejaVuSans-Bold.ttf`,
  mono: `${DEJAVU}/DejaVuSansMono.ttf`,
};

// Parsing the fonts took most of the CPU of a receipt (65 ms of it against 25 once parsed); each is parsed once.
const parsedFonts = new Map<string, Promise<Font>>();
/**
 * The font at `path`, parsed. pdfkit takes a parsed fontkit font wherever it takes a font file
 * (PDFFontFactory.open), and only reads it; its types list the file's name alone.
 */
const parsedFont = async (path: string): Promise<string> => {
  if (!parsedFonts.has(path)) parsedFonts.set(path, readFile(path).then(create));
  return (await parsedFonts.get(path)!) as unknown as string;
};

const MARGIN = 56;
// A heading this close to the footer moves to the next page with what it heads.
const KEEP_WITH_NEXT = 60;
const GREY = '#595959';

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The receipt of a registered application as a PDF/A-3b document in the citizen's language: fonts
 * embedded, the application agreed to attached as JSON (AFRelationship Source), the verification
 * code and its QR code on every page. The same content always gives the same bytes: the creation
 * date is the registration's, and the file id derives from it. The seal is applied afterwards.
 */
export async function makeReceipt(content: ReceiptContent, fonts: ReceiptFonts = DEJAVU_FONTS): Promise<Buffer> {
  checkContent(content);
  const { language, council, registry, application, agreement, employee, verification } = content;
  const texts = RECEIPT_TEXTS[language];
  const when = (iso: string) => formatInstant(iso, language, council.timeZone);
  const registeredAt = new Date(registry.registeredAt);
  const [regular, bold, mono] = await Promise.all([parsedFont(fonts.regular), parsedFont(fonts.bold), parsedFont(fonts.mono)]);

  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: FOOTER_HEIGHT + 16 },
    pdfVersion: '1.7',
    subset: 'PDF/A-3b',
    lang: language,
    // Passing the regular font here keeps pdfkit from adding its Helvetica, which it would not embed.
    font: regular,
    bufferPages: true,
    // Info gets no Title: pdfkit would copy it into the XMP unescaped; the XMP below carries it.
    info: { Creator: 'Finestreta', Producer: 'Finestreta', CreationDate: registeredAt },
  });
  const done = buffer(doc);
  doc.registerFont(FONT.regular, regular);
  doc.registerFont(FONT.bold, bold);
  doc.registerFont(FONT.mono, mono);
  const title = `${texts.title} ${registry.entryNumber}`;
  doc.appendXML(`
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(title)}</rdf:li></rdf:Alt></dc:title>
            <dc:language><rdf:Bag><rdf:li>${language}</rdf:li></rdf:Bag></dc:language>
        </rdf:Description>`);

  const width = doc.page.width - 2 * MARGIN;
  const keepRoom = (height: number) => {
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };
  const heading = (text: string) => {
    doc.moveDown(0.8);
    keepRoom(KEEP_WITH_NEXT);
    doc.x = MARGIN;
    doc.font(FONT.bold).fontSize(12.5).fillColor('black').text(text, { width });
    doc.moveDown(0.3);
  };
  const fact = (label: string, value: string, font: string = FONT.regular) => {
    keepRoom(28);
    doc.font(FONT.bold).fontSize(8.5).fillColor(GREY).text(label, MARGIN, doc.y, { width });
    doc.font(font).fontSize(font === FONT.mono ? 9 : 10.5).fillColor('black').text(value, { width });
    doc.moveDown(0.35);
  };

  doc.font(FONT.bold).fontSize(16).text(council.name, { width });
  doc.font(FONT.regular).fontSize(13).text(texts.title, { width });
  doc.moveDown(0.5);
  fact(texts.entryNumber, registry.entryNumber, FONT.bold);
  fact(texts.registeredAt, when(registry.registeredAt));
  fact(texts.addressee, council.dir3Code ? `${council.name} (${texts.dir3Code} ${council.dir3Code})` : council.name);
  fact(texts.procedure, content.procedure);
  fact(texts.applicant, content.applicant.idNumber ? `${content.applicant.name} (${texts.idNumber} ${content.applicant.idNumber})` : content.applicant.name);

  heading(`${texts.application}: ${application.title}`);
  for (const section of application.sections) {
    doc.font(FONT.bold).fontSize(10.5).fillColor('black');
    keepRoom(KEEP_WITH_NEXT);
    doc.text(section.heading, MARGIN, doc.y, { width });
    doc.moveDown(0.2);
    for (const item of section.items) fact(item.label, item.value);
  }
  if (application.declarations.length > 0) {
    heading(texts.declarations);
    doc.font(FONT.regular).fontSize(10).list(application.declarations, { width, bulletRadius: 1.5, paragraphGap: 3 });
  }

  heading(texts.attachments);
  if (application.attachments.length === 0) doc.font(FONT.regular).fontSize(10.5).text(texts.noAttachments, { width });
  for (const attachment of application.attachments) fact(attachment.name, `SHA-256 ${attachment.sha256}`, FONT.mono);

  heading(texts.agreement);
  fact(texts.agreedAt, when(agreement.agreedAt));
  fact(texts.fingerprint, agreement.sha256, FONT.mono);
  const { recording } = agreement;
  fact(texts.recording, recording ? texts.recordingAt(recording.recordingPart, formatOffset(recording.offsetMs), when(recording.partStartedAt)) : texts.notRecorded);
  fact(texts.signedBy, employee.name);
  fact(texts.habilitation, employee.habilitation);
  fact(texts.signedAt, when(employee.signedAt));

  // PDF/A-3 files need a MIME type, a modification date and their relationship to the document (pdfkit's types lack it).
  const attachment = {
    name: 'application.json',
    type: 'application/json',
    description: texts.attachedApplication,
    creationDate: new Date(agreement.agreedAt),
    modifiedDate: new Date(agreement.agreedAt),
    relationship: 'Source',
  };
  doc.file(applicationBytes(content), attachment);
  drawFooters(doc, { council: council.name, code: verification.code, url: verification.url, texts });
  doc.end();
  return done;
}
