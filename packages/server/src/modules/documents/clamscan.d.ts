// clamscan ships no types; this covers the part the malware scan uses.
declare module 'clamscan' {
  import type { Readable } from 'node:stream';

  interface ClamdOptions {
    host?: string;
    port?: number;
    timeout?: number;
    localFallback?: boolean;
    bypassTest?: boolean;
  }

  export default class NodeClam {
    init(options: { preference?: 'clamdscan' | 'clamscan'; clamdscan?: ClamdOptions; clamscan?: { active: boolean } }): Promise<NodeClam>;
    scanStream(stream: Readable): Promise<{ isInfected: boolean | null; viruses: string[] }>;
  }
}
