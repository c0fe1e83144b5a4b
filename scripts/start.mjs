/**
 * `npm start`: installs what is missing, builds the widgets and the server, and starts the server:
 * without a councils file, the demo (DEMO=true, said aloud: the server itself never assumes it),
 * with SQLite and files under ./data unless configured otherwise.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root, run, ensurePackages, ensureMediaTools } from './setup.mjs';

ensurePackages();
ensureMediaTools();
run('npm', ['run', 'build', '--silent']);

/** @type {NodeJS.ProcessEnv} */
const env = { NODE_ENV: 'production', ...process.env };
if (!env.COUNCILS_FILE && env.DEMO === undefined) {
  env.DEMO = 'true';
  console.log('No COUNCILS_FILE: starting the demo (DEMO=true). Its mail, with every citizen\'s links, is open at /dev/mail; set COUNCILS_FILE, PUBLIC_URL and MASTER_KEY_FILE to run for real.');
}

// The shipped demo council gets a year of made-up activity the first time, so the transparency
// page's panel has something to show; the command leaves a database that has any cases alone.
if (env.DEMO === 'true' && !env.COUNCILS_FILE) run(process.execPath, [join(root, 'packages/server/dist/scripts/seed-activity.js')], { env: { LOG_LEVEL: 'warn', ...env } });

const server = spawn(process.execPath, [join(root, 'packages/server/dist/server.js')], {
  cwd: root,
  stdio: 'inherit',
  env,
});
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
