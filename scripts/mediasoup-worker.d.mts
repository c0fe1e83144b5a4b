export declare const MEDIASOUP_VERSION: string;
export declare const WORKER_BUILD_PACKAGES: string[];
export declare function ensureMediasoupWorker(): string;
