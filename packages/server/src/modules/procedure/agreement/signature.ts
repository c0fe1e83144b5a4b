import { createHash, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/index.js';
import { openBytes, SealDamaged, sealBytes } from '../../../shared/crypto-at-rest.js';
import { sealingKey } from '../../../shared/password.js';

/**
 * How a habilitated employee signs on a citizen's behalf (LPAC art. 12.2) with credentials of
 * their own. Today the one way is a key bound to the agent (`unlockAgentKey`); an agent's
 * certificate (PKCS#12) or a council's signing service will be other implementations.
 */
export interface AgentSigner {
  /** How the signature is made and encoded, as the evidence names it. */
  readonly algorithm: string;
  /** The public key that verifies it (SPKI, PEM). */
  readonly publicKey: string;
  sign(input: Buffer): Promise<Buffer>;
}

/** ECDSA on P-256 over SHA-256; the signature DER-encoded, as `openssl dgst -verify` and node:crypto's `verify` take it. */
export const AGENT_KEY_ALGORITHM = 'ECDSA-P256-SHA256';

/** The text an agent signs for an agreement: what the citizen agreed to, in which case, and when it was signed. */
export interface SignedAgreement {
  caseId: string;
  documentId: string;
  sha256: string;
  signedAt: string;
}

/**
 * The exact bytes signed, so that anyone can rebuild them from the evidence: UTF-8 text of five
 * lines, each ending in a line feed, in this order and with no other whitespace:
 *
 *   finestreta-agreement-signature-v1
 *   case:<the case id>
 *   document:<the presented document's id>
 *   sha256:<the SHA-256 of the document's bytes, lower-case hex>
 *   signed-at:<the time of signing, ISO 8601 in UTC with milliseconds>
 *
 * A first line naming what the bytes are keeps this signature from being taken for one over
 * anything else the same key might sign one day.
 */
export function signedInput({ caseId, documentId, sha256, signedAt }: SignedAgreement): Buffer {
  return Buffer.from(`finestreta-agreement-signature-v1\ncase:${caseId}\ndocument:${documentId}\nsha256:${sha256}\nsigned-at:${signedAt}\n`, 'utf8');
}

export const publicKeySha256 = (publicKeyPem: string) => createHash('sha256').update(publicKeyPem).digest('hex');

// The agent's id is bound to the seal, so one agent's sealed key copied onto another's row does not open.
const sealContext = (agentId: string) => `agent-key ${agentId}`;

class PasswordBoundKey implements AgentSigner {
  readonly algorithm = AGENT_KEY_ALGORITHM;

  constructor(
    readonly publicKey: string,
    private readonly privateKey: KeyObject,
  ) {}

  sign(input: Buffer): Promise<Buffer> {
    return Promise.resolve(sign('sha256', input, this.privateKey));
  }
}

/**
 * The agent's own signing key, opened with the password they have just re-entered (and which the
 * caller has checked): its private half is stored sealed (AES-256-GCM) under a key derived with
 * scrypt from that password and a salt of its own, so neither the database nor the server's
 * master key can sign without the agent. Made at their first signature; a key the password does
 * not open (the password has changed since) is replaced by a new pair, whose public key each
 * signature's evidence carries, so the old signatures stay verifiable.
 */
export async function unlockAgentKey(db: Kysely<Database>, agentId: string, password: string, now: Date): Promise<AgentSigner> {
  const stored = await db.selectFrom('agent_keys').selectAll().where('agent_id', '=', agentId).executeTakeFirst();
  if (stored) {
    const separator = stored.sealed_private_key.lastIndexOf('$');
    const { key } = await sealingKey(password, stored.sealed_private_key.slice(0, separator));
    try {
      const der = openBytes(key, Buffer.from(stored.sealed_private_key.slice(separator + 1), 'base64'), sealContext(agentId), 'an agent key');
      return new PasswordBoundKey(stored.public_key, createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
    } catch (error) {
      if (!(error instanceof SealDamaged)) throw error;
    }
  }
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const { key, recipe } = await sealingKey(password);
  const sealed = sealBytes(key, pair.privateKey.export({ type: 'pkcs8', format: 'der' }), sealContext(agentId));
  const row = { public_key: publicKey, sealed_private_key: `${recipe}$${sealed.toString('base64')}`, created_at: now.toISOString() };
  await db
    .insertInto('agent_keys')
    .values({ agent_id: agentId, ...row })
    .onConflict((conflict) => conflict.column('agent_id').doUpdateSet(row))
    .execute();
  return new PasswordBoundKey(publicKey, pair.privateKey);
}
