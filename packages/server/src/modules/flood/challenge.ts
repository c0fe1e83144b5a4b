import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Stateless proof-of-work challenges: `council.expires.bits.nonce.mac`, where the MAC (HMAC-SHA256
 * with a server key) also covers the hashed client address, so a challenge is good only for the
 * council and the address it was issued to. A solution is a decimal counter such that
 * SHA-256(`challenge:counter`) starts with `bits` zero bits; checking it costs one hash.
 */
export interface Challenge {
  token: string;
  difficulty: number;
  expiresAt: string;
}

export type ChallengeCheck =
  | { ok: true; nonce: string; expiresAt: Date }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'wrong' };

const SOLUTION = /^\d{1,16}$/;

const mac = (key: Buffer, parts: string[], origin: string) =>
  createHmac('sha256', key).update(`challenge ${parts.join(' ')} ${origin}`).digest('base64url');

export function issueChallenge(key: Buffer, council: string, origin: string, difficulty: number, expiresAt: Date): Challenge {
  const parts = [council, String(expiresAt.getTime()), String(difficulty), randomBytes(16).toString('base64url')];
  return { token: [...parts, mac(key, parts, origin)].join('.'), difficulty, expiresAt: expiresAt.toISOString() };
}

/** The number of leading zero bits of a digest. */
export function leadingZeroBits(digest: Buffer): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export function checkSolution(key: Buffer, council: string, origin: string, token: string, solution: string, now: Date): ChallengeCheck {
  const parts = token.split('.');
  if (parts.length !== 5 || !SOLUTION.test(solution)) return { ok: false, reason: 'malformed' };
  const [issuedFor, expires, bits, nonce, signature] = parts as [string, string, string, string, string];
  const expected = Buffer.from(mac(key, [issuedFor, expires, bits, nonce], origin));
  const given = Buffer.from(signature);
  if (issuedFor !== council || given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  const expiresAt = new Date(Number(expires));
  if (!(expiresAt.getTime() > now.getTime())) return { ok: false, reason: 'expired' };
  const digest = createHash('sha256').update(`${token}:${solution}`).digest();
  if (leadingZeroBits(digest) < Number(bits)) return { ok: false, reason: 'wrong' };
  return { ok: true, nonce, expiresAt };
}
