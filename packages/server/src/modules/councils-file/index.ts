import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { CouncilsFileError, seedCouncils } from '../councils/seed.js';
import { councilsFileHash, loadCouncilsFile, type CouncilsFileState, type CouncilsFileVersion, type LoadedCouncils } from './load.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The councils file this process runs (`version`) and the watcher that applies each new version. */
    councilsFile: CouncilsFileWatcher;
  }
}

interface WatcherEvents {
  /** A new version was applied. */
  applied: [CouncilsFileVersion];
  /** A changed file was refused; the version before it still runs. */
  refused: [CouncilsFileError];
}

/**
 * Applies each new version of the councils file in this process, without a restart. Every
 * process watches the file (which is on storage all hosts share) and applies it itself: its
 * logos and identity providers are its own, and the councils' upsert is the same in each (the
 * last one writes what the others wrote). `fs.watch` misses changes made on another host of a
 * network file system, so the file's hash is also compared every COUNCILS_CHECK_SECONDS. A new
 * version is checked as at start-up, then applied whole: councils in one transaction, then
 * logos and identity providers replaced at once. A refused one is logged and the running
 * version kept; it is not looked at again until its bytes change. A failure to store the councils
 * (the database out of reach) is retried at the next check.
 */
export class CouncilsFileWatcher extends EventEmitter<WatcherEvents> {
  private running: Promise<void> | null = null;
  private again = false;
  /** The hash of the last refused file, so that an unchanged broken file is logged once, not at every check. */
  private refusedHash: string | null = null;

  constructor(
    private readonly fastify: FastifyInstance,
    private readonly state: CouncilsFileState,
  ) {
    super();
  }

  /** The version running in this process. */
  get version(): CouncilsFileVersion {
    return this.state.version;
  }

  /** Looks at the file now and applies it if it changed; a check asked for during one runs once more after it. */
  check(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.checkOnce();
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Waits for a check under way, so that nothing writes after the database closes. */
  async settled(): Promise<void> {
    await this.running;
  }

  private async checkOnce(): Promise<void> {
    const file = this.fastify.config.councilsFile;
    const log = this.fastify.log;
    let hash: string;
    try {
      hash = await councilsFileHash(file);
    } catch (error) {
      // Being replaced (removed, then renamed into place) or briefly out of reach: the next check looks again.
      log.warn({ err: error, file }, 'could not read the councils file; the running version is kept');
      return;
    }
    if (hash === this.state.version.sha256 || hash === this.refusedHash) return;
    let loaded: LoadedCouncils;
    try {
      loaded = await loadCouncilsFile(file, this.fastify.config.oidc.allowHttpIssuer);
    } catch (error) {
      if (!(error instanceof CouncilsFileError)) throw error;
      this.refusedHash = hash;
      log.error({ err: error, running: this.state.version.sha256 }, 'refused a new version of the councils file; the running version is kept');
      this.emit('refused', error);
      return;
    }
    // A database that fails here fails the check, which the next one repeats: the file was fine.
    await seedCouncils(this.fastify, loaded.councils);
    this.state.replace(loaded, this.fastify.now());
    this.refusedHash = null;
    log.info({ sha256: loaded.sha256 }, 'applied a new version of the councils file');
    this.emit('applied', this.state.version);
  }
}

export interface CouncilsFileOptions {
  state: CouncilsFileState;
}

/**
 * The councils file, applied at start-up (last, once the stores it fills exist) and again at
 * every change while the app runs.
 */
export default fp<CouncilsFileOptions>(
  async (fastify, { state }) => {
    await seedCouncils(fastify, state.current.councils);
    state.replace(state.current, fastify.now());
    const watcher = new CouncilsFileWatcher(fastify, state);
    fastify.decorate('councilsFile', watcher);

    let timer: NodeJS.Timeout | undefined;
    let watching: FSWatcher | undefined;
    const check = () => {
      watcher.check().catch((error: unknown) => fastify.log.error({ err: error }, 'could not check the councils file'));
    };
    fastify.addHook('onReady', async () => {
      // The folder rather than the file: an editor or `mv` that replaces the file gives it a new inode, which a watch on the file would lose.
      const name = path.basename(fastify.config.councilsFile);
      try {
        watching = watch(path.dirname(fastify.config.councilsFile), { persistent: false }, (_event, changed) => {
          if (changed === null || changed === name) check();
        });
        watching.on('error', (error) => fastify.log.warn({ err: error }, 'stopped watching the councils file; its hash is still checked'));
      } catch (error) {
        fastify.log.warn({ err: error }, 'cannot watch the councils file; its hash is checked instead');
      }
      timer = setInterval(check, fastify.config.councilsCheckMs).unref();
    });
    fastify.addHook('preClose', async () => {
      clearInterval(timer);
      watching?.close();
      await watcher.settled();
    });
  },
  { name: 'councils-file', dependencies: ['councils', 'agents'] },
);
