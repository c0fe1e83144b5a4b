import { ApiError } from './errors.js';
import { proofOfWork } from './proof-of-work-status.js';

/**
 * The server's answer when bookings run far above normal: a signed challenge to solve before
 * the same request is sent again, with `Fin-Proof: token:solution` (api.ts). The solver is
 * imported when the first challenge arrives.
 */
export interface Challenge {
  token: string;
  /** Leading zero bits SHA-256(`token:solution`) must have. */
  difficulty: number;
}

/** Digests computed between two turns given back to the page. */
const CHUNK = 512;
const encoder = new TextEncoder();

export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte !== 0) return bits + Math.clz32(byte) - 24;
    bits += 8;
  }
  return bits;
}

/**
 * A decimal solution of `challenge`, found with WebCrypto in chunks: between chunks the page
 * gets its turn, so typing, rendering and screen readers stay responsive.
 */
export async function solveChallenge({ token, difficulty }: Challenge, signal?: AbortSignal): Promise<string> {
  for (let start = 0; ; start += CHUNK) {
    signal?.throwIfAborted();
    const digests = await Promise.all(
      Array.from({ length: CHUNK }, (_, offset) => crypto.subtle.digest('SHA-256', encoder.encode(`${token}:${start + offset}`))),
    );
    const found = digests.findIndex((digest) => leadingZeroBits(new Uint8Array(digest)) >= difficulty);
    if (found >= 0) return String(start + found);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** The challenge an error carries, if it is one. */
export function challengeOf(error: unknown): Challenge | undefined {
  if (!(error instanceof ApiError) || error.status !== 428) return undefined;
  const challenge = error.body?.challenge as Partial<Challenge> | undefined;
  if (typeof challenge?.token !== 'string' || typeof challenge.difficulty !== 'number') return undefined;
  return { token: challenge.token, difficulty: challenge.difficulty };
}

/** The `Fin-Proof` value that answers the challenge of `error`, or undefined when it carries none. */
export async function answerChallenge(error: unknown, signal?: AbortSignal): Promise<string | undefined> {
  const challenge = challengeOf(error);
  if (!challenge) return undefined;
  proofOfWork.dispatchEvent(new Event('solving'));
  try {
    return `${challenge.token}:${await solveChallenge(challenge, signal)}`;
  } finally {
    proofOfWork.dispatchEvent(new Event('solved'));
  }
}
