import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// OWASP's minimum for scrypt (N=2^17, r=8, p=1) costs 128 MiB per hash; N=2^15 keeps a login
// at about 32 MiB and tens of milliseconds on a small server while still making offline
// guessing expensive. The parameters are stored with each hash so they can be raised later.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

/** As long as a passphrase of three words; the desk's sign-in is rate-limited, a stolen hash is not. */
export const MIN_PASSWORD_LENGTH = 12;

function derive(password: string, salt: Buffer, params: typeof PARAMS): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * A key that only `password` gives, to seal a secret with (an agent's signing key): made with a
 * fresh salt when `recipe` is absent, derived again from the `recipe` (`scrypt$N$r$p$salt`) it
 * returned otherwise. Its salt is not the password hash's, so the stored hash does not give it.
 */
export async function sealingKey(password: string, recipe?: string): Promise<{ key: Buffer; recipe: string }> {
  if (recipe === undefined) {
    const salt = randomBytes(16);
    const key = await derive(password, salt, PARAMS);
    return { key, recipe: ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url')].join('$') };
  }
  const [scheme, N, r, p, salt] = recipe.split('$');
  if (scheme !== 'scrypt' || !salt) throw new Error('not a scrypt recipe');
  return { key: await derive(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p) }), recipe };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
