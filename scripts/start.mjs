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

const server = spawn(process.execPath, [join(root, 'packages/server/dist/server.js')], {
  cwd: root,
  stdio: 'inherit',
  env: { NODE_ENV: 'production', ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
