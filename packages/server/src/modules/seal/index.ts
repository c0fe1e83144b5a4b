import { createHash } from 'node:crypto';
import path from 'node:path';
import fp from 'fastify-plugin';
import type { AppConfig } from '../../config.js';
import { cadesDetached, type SealIdentity } from './cms.js';
import { loadPreviousCertificates, loadSeal, type SealSettings } from './keystore.js';
import { addDocumentTimestamp } from './doc-timestamp.js';
import { padesSeal, type PdfSealDetails } from './pades.js';
import { requestTimestamp } from './tsa.js';

export { certificatesInPem } from './keystore.js';
export { TimestampError } from './tsa.js';
export { SealVerificationError, signatureTimestampOf, timestampAuthorityOf, verifyDetached, verifyTimestampToken, type VerifiedSeal, type VerifyOptions } from './verify.js';
export { verifyPdfSeal, type PdfSealDetails, type VerifiedPdfSeal } from './pades.js';
export { latestTimestampOf, sealedRevision } from './pdf-signatures.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The councils' electronic seals and the timestamp authority. */
    seal: Seal;
  }
}

/** The council has no seal configured (outside demo mode): nothing can be sealed for it. */
export class NoSealError extends Error {
  constructor(readonly councilId: string) {
    super(`The council ${councilId} has no seal: put ${councilId}.p12 in SEALS_DIR`);
    this.name = 'NoSealError';
  }
}

/**
 * Signs for a council with its seal certificate, and timestamps when TSA_URL is set. Every
 * result is whole or not at all: when the authority is down the call throws a TimestampError
 * (the caller retries later) and nothing half-sealed comes out.
 */
export class Seal {
  private readonly identities = new Map<string, Promise<SealIdentity | null>>();

  constructor(
    private readonly settings: SealSettings,
    /** The RFC 3161 authority; null signs without a timestamp (CAdES-BES rather than -T). */
    readonly tsaUrl: string | null,
    private readonly now: () => Date,
  ) {}

  /** The council's seal, read once (again after a failed read), or null when it has none. */
  identity(councilId: string): Promise<SealIdentity | null> {
    let identity = this.identities.get(councilId);
    if (!identity) {
      identity = loadSeal(this.settings, councilId);
      identity.catch(() => this.identities.delete(councilId));
      this.identities.set(councilId, identity);
    }
    return identity;
  }

  /** Whether the council can seal; callers that may go without a seal ask before. */
  async has(councilId: string): Promise<boolean> {
    return (await this.identity(councilId)) !== null;
  }

  /** The council's seal certificate and the rest of its chain (DER), signer first; empty without a seal. */
  async chain(councilId: string): Promise<Buffer[]> {
    const identity = await this.identity(councilId);
    return (identity?.chain ?? []).map((certificate) => Buffer.from(certificate.toSchema().toBER(false)));
  }

  /**
   * The council's seal certificates rotated out (DER; README "Rotating a seal"), read on each call
   * so that a certificate added beside a running server counts at once.
   */
  previousCertificates(councilId: string): Promise<Buffer[]> {
    return loadPreviousCertificates(this.settings, councilId);
  }

  /** An RFC 3161 token (DER) over `data` from TSA_URL; throws when no authority is configured or it fails. */
  async timestamp(data: Buffer): Promise<Buffer> {
    if (!this.tsaUrl) throw new Error('No timestamp authority is configured (TSA_URL)');
    return requestTimestamp(this.tsaUrl, data);
  }

  private async required(councilId: string): Promise<SealIdentity> {
    const identity = await this.identity(councilId);
    if (!identity) throw new NoSealError(councilId);
    return identity;
  }

  private get timestamper() {
    return this.tsaUrl ? { timestamp: (data: Buffer) => this.timestamp(data) } : {};
  }

  /** A CAdES detached signature (DER) over `data` with the council's seal, CAdES-T when TSA_URL is set. */
  async signDetached(councilId: string, data: Buffer): Promise<Buffer> {
    const identity = await this.required(councilId);
    return cadesDetached(identity, createHash('sha256').update(data).digest(), { signingTime: this.now(), ...this.timestamper });
  }

  /** `pdf` with the council's PAdES seal over the whole file, timestamped when TSA_URL is set. */
  async sealPdf(councilId: string, pdf: Buffer, details: Partial<Omit<PdfSealDetails, 'signingTime'>> = {}): Promise<Buffer> {
    const identity = await this.required(councilId);
    const subject = identity.chain[0]!.subject.typesAndValues.find((entry) => entry.type === '2.5.4.3');
    const seal = { name: String(subject?.value.valueBlock.value ?? councilId), reason: 'Electronic seal', location: '', contactInfo: '', ...details, signingTime: this.now() };
    return padesSeal(identity, pdf, seal, this.timestamper);
  }

  /** A sealed PDF renewed with a document timestamp from TSA_URL (PAdES-LTA), its earlier revisions untouched. */
  renewPdf(pdf: Buffer): Promise<Buffer> {
    return addDocumentTimestamp(pdf, (data) => this.timestamp(data));
  }
}

/** `fastify.seal`, configured from SEALS_DIR, SEAL_PASSPHRASE_* and TSA_URL (see config.ts). */
export default fp(
  async (fastify) => {
    const config: AppConfig = fastify.config;
    const settings: SealSettings = { dir: config.seal.dir, passphrases: config.seal.passphrases, demo: config.demo, demoDir: path.join(config.dataDir, 'demo-seals') };
    fastify.decorate('seal', new Seal(settings, config.seal.tsaUrl, () => fastify.now()));
  },
  { name: 'seal' },
);
