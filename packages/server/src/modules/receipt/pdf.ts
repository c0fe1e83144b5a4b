import { readFile } from 'node:fs/promises';
import { buffer } from 'node:stream/consumers';
import { create, type Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import { writeBody } from './body.js';
import { applicationBytes, checkContent, type ReceiptContent } from './content.js';
import { FONT, FOOTER_HEIGHT, drawFooters } from './footer.js';
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
  if (!parsedFonts.has(path)) {
    // A font missing now (not installed yet) is looked for again by the next receipt.
    const parsing = readFile(path).then(create);
    parsedFonts.set(path, parsing);
    parsing.catch(() => parsedFonts.delete(path));
  }
  return (await parsedFonts.get(path)!) as unknown as string;
};

const MARGIN = 56;

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The receipt of a registered application as a PDF/A-3b document in the citizen's language: fonts
 * embedded, the application agreed to attached as JSON (AFRelationship Source), the verification
 * code and its QR code on every page. The same content always gives the same bytes: the creation
 * date is the registration's, and the file id derives from it. The seal is applied afterwards.
 */
export async function makeReceipt(content: ReceiptContent, fonts: ReceiptFonts = DEJAVU_FONTS): Promise<Buffer> {
  checkContent(content);
  const { language, council, registry, agreement, verification } = content;
  const texts = RECEIPT_TEXTS[language];
  const registeredAt = new Date(registry.registeredAt);
  const [regular, bold, mono] = await Promise.all([parsedFont(fonts.regular), parsedFont(fonts.bold), parsedFont(fonts.mono)]);

  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: FOOTER_HEIGHT + 16 },
    pdfVersion: '1.7',
    tagged: true,
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

  const root = doc.struct('Document');
  doc.addStructure(root);
  writeBody(doc, root, content, texts);

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
  drawFooters(doc, root, { council: council.name, code: verification.code, url: verification.url, texts });
  doc.end();
  return done;
}
