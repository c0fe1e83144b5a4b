/**
 * `node scripts/check-size.mjs`: no source file over 500 lines. A file that long does several jobs;
 * split it along them. Tests, fixtures and generated files (custom-elements.json, the lockfile)
 * are left aside. Prints each offender as `✖ …` and exits with 1 if there is any.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from './setup.mjs';

const MAX_LINES = 500;
const ROOTS = ['packages/server/src', 'packages/widgets/src', 'stories', 'scripts', '.storybook'];
const SOURCE = /\.(ts|mts|js|mjs|css)$/;
const ASIDE = /(\.test\.ts$|\.d\.m?ts$|\/fixtures\/|\/node_modules\/|\/dist\/)/;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

const sources = ROOTS.flatMap((dir) => [...files(join(root, dir))])
  .map((path) => relative(root, path))
  .filter((path) => SOURCE.test(path) && !ASIDE.test(`/${path}`));
const offenders = sources
  .map((path) => ({ path, lines: readFileSync(join(root, path), 'utf8').split('\n').length - 1 }))
  .filter(({ lines }) => lines > MAX_LINES)
  .sort((a, b) => b.lines - a.lines);

for (const { path, lines } of offenders) console.log(`✖ ${path}: ${lines} lines`);
console.log(`${sources.length} source files, ${offenders.length} over ${MAX_LINES} lines`);
process.exitCode = offenders.length ? 1 : 0;
