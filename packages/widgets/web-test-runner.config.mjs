import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

// Paths are resolved from this file, so the suite runs the same from the package or the repo root.
const here = (path) => fileURLToPath(new URL(path, import.meta.url));

const firstLine = (text, otherwise) => (text ? text.split('\n')[0] : otherwise);

/**
 * Counts leaf tests of every session and names the failed and the skipped ones; a file that failed
 * to load counts as one failure.
 */
function countTests(sessions) {
  let passed = 0;
  const failures = [];
  const skipped = [];
  const walk = (suite, path) => {
    for (const test of suite.tests ?? []) {
      if (test.skipped) {
        // Mocha keeps no reason for a skip: the test file says why next to its `.skip`.
        skipped.push(`${[...path, test.name].join(' › ')}: marked .skip in its file`);
        continue;
      }
      if (test.passed) passed++;
      else failures.push(`${[...path, test.name].join(' › ')}: ${firstLine(test.error?.message, 'failed')}`);
    }
    for (const child of suite.suites ?? []) walk(child, [...path, child.name]);
  };
  for (const session of sessions) {
    const file = session.testFile.replace(here('../../'), '');
    if (session.testResults) walk(session.testResults, [file]);
    if (!session.passed && (session.errors?.length || !session.testResults)) {
      failures.push(`${file}: ${firstLine(session.errors?.[0]?.message, 'did not run')}`);
    }
  }
  return { passed, failed: failures.length, failures, skipped };
}

/** Writes `{passed, failed, failures, skipped}` to $WTR_SUMMARY_FILE for the totals `npm test` prints. */
function summaryReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const file = process.env.WTR_SUMMARY_FILE;
      if (file) writeFileSync(file, JSON.stringify(countTests(sessions)));
    },
  };
}

export default {
  rootDir: here('../..'),
  files: [here('./src/**/*.test.ts')],
  nodeResolve: true,
  concurrency: 1,
  testFramework: { config: { timeout: 5000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath(),
        headless: true,
        args: chromiumArgs,
      },
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: here('../../tsconfig.json') })],
  reporters: [defaultReporter(), summaryReporter()],
  // Lit's development build announces itself in every test file; that is expected here, not news.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
};
