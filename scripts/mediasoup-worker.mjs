/**
 * Builds mediasoup's C++ worker offline against Debian's libraries and caches it outside the clone.
 *
 * mediasoup's own postinstall downloads a prebuilt worker, or subprojects to build one, and this
 * machine has no internet (ENVIRONMENT.md). 3.12.16 is the last version that builds against
 * bookworm's libuv, libsrtp2 and abseil, so the server pins it and this script builds its worker:
 * each meson subproject becomes a local directory exposing the system library, and the worker is
 * cached per version so CI and `npm start` build it once per machine.
 *
 * Run directly (`node scripts/mediasoup-worker.mjs`) it prints the binary's path.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, chmodSync, renameSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aptInstall } from './setup.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MEDIASOUP_VERSION = '3.12.16';
const cacheDir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'finestreta', `mediasoup-worker-${MEDIASOUP_VERSION}`);
const cachedBinary = join(cacheDir, 'mediasoup-worker');

/** The Debian packages the build needs: the toolchain and the libraries the subprojects stand for. */
export const WORKER_BUILD_PACKAGES = [
  'meson', 'ninja-build', 'pkg-config', 'g++', 'make', 'libssl-dev', 'libuv1-dev', 'libsrtp2-dev',
  'libusrsctp-dev', 'libabsl-dev', 'nlohmann-json3-dev',
];

/** A worker started without the channel file descriptors its parent passes exits with 41. */
const SELF_CHECK_EXIT_CODE = 41;

function log(message) {
  console.log(`[mediasoup-worker] ${message}`);
}


/** Runs a chatty build step, showing its output only when it fails. */
function runQuietly(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout}${r.stderr}`);
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  }
}

function selfCheck(binary) {
  if (!existsSync(binary)) return false;
  const r = spawnSync(binary, [], { stdio: 'ignore', timeout: 10_000 });
  return r.status === SELF_CHECK_EXIT_CODE;
}

function missingPackages() {
  return WORKER_BUILD_PACKAGES.filter((pkg) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function installPackages() {
  const missing = missingPackages();
  if (missing.length === 0) return;
  log(`installing ${missing.join(' ')}…`);
  aptInstall(...missing);
}

/**
 * The local subprojects. Each sets the variables `worker/meson.build` and
 * `worker/deps/libwebrtc/meson.build` read with `get_variable()`;
 * the `*_lib` ones only feed `link_whole` of a library target the worker executable does not use,
 * so an empty static library stands in for them. Options passed through `default_options` must be
 * declared or meson refuses them.
 */
const SUBPROJECTS = {
  openssl: {
    build: `openssl_dep = dependency('openssl')
libcrypto_lib = placeholder
libssl_lib = placeholder`,
  },
  nlohmann_json: { build: `nlohmann_json_dep = dependency('nlohmann_json')` },
  libuv: {
    build: `libuv_dep = dependency('libuv')
libuv = placeholder`,
    options: ['build_tests', 'build_benchmarks'].map((o) => `option('${o}', type: 'boolean', value: false)`),
  },
  libsrtp2: {
    // Debian puts srtp.h under <includedir>/srtp2 while the worker includes <srtp.h>.
    build: `srtp = dependency('libsrtp2')
libsrtp2_dep = declare_dependency(
  dependencies: srtp,
  compile_args: ['-I' + srtp.get_variable(pkgconfig: 'includedir') / 'srtp2'],
)
libsrtp2 = placeholder`,
    options: [
      `option('crypto-library', type: 'string', value: 'openssl')`,
      `option('crypto-library-kdf', type: 'string', value: 'disabled')`,
      `option('tests', type: 'string', value: 'disabled')`,
    ],
  },
  usrsctp: {
    build: `usrsctp_dep = dependency('usrsctp')
usrsctp = placeholder`,
    options: [`option('sctp_build_programs', type: 'boolean', value: false)`],
  },
  'abseil-cpp': {
    build: `absl_container_dep = declare_dependency(dependencies: [
  dependency('absl_flat_hash_map'),
  dependency('absl_flat_hash_set'),
  dependency('absl_btree'),
  dependency('absl_inlined_vector'),
])
absl_container_lib = placeholder
absl_strings_dep = dependency('absl_strings')
absl_types_dep = declare_dependency(dependencies: [dependency('absl_optional'), dependency('absl_variant')])`,
  },
  // Only the worker's unit tests use Catch2, and they are not built.
  catch2: { build: `catch2_dep = declare_dependency()` },
};

function writeSubprojects(workerDir) {
  const dir = join(workerDir, 'subprojects');
  rmSync(dir, { recursive: true, force: true });
  for (const [name, { build, options }] of Object.entries(SUBPROJECTS)) {
    const sub = join(dir, name);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'placeholder.c'), '/* Stands in for a system library linked through pkg-config. */\n');
    writeFileSync(join(sub, 'meson.build'), `project('${name}', ['c', 'cpp'])
placeholder = static_library('${name}-placeholder', 'placeholder.c')
${build}
`);
    if (options) writeFileSync(join(sub, 'meson_options.txt'), `${options.join('\n')}\n`);
  }
}

function lowerMesonRequirement(workerDir) {
  // Bookworm has meson 1.0.1; 3.12.16 asks for 1.1.0 but builds with 1.0.
  const file = join(workerDir, 'meson.build');
  const text = readFileSync(file, 'utf8');
  const lowered = text.replace(/meson_version:\s*'>=\s*1\.1\.0'/, "meson_version: '>= 1.0.0'");
  if (lowered === text && !text.includes("'>= 1.0.0'")) throw new Error('worker/meson.build: the meson_version requirement was not found');
  writeFileSync(file, lowered);
}

function mediasoupPackageDir() {
  const candidates = [join(root, 'node_modules/mediasoup'), join(root, 'packages/server/node_modules/mediasoup')];
  const dir = candidates.find((d) => existsSync(join(d, 'worker/meson.build')));
  if (!dir) throw new Error('mediasoup is not installed: run npm ci first.');
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (version !== MEDIASOUP_VERSION) throw new Error(`mediasoup ${version} is installed; this build recipe is for ${MEDIASOUP_VERSION}.`);
  return dir;
}

function build() {
  const packageDir = mediasoupPackageDir();
  installPackages();
  const temp = mkdtempSync(join(tmpdir(), 'mediasoup-worker-'));
  try {
    const workerDir = join(temp, 'worker');
    log(`copying the worker sources to ${workerDir}…`);
    cpSync(join(packageDir, 'worker'), workerDir, { recursive: true, filter: (src) => !src.includes(join('worker', 'out')) });
    writeSubprojects(workerDir);
    lowerMesonRequirement(workerDir);
    const buildDir = join(workerDir, 'out', 'build');
    log('configuring (meson)…');
    runQuietly('meson', ['setup', '--wrap-mode=nodownload', '--buildtype', 'release', buildDir, workerDir]);
    log('compiling (ninja; several minutes on two cores)…');
    const started = Date.now();
    runQuietly('ninja', ['-C', buildDir, 'mediasoup-worker']);
    log(`compiled in ${Math.round((Date.now() - started) / 1000)} s`);
    const built = join(buildDir, 'mediasoup-worker');
    if (!selfCheck(built)) throw new Error('the freshly built worker failed its self-check');
    mkdirSync(cacheDir, { recursive: true });
    // Copy then rename, so a concurrent reader never sees half a binary.
    const partial = `${cachedBinary}.partial-${process.pid}`;
    copyFileSync(built, partial);
    chmodSync(partial, 0o755);
    renameSync(partial, cachedBinary);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** The path of a working mediasoup worker: the cached one, or one built now (installing what the build needs). */
export function ensureMediasoupWorker() {
  if (selfCheck(cachedBinary)) return cachedBinary;
  log(`no working worker in ${cacheDir}: building mediasoup ${MEDIASOUP_VERSION}'s worker from source`);
  build();
  log(`ready: ${cachedBinary}`);
  return cachedBinary;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(ensureMediasoupWorker());
}
