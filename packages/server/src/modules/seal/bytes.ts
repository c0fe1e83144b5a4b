/** The bytes of a view as the ArrayBuffer that asn1js and pkijs take, copied so a pooled Buffer's neighbours stay out. */
export const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
