/**
 * What `npm start`, `npm test` and `npm run bench` need on a fresh machine, installed only when missing:
 * the npm packages, a Chromium (and Firefox ESR and WebKitGTK for the smoke runs), PostgreSQL's server binaries.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureMediasoupWorker } from './mediasoup-worker.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const isRoot = process.getuid?.() === 0;

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  }
}

/** `npm ci` when node_modules is missing or older than the lockfile. */
export function ensurePackages() {
  const marker = join(root, 'node_modules/.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('Installing npm packages…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

let aptUpdated = false;
/** Installs Debian packages (as root; `apt-get update` once per run). */
export function aptInstall(...pkgs) {
  if (!isRoot) throw new Error(`Please install ${pkgs.join(', ')} (needs root).`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    run('apt-get', ['update', '-qq'], { env });
    aptUpdated = true;
  }
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { env });
}

/** The path of a Chromium for the browser tests: CHROME_PATH, a system one, or Debian's installed now. */
export function ensureChromium() {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  const found = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
  if (found) return found;
  console.log('No browser found: installing Debian\'s chromium…');
  aptInstall('chromium');
  return '/usr/bin/chromium';
}

/** The directory of PostgreSQL's server binaries (initdb, pg_ctl), installing Debian's when absent. */
export function ensurePostgresBinaries() {
  const find = () => {
    const base = '/usr/lib/postgresql';
    if (!existsSync(base)) return undefined;
    const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin/initdb'))).sort((a, b) => Number(b) - Number(a));
    return versions.length ? join(base, versions[0], 'bin') : undefined;
  };
  const bin = find();
  if (bin) return bin;
  console.log('Installing PostgreSQL for the tests…');
  aptInstall('postgresql');
  const installed = find();
  if (!installed) throw new Error('PostgreSQL was installed, but no initdb is under /usr/lib/postgresql');
  return installed;
}

/**
 * What video calls need: ffmpeg (recordings; ffprobe comes with it), its fonts, and a built mediasoup worker,
 * which the server finds through MEDIASOUP_WORKER_BIN. After ensurePackages(): the worker is
 * built from the sources in node_modules/mediasoup.
 */
export function ensureMediaTools() {
  if (spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status !== 0) aptInstall('ffmpeg');
  // The end-to-end tests draw a specimen identity card with ffmpeg in these fonts (e2e/support/specimen.ts).
  if (!existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf')) aptInstall('fonts-dejavu-core');
  process.env.MEDIASOUP_WORKER_BIN ??= ensureMediasoupWorker();
}

/**
 * What the tests read receipts and seals back with, as a reader, a phone and a court would:
 * OpenSSL (cms, ts), poppler (pdftotext, pdffonts, pdfdetach, pdftoppm, pdfsig) and zbar's QR reader.
 */
export function ensurePdfTools() {
  if (spawnSync('openssl', ['version'], { stdio: 'ignore' }).status !== 0) aptInstall('openssl');
  if (spawnSync('pdfsig', ['-v'], { stdio: 'ignore' }).status !== 0) aptInstall('poppler-utils');
  if (spawnSync('zbarimg', ['--version'], { stdio: 'ignore' }).status !== 0) aptInstall('zbar-tools');
}

/**
 * What the deployment guide's files are checked with (e2e/deploy.test.ts, e2e/relay.test.ts):
 * Debian's nginx, run in front of a real server, systemd-analyze for the unit, and coturn with
 * nftables and iproute2 for a call through the relay in a network namespace of the test's own.
 * Installing nginx or coturn does not start them where services are not started (containers,
 * policy-rc.d); where systemd runs, the coturn service the package starts is stopped and disabled
 * at once: the tests run their own turnserver, and a relay nobody configured must not run.
 */
export function ensureDeployTools() {
  const wanted = { nginx: '/usr/sbin/nginx', systemd: '/usr/bin/systemd-analyze', coturn: '/usr/bin/turnserver', nftables: '/usr/sbin/nft', iproute2: '/usr/sbin/ip' };
  const missing = Object.keys(wanted).filter((pkg) => !existsSync(wanted[pkg]));
  if (missing.length) aptInstall(...missing);
  if (missing.includes('coturn') && existsSync('/run/systemd/system')) run('systemctl', ['disable', '--now', 'coturn']);
}

/**
 * The engines citizens use besides Chromium, for the smoke runs (e2e/engines): Firefox ESR, and
 * WebKitGTK's WebDriver with its MiniBrowser, which has no headless mode and so draws on Xvfb.
 * All from Debian, installed together in one apt run when any is missing.
 */
export function ensureOtherEngines() {
  const wanted = { 'firefox-esr': '/usr/bin/firefox-esr', 'webkit2gtk-driver': '/usr/bin/WebKitWebDriver', xvfb: '/usr/bin/Xvfb' };
  const missing = Object.keys(wanted).filter((pkg) => !existsSync(wanted[pkg]));
  if (missing.length) {
    console.log(`Installing ${missing.join(', ')} for the Firefox and WebKit smoke runs…`);
    aptInstall(...missing);
  }
}
