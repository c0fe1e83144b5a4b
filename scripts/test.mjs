/**
 * `npm test`: installs what is missing, then runs every suite — the server on SQLite and on
 * PostgreSQL, the widgets in Chromium, the end-to-end tests, the smoke runs in Firefox ESR and
 * WebKit, the Storybook accessibility check —
 * and, alongside them, the checks of the sources: the type check of every project, ESLint (with
 * the Lit and lit-a11y rules), the size of source files and import cycles. It ends with one line
 * `N passed, N failed, N skipped` totalling them all; each skip says why.
 *
 * `npm test -- NAME…` runs only the suites whose names start with one of the NAMEs.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { root, run, ensurePackages, ensureChromium, ensureMediaTools, ensurePdfTools, ensureOtherEngines, ensureDeployTools } from './setup.mjs';
import { startPostgres } from './postgres.mjs';

const only = process.argv.slice(2);

function testFiles(dir, suffix = '.test.ts') {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).filter((f) => f.endsWith(suffix)).sort().map((f) => join(dir, f));
}

/** node:test's spec reporter ends with `ℹ pass N` / `ℹ fail N` / `ℹ cancelled N`. */
function nodeTestCounts(output) {
  const last = (label) => {
    const all = [...output.matchAll(new RegExp(`^ℹ ${label} (\\d+)$`, 'gm'))];
    return all.length ? Number(all.at(-1)[1]) : undefined;
  };
  const passed = last('pass');
  if (passed === undefined) return undefined;
  return { passed, failed: (last('fail') ?? 0) + (last('cancelled') ?? 0), failures: nodeTestFailures(output), skipped: nodeTestSkipped(output), figures: nodeTestFigures(output) };
}

/** The fuzz suite's count of requests and 5xx (its `t.diagnostic('fuzz: …')`), for the summary. */
function nodeTestFigures(output) {
  return [...new Set([...output.matchAll(/^\s*ℹ (fuzz: .+)$/gm)].map((m) => m[1]))];
}

/** The skipped tests with why, from the spec reporter's `﹣ name (N ms) # reason` lines, each once. */
function nodeTestSkipped(output) {
  const skipped = [...output.matchAll(/^\s*﹣ (.+?) \([\d.]+m?s\) # (.+)$/gm)].map((m) => `${m[1]}: ${m[2]}`);
  return [...new Set(skipped)];
}

/** The names of the failed tests, from the spec reporter's `✖ name (N ms)` lines, each once. */
function nodeTestFailures(output) {
  const names = [...output.matchAll(/^\s*✖ (.+?) \([\d.]+m?s\)$/gm)].map((m) => m[1]);
  return [...new Set(names)];
}

function nodeSuite(name, files, env = {}) {
  return {
    name,
    cmd: process.execPath,
    args: ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files],
    env,
    counts: nodeTestCounts,
    skip: files.length === 0 && 'no test files',
  };
}

/** tsc's `file(line,col): error TSnnnn: message` lines. */
const tscErrors = (output) => output.split('\n').filter((line) => /^\S.*\(\d+,\d+\): error TS\d+:/.test(line));

/** ESLint's stylish report: a file's path, then `  line:col  error  message  rule` under it. */
function eslintErrors(output) {
  const errors = [];
  let file = '';
  for (const line of output.split('\n')) {
    const problem = line.match(/^\s+(\d+:\d+)\s+(?:error|warning)\s+(.+?)\s{2,}(\S+)$/);
    if (problem) errors.push(`${file}:${problem[1]} ${problem[2]} (${problem[3]})`);
    else if (line.startsWith('/')) file = relative(root, line.trim());
  }
  return errors;
}

/** The offenders our own checks print, one `✖ …` line each. */
const markedErrors = (output) => [...output.matchAll(/^✖ (.+)$/gm)].map((m) => m[1]);

/**
 * A check of the sources: passes once when it finds nothing, otherwise fails once per finding.
 * Niced, because it runs alongside the test suites, which have timeouts.
 */
function checkSuite(name, args, findings) {
  return {
    name,
    cmd: 'nice',
    args: ['-n', '10', process.execPath, ...args],
    env: {},
    quiet: true,
    counts: (output) => {
      const failures = findings(output);
      return { passed: failures.length ? 0 : 1, failed: failures.length, failures };
    },
  };
}

const bin = (path) => join(root, 'node_modules', path);
const checks = [
  checkSuite('type check (widgets, stories, e2e)', [bin('typescript/bin/tsc'), '-p', 'tsconfig.json'], tscErrors),
  checkSuite('type check (server)', [bin('typescript/bin/tsc'), '-p', 'packages/server', '--noEmit'], tscErrors),
  checkSuite('type check (scripts)', [bin('typescript/bin/tsc'), '-p', 'tsconfig.scripts.json'], tscErrors),
  checkSuite('lint (ESLint, Lit, lit-a11y)', [bin('eslint/bin/eslint.js'), '.'], eslintErrors),
  checkSuite('source files under 500 lines', ['scripts/check-size.mjs'], markedErrors),
  checkSuite('import cycles', ['scripts/check-cycles.mjs'], markedErrors),
  checkSuite('one register per language', ['--import', 'tsx', 'scripts/check-register.mjs'], markedErrors),
];

/**
 * Runs a suite and counts its results. A quiet one keeps its output in the result's `log`, to be
 * printed after the suites that ran meanwhile, so that the two do not interleave.
 */
function runSuite(suite) {
  if (suite.skip) return Promise.resolve({ name: suite.name, passed: 0, failed: 0, skipped: [`the whole suite: ${suite.skip}`] });
  return new Promise((resolve) => {
    if (!suite.quiet) console.log(`\n━━ ${suite.name} ━━`);
    let output = '';
    const started = Date.now();
    const child = spawn(suite.cmd, suite.args, {
      cwd: root,
      env: { ...process.env, ...suite.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk;
        if (!suite.quiet) process.stdout.write(chunk);
      });
    }
    child.on('close', (code) => {
      const name = suite.name;
      const seconds = Math.round((Date.now() - started) / 1000);
      const log = suite.quiet ? `\n━━ ${name} ━━\n${output.trimEnd()}` : undefined;
      const counts = suite.counts(output);
      // A suite that crashed before reporting counts as one failure, never as silence.
      if (!counts) resolve({ name, log, seconds, passed: 0, failed: 1, note: `exited ${code} without results` });
      else if (code !== 0 && counts.failed === 0) resolve({ name, log, seconds, ...counts, failed: 1, note: `exited ${code}` });
      else resolve({ name, log, seconds, ...counts });
    });
  });
}

async function main() {
  ensurePackages();
  ensureMediaTools();
  ensurePdfTools();
  ensureDeployTools();
  const chrome = ensureChromium();
  process.env.CHROME_PATH = chrome;
  const results = [];
  const want = (name) => only.length === 0 || only.some((o) => name.startsWith(o));
  // The checks take one core between them, one after another, while the suites below use the other.
  const checked = (async () => {
    const done = [];
    for (const check of checks.filter((c) => want(c.name))) done.push(await runSuite(check));
    return done;
  })();
  /** A build that fails counts as a failure, and the suites that do not need it still run. */
  const build = (name, args) => {
    try {
      run('npm', args);
      return true;
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      results.push({ name, passed: 0, failed: 1, note: 'build failed' });
      return false;
    }
  };
  const suites = ['server (SQLite)', 'server (PostgreSQL)', 'widgets', 'end to end', 'engines', 'storybook'];
  if (suites.some(want)) build('widgets build', ['run', 'build', '--silent', '-w', '@finestreta/widgets']);

  const serverTests = testFiles('packages/server/test');

  // The server's two databases run side by side, each one test file at a time: most of a file's
  // time is spent starting it and waiting on its database, not on a core. PostgreSQL's output is
  // printed once both are done, so that the two do not interleave.
  const servers = [];
  if (want('server (SQLite)')) servers.push(runSuite(nodeSuite('server (SQLite)', serverTests, { FIN_TEST_DB: 'sqlite' })));
  if (want('server (PostgreSQL)')) {
    servers.push(
      startPostgres().then(async (pg) => {
        try {
          return await runSuite({ ...nodeSuite('server (PostgreSQL)', serverTests, { FIN_TEST_DB: 'postgres', FIN_TEST_PG_URL: pg.url }), quiet: true });
        } finally {
          pg.stop();
        }
      }),
    );
  }
  for (const server of await Promise.all(servers)) {
    if (server.log) console.log(server.log);
    results.push(server);
  }
  if (want('widgets')) {
    const summary = join(tmpdir(), `fin-wtr-${process.pid}.json`);
    results.push(await runSuite({
      name: 'widgets (Chromium)',
      cmd: process.execPath,
      args: [join(root, 'node_modules/@web/test-runner/dist/bin.js'), '--config', 'packages/widgets/web-test-runner.config.mjs', '--static-logging'],
      env: { WTR_SUMMARY_FILE: summary },
      counts: () => (existsSync(summary) ? JSON.parse(readFileSync(summary, 'utf8')) : undefined),
    }));
    rmSync(summary, { force: true });
  }
  if (want('end to end')) results.push(await runSuite(nodeSuite('end to end (Chromium + server)', testFiles('e2e'))));
  if (want('engines')) {
    // Without root the engines stay missing: their smoke is then skipped with the reason, and counted.
    try {
      ensureOtherEngines();
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
    }
    // Side by side, each with its own server: most of their time is spent waiting on a browser.
    // WebKit's output is printed once both are done, so that the two do not interleave.
    const engines = await Promise.all([
      runSuite(nodeSuite('engines (Firefox ESR + server)', ['e2e/engines/firefox.test.ts'])),
      runSuite({ ...nodeSuite('engines (WebKit + server)', ['e2e/engines/webkit.test.ts']), quiet: true }),
    ]);
    for (const engine of engines) {
      if (engine.log) console.log(engine.log);
      results.push(engine);
    }
  }
  if (want('storybook') && build('storybook build', ['run', 'build-storybook', '--silent'])) {
    results.push(await runSuite(nodeSuite('storybook (axe over every story)', testFiles('stories', '.test.ts'))));
  }

  for (const check of await checked) {
    if (check.log) console.log(check.log);
    results.push(check);
  }

  console.log('\n━━ summary ━━');
  for (const r of results) {
    const skipped = r.skipped?.length ? `, ${r.skipped.length} skipped` : '';
    const took = r.seconds === undefined ? '' : ` in ${r.seconds} s`;
    console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed${skipped}${took}${r.note ? ` (${r.note})` : ''}`);
    for (const skip of r.skipped ?? []) console.log(`  ﹣ ${skip}`);
    for (const figure of r.figures ?? []) console.log(`  ℹ ${figure}`);
    for (const failure of r.failures ?? []) console.log(`  ✖ ${failure}`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const skipped = results.reduce((n, r) => n + (r.skipped?.length ?? 0), 0);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exitCode = failed > 0 || results.length === 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exitCode = 1;
});
