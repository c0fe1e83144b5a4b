import createBufferPageWithAnnotation from '@signpdf/placeholder-plain/dist/createBufferPageWithAnnotation.js';
import createBufferTrailer from '@signpdf/placeholder-plain/dist/createBufferTrailer.js';
import findObject from '@signpdf/placeholder-plain/dist/findObject.js';
import getPageRef from '@signpdf/placeholder-plain/dist/getPageRef.js';
import readPdf from '@signpdf/placeholder-plain/dist/readPdf.js';
import { SignPdf, Signer } from '@signpdf/signpdf';
import { pdfCertificates, pdfSignatures } from './pdf-signatures.js';

/** Room for the token in /Contents, in bytes: a token with its authority's chain is a few kilobytes. */
const TOKEN_ROOM = 16_384;
/** signpdf's placeholder, which it replaces with the real /ByteRange once the file is whole. */
const BYTE_RANGE_PLACEHOLDER = '[0 /********** /********** /**********]';

/**
 * placeholder-plain's helpers are CommonJS modules whose function is their `default`: Node's
 * loader gives the module, a bundler's resolution (the widgets' type check) the function.
 */
type Unwrapped<M> = M extends { default: infer F } ? F : M;
const unwrap = <M>(module: M): Unwrapped<M> => ((module as { default?: unknown }).default ?? module) as Unwrapped<M>;
const read = unwrap(readPdf);
type PdfInfo = ReturnType<typeof read>;
const objectText = (pdf: Buffer, info: PdfInfo, ref: string): string => (unwrap(findObject) as unknown as (pdf: Buffer, xref: PdfInfo['xref'], ref: string) => Buffer)(pdf, info.xref, ref).toString('latin1');

/** signpdf's hook: the authority's RFC 3161 token over the SHA-256 of what the /ByteRange covers. */
class TimestampSigner extends Signer {
  constructor(private readonly timestamp: (data: Buffer) => Promise<Buffer>) {
    super();
  }

  override sign(covered: Buffer): Promise<Buffer> {
    return this.timestamp(covered);
  }
}

/**
 * Renews a sealed PDF the way PAdES-LTA does (ETSI EN 319 142-1 §5.5, ISO 32000-2 §12.8.5): one
 * incremental update holding a DSS with every certificate its signatures and timestamps carry
 * (revocation data cannot be had offline), and a document timestamp (/Type /DocTimeStamp,
 * /SubFilter /ETSI.RFC3161) whose /Contents is `timestamp`'s token over the whole file but its
 * own /Contents. Nothing before is changed, so the seal keeps covering its revision byte for byte,
 * and the new token vouches for it and for the timestamps before while their certificates hold.
 */
export async function addDocumentTimestamp(pdf: Buffer, timestamp: (data: Buffer) => Promise<Buffer>): Promise<Buffer> {
  const signatures = pdfSignatures(pdf);
  if (signatures.length === 0 || signatures.at(-1)!.end !== pdf.length) throw new Error('Only a sealed PDF, with nothing after its last signature, can be timestamped');
  const info = read(pdf);
  const acroFormRef = /\/AcroForm\s+(\d+\s+0\s+R)/.exec(info.root.toString('latin1'))?.[1];
  if (!acroFormRef) throw new Error('A sealed PDF has a form listing its signature fields');
  const pageRef = unwrap(getPageRef)(pdf, info);

  const added = new Map<number, number>();
  let update = pdf.at(-1) === 0x0a ? pdf : Buffer.concat([pdf, Buffer.from('\n')]);
  const append = (index: number, body: string, stream?: Buffer) => {
    added.set(index, update.length);
    const tail = stream ? [Buffer.from('\nstream\n'), stream, Buffer.from('\nendstream')] : [];
    update = Buffer.concat([update, Buffer.from(`${index} 0 obj\n`), Buffer.from(body, 'latin1'), ...tail, Buffer.from('\nendobj\n')]);
  };
  let next = info.xref.maxIndex;
  const newIndex = () => (next += 1);

  const certificates = pdfCertificates(pdf).map((certificate) => {
    const index = newIndex();
    append(index, `<< /Length ${certificate.length} >>`, certificate);
    return `${index} 0 R`;
  });
  const dss = newIndex();
  append(dss, `<< /Type /DSS /Certs [${certificates.join(' ')}] >>`);
  const signature = newIndex();
  append(signature, `<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 /ByteRange ${BYTE_RANGE_PLACEHOLDER} /Contents <${'0'.repeat(TOKEN_ROOM * 2)}> /V 0 >>`);
  const widget = newIndex();
  // An invisible signature field, printable as PDF/A asks of every annotation.
  append(widget, `<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [0 0 0 0] /V ${signature} 0 R /T (Timestamp${signatures.length}) /F 4 /P ${pageRef} >>`);
  const acroForm = objectText(pdf, info, acroFormRef).replace(/\/Fields\s*\[([^\]]*)\]/, (_, fields: string) => `/Fields [${fields.trim()} ${widget} 0 R]`);
  append(Number.parseInt(acroFormRef, 10), `<<${acroForm}>>`);
  const root = info.root.toString('latin1').replace(/\/DSS\s+\d+\s+0\s+R/, '');
  append(Number.parseInt(info.rootRef, 10), `<<${root}\n/DSS ${dss} 0 R\n>>`);
  const page = unwrap(createBufferPageWithAnnotation)(update, info, pageRef, `${widget} 0 R`);
  added.set(Number.parseInt(pageRef, 10), update.length);
  update = Buffer.concat([update, page]);

  info.xref.maxIndex = next;
  const placeholder = Buffer.concat([update, unwrap(createBufferTrailer)(update, info, added)]);
  return new SignPdf().sign(placeholder, new TimestampSigner(timestamp));
}
