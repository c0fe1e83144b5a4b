/** `npm run bench`: builds what it measures, then runs each benchmark and prints its figures. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, run, ensurePackages, ensureMediaTools } from './setup.mjs';

ensurePackages();
ensureMediaTools();
run('npm', ['run', 'build', '--silent', '-w', '@finestreta/widgets']);
const only = process.argv.slice(2);
for (const file of readdirSync(join(root, 'scripts/bench')).filter((f) => f.endsWith('.ts')).sort()) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  console.log(`\n━━ ${file} ━━`);
  run(process.execPath, ['--import', 'tsx', join('scripts/bench', file)]);
}
