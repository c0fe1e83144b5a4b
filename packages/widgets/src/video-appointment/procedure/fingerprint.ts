/** The SHA-256 of exactly these bytes, in lowercase hex as the server logs it. */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A fingerprint as people read one aloud or compare it: upper case, in groups of four (`3F2A 9C01 …`). */
export function grouped(hex: string): string {
  return (hex.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
}

/** The first 16 hex digits, grouped: enough to compare by eye. */
export function shortFingerprint(hex: string): string {
  return grouped(hex.slice(0, 16));
}
