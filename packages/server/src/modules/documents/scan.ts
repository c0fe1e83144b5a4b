import { Readable } from 'node:stream';
import NodeClam from 'clamscan';

/** What the scan says about a document. */
export type ScanVerdict =
  | { result: 'clean' | 'not_configured' }
  | { result: 'infected'; viruses: string[] }
  | { result: 'unavailable'; error: Error };

/** How long clamd may take to answer, beyond which the scan counts as unavailable. */
const SCAN_TIMEOUT_MS = 60_000;

/**
 * The malware-scan hook: the document's plaintext is streamed to clamd (INSTREAM over TCP,
 * through the `clamscan` client) when CLAMD_URL is configured. A scanner that cannot be reached
 * does not make the citizen's document disappear: the caller keeps it, marked unscanned.
 */
export class MalwareScanner {
  private client: Promise<NodeClam> | null = null;

  constructor(private readonly clamd: { host: string; port: number } | null) {}

  private connect(): Promise<NodeClam> {
    // No test connection at start-up (bypassTest): clamd may come up after this server does.
    this.client ??= new NodeClam().init({
      preference: 'clamdscan',
      clamscan: { active: false },
      clamdscan: { host: this.clamd!.host, port: this.clamd!.port, timeout: SCAN_TIMEOUT_MS, localFallback: false, bypassTest: true },
    });
    return this.client;
  }

  async scan(plaintext: AsyncIterable<Buffer>): Promise<ScanVerdict> {
    if (!this.clamd) return { result: 'not_configured' };
    try {
      const { isInfected, viruses } = await (await this.connect()).scanStream(Readable.from(plaintext));
      if (isInfected) return { result: 'infected', viruses };
      if (isInfected === false) return { result: 'clean' };
      return { result: 'unavailable', error: new Error('clamd gave no verdict') };
    } catch (error) {
      return { result: 'unavailable', error: error as Error };
    }
  }
}
