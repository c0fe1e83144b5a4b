/**
 * `npm start`: installs what is missing, builds the widgets and the server, and starts the server
 * with the demo council (SQLite and files under ./data unless configured otherwise).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root, run, ensurePackages, ensureMediaTools } from './setup.mjs';

ensurePackages();
ensureMediaTools();
run('npm', ['run', 'build', '--silent']);

// The shipped demo council gets a year of made-up activity the first time, so the transparency
// page's panel has something to show; the command leaves a database that has any cases alone.
const demo = !process.env.COUNCILS_FILE && process.env.DEMO !== 'false';
if (demo) run(process.execPath, [join(root, 'packages/server/dist/scripts/seed-activity.js')], { env: { NODE_ENV: 'production', LOG_LEVEL: 'warn', ...process.env } });

const server = spawn(process.execPath, [join(root, 'packages/server/dist/server.js')], {
  cwd: root,
  stdio: 'inherit',
  env: { NODE_ENV: 'production', ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
