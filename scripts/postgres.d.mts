export declare function startPostgres(): Promise<{ url: string; stop(): void }>;
