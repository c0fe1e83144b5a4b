import { createPrivateKey, createPublicKey, randomBytes, webcrypto, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { SealIdentity } from './cms.js';
import { toArrayBuffer } from './bytes.js';

/** Where a council's seal comes from (see the README's "The council's seal"). */
export interface SealSettings {
  /** SEALS_DIR: `<council>.p12`, with its passphrase in `<council>.pass` or SEAL_PASSPHRASE_<COUNCIL>. */
  dir: string | null;
  /** The SEAL_PASSPHRASE_* variables by council id. */
  passphrases: Record<string, string>;
  /** In demo mode a council without a seal gets a self-signed one, kept in `demoDir`. */
  demo: boolean;
  demoDir: string;
}

const spki = (key: KeyObject) => createPublicKey(key).export({ format: 'der', type: 'spki' });

/** The environment variable that may hold a council's passphrase: SEAL_PASSPHRASE_ and the id in capitals, `-` as `_`. */
export const passphraseVariable = (councilId: string) => `SEAL_PASSPHRASE_${councilId.toUpperCase().replaceAll('-', '_')}`;

/**
 * The key and chain of a PKCS#12 file (PBES2 with PBKDF2 and AES, OpenSSL 3's default), its MAC
 * checked. The chain starts with the certificate of the key and follows with the others.
 */
export async function readPkcs12(file: Buffer, passphrase: string): Promise<Omit<SealIdentity, 'demo'>> {
  const password = toArrayBuffer(new TextEncoder().encode(passphrase));
  const pfx = pkijs.PFX.fromBER(toArrayBuffer(file));
  await pfx.parseInternalValues({ password, checkIntegrity: true });
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new Error('The PKCS#12 file holds no contents');
  await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password })) });
  const keys: KeyObject[] = [];
  const certificates: pkijs.Certificate[] = [];
  for (const contents of safe.parsedValue?.safeContents ?? []) {
    for (const bag of contents.value.safeBags) {
      const value = bag.bagValue;
      if (value instanceof pkijs.PKCS8ShroudedKeyBag) {
        // pkijs's own PKCS#12 example decrypts a shrouded key this way; its typings mark the method protected.
        await (value as unknown as { parseInternalValues(parameters: { password: ArrayBuffer }): Promise<void> }).parseInternalValues({ password });
        if (value.parsedValue) keys.push(createPrivateKey({ key: Buffer.from(value.parsedValue.toSchema().toBER(false)), format: 'der', type: 'pkcs8' }));
      } else if (value instanceof pkijs.PrivateKeyInfo) {
        keys.push(createPrivateKey({ key: Buffer.from(value.toSchema().toBER(false)), format: 'der', type: 'pkcs8' }));
      } else if (value instanceof pkijs.CertBag && value.parsedValue instanceof pkijs.Certificate) {
        certificates.push(value.parsedValue);
      }
    }
  }
  if (keys.length !== 1) throw new Error(`The PKCS#12 file must hold one private key, it holds ${keys.length}`);
  const key = keys[0]!;
  const publicKey = spki(key);
  const own = certificates.find((certificate) => Buffer.from(certificate.subjectPublicKeyInfo.toSchema().toBER(false)).equals(publicKey));
  if (!own) throw new Error('The PKCS#12 file has no certificate for its key');
  return { key, chain: [own, ...certificates.filter((certificate) => certificate !== own)] };
}

async function readOptional(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

const pemOf = (label: string, der: Uint8Array) => `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END ${label}-----\n`;
const pemBlock = (pem: string, label: string) => {
  const match = new RegExp(`-----BEGIN ${label}-----([^-]+)-----END ${label}-----`).exec(pem);
  if (!match) throw new Error(`No ${label} in the demonstration seal file`);
  return Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64');
};

const name = (entries: [string, string][]) =>
  new pkijs.RelativeDistinguishedNames({
    typesAndValues: entries.map(([type, value]) => new pkijs.AttributeTypeAndValue({ type, value: type === '2.5.4.6' ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value }) })),
  });

/** A self-signed RSA seal certificate whose subject says, in the three languages, that it is a demonstration and not valid. */
async function makeDemoSeal(councilId: string): Promise<string> {
  const subtle = webcrypto.subtle;
  const keys = await subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 3072, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']);
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  certificate.serialNumber = new asn1js.Integer({ valueHex: toArrayBuffer(serial) });
  const subject = name([
    ['2.5.4.6', 'ES'],
    ['2.5.4.10', 'Finestreta DEMONSTRATION - NOT VALID'],
    ['2.5.4.11', 'DEMOSTRACIÓ / DEMOSTRACIÓN - NO VÀLID / NO VÁLIDO'],
    ['2.5.4.3', `DEMONSTRATION seal of ${councilId} - NOT VALID`],
  ]);
  certificate.subject = subject;
  certificate.issuer = name(subject.typesAndValues.map((entry) => [entry.type, String(entry.value.valueBlock.value)]));
  const now = Date.now();
  certificate.notBefore.value = new Date(now - 60_000);
  certificate.notAfter.value = new Date(now + 10 * 365 * 86_400_000);
  // keyUsage digitalSignature and nonRepudiation (contentCommitment), as a seal's; not a CA.
  certificate.extensions = [
    new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false) }),
    new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: new asn1js.BitString({ valueHex: new Uint8Array([0xc0]).buffer, unusedBits: 6 }).toBER(false) }),
  ];
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey);
  await certificate.sign(keys.privateKey, 'SHA-256');
  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', keys.privateKey));
  return pemOf('PRIVATE KEY', pkcs8) + pemOf('CERTIFICATE', new Uint8Array(certificate.toSchema().toBER(false)));
}

/**
 * The demo's seal for a council, made once and kept: `wx` lets the first of several processes
 * write it and the others read theirs, so that every process signs with the same certificate.
 */
async function demoSeal(dir: string, councilId: string): Promise<SealIdentity> {
  const file = path.join(dir, `${councilId}.pem`);
  let pem = (await readOptional(file))?.toString('utf8');
  if (pem === undefined) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const made = await makeDemoSeal(councilId);
    try {
      await writeFile(file, made, { mode: 0o600, flag: 'wx' });
      pem = made;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      pem = await readFile(file, 'utf8');
    }
  }
  const key = createPrivateKey({ key: pemBlock(pem, 'PRIVATE KEY'), format: 'der', type: 'pkcs8' });
  return { key, chain: [pkijs.Certificate.fromBER(pemBlock(pem, 'CERTIFICATE'))], demo: true };
}

/**
 * A council's seal: its PKCS#12 in SEALS_DIR with the passphrase from `<council>.pass` or
 * SEAL_PASSPHRASE_<COUNCIL>; failing that, in demo mode, the demonstration seal; otherwise null.
 * A file that is there but cannot be opened is an error, never a silent "no seal".
 */
export async function loadSeal(settings: SealSettings, councilId: string): Promise<SealIdentity | null> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(councilId)) throw new Error(`Not a council id: ${JSON.stringify(councilId)}`);
  const p12 = settings.dir ? await readOptional(path.join(settings.dir, `${councilId}.p12`)) : null;
  if (p12) {
    const passFile = await readOptional(path.join(settings.dir!, `${councilId}.pass`));
    // A passphrase file ends with the newline editors add; the passphrase itself does not.
    const passphrase = passFile?.toString('utf8').replace(/\r?\n$/, '') ?? settings.passphrases[councilId];
    if (passphrase === undefined) throw new Error(`The seal of ${councilId} has no passphrase: put it in ${councilId}.pass beside the .p12 or in ${passphraseVariable(councilId)}`);
    try {
      return { ...(await readPkcs12(p12, passphrase)), demo: false };
    } catch (error) {
      throw new Error(`The seal of ${councilId} cannot be opened (a wrong passphrase?): ${(error as Error).message}`, { cause: error });
    }
  }
  return settings.demo ? demoSeal(settings.demoDir, councilId) : null;
}

/** Every certificate (DER) in PEM text, in order; `what` names the text in the error when it holds none. */
export function certificatesInPem(pem: string, what: string): Buffer[] {
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/g)].map((match) => Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64'));
  if (blocks.length === 0) throw new Error(`${what} holds no PEM certificate`);
  for (const der of blocks) {
    try {
      new X509Certificate(der);
    } catch (error) {
      throw new Error(`${what} holds a certificate that cannot be read: ${(error as Error).message}`, { cause: error });
    }
  }
  return blocks;
}

/**
 * The council's earlier seal certificates (DER), kept after its PKCS#12 was replaced so that what
 * they sealed still verifies: every certificate in the `*.pem` files of `SEALS_DIR/<council>.previous/`,
 * the files in name order. Only certificates: the old private key is not needed, and should go.
 */
export async function loadPreviousCertificates(settings: SealSettings, councilId: string): Promise<Buffer[]> {
  if (!settings.dir) return [];
  const dir = path.join(settings.dir, `${councilId}.previous`);
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const certificates: Buffer[] = [];
  for (const name of names.filter((file) => file.endsWith('.pem')).sort()) {
    certificates.push(...certificatesInPem(await readFile(path.join(dir, name), 'utf8'), path.join(dir, name)));
  }
  return certificates;
}
