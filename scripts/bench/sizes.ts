/**
 * What a citizen's browser downloads, raw and gzip: for the pasted snippet, `finestreta.js` with
 * what it fetches when the page shows one element; and each element's own module.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = join(import.meta.dirname, '../../packages/widgets/dist');
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function size(file: string) {
  const body = readFileSync(file);
  return { raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
}

/** A module with the chunks it imports statically, as the browser fetches them. */
function withImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(/(?:import|from)\s*["'](\.{1,2}\/[^"']+)["']/g)) {
    withImports(join(file, '..', m[1]), seen);
  }
  return seen;
}

function row(name: string, entry: string, ...more: string[]) {
  const files = [...new Set([entry, ...more].flatMap((file) => [...withImports(file)]))];
  const total = files.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }));
  console.log(`${name.padEnd(28)} ${kb(total.raw).padStart(10)} ${kb(total.gzip).padStart(10)}  (${files.length} file${files.length > 1 ? 's' : ''})`);
}

console.log(`${'module (with static imports)'.padEnd(28)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)}`);
const snippet = join(dist, 'finestreta.js');
row('finestreta.js (loader)', snippet);
// The loader maps each tag to the chunk it imports on first sight of the tag.
for (const [, tag, chunk] of readFileSync(snippet, 'utf8').matchAll(/"([a-z-]+)":\(\)=>import\(`(\.\/chunks\/[^`]+)`\)/g)) {
  row(`  + <${tag}>`, snippet, join(dist, chunk!));
}
for (const f of readdirSync(join(dist, 'elements')).filter((f) => f.endsWith('.js')).sort()) {
  const file = join(dist, 'elements', f);
  if (statSync(file).isFile()) row(`elements/${f}`, file);
}
