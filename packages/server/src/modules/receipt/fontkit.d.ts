// fontkit (pdfkit's own font engine) ships no types; this covers the part the receipt uses.
declare module 'fontkit' {
  /** A parsed font; pdfkit takes it wherever it takes a font file, and only reads it. */
  export interface Font {
    postscriptName: string;
    layout(text: string): unknown;
  }
  export function create(buffer: Uint8Array): Font;
}
