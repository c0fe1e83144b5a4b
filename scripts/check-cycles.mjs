/**
 * `node scripts/check-cycles.mjs`: no import cycles. None between the source files of the server
 * and of the widgets, counting the imports that run (a type-only import is erased, so it cannot
 * break the order modules load in); and none between the server's modules (its folders under
 * `modules/`), counting type imports too, since they still tie one module's shapes to another's.
 * Prints each cycle as `✖ …` and exits with 1 if there is any.
 */
import { relative } from 'node:path';
import { parseCircular, parseDependencyTree } from 'dpdm';
import { root } from './setup.mjs';

const SOURCES = { server: 'packages/server/src/**/*.ts', widgets: 'packages/widgets/src/**/*.ts' };
const MODULES = 'packages/server/src/modules/';
// Tests import what they test and are imported by nothing; packages are not ours to untangle.
const exclude = /node_modules|\.test\.ts$/;
const options = { cwd: root, context: root, exclude };

const findings = [];

for (const [name, glob] of Object.entries(SOURCES)) {
  const tree = await parseDependencyTree(glob, { ...options, transform: true });
  for (const cycle of parseCircular(tree)) findings.push(`${name}: ${[...cycle, cycle[0]].join(' → ')}`);
}

/** The server module a file belongs to, or undefined outside `modules/`. */
const moduleOf = (file) => (file?.startsWith(MODULES) ? file.slice(MODULES.length).split('/')[0] : undefined);

/** Module → module, each with the first import that makes the edge, to show where to cut. */
const edges = new Map();
const tree = await parseDependencyTree(`${MODULES}**/*.ts`, { ...options, transform: false });
for (const [file, dependencies] of Object.entries(tree)) {
  const from = moduleOf(file);
  for (const { id } of dependencies ?? []) {
    const to = moduleOf(id);
    if (!id || !from || !to || from === to) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${relative(MODULES, file)} → ${relative(MODULES, id)}`);
  }
}

/** Tarjan's strongly connected components: each with more than one module is a cycle of modules. */
function components(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const result = [];
  const visit = (node) => {
    index.set(node, index.size);
    low.set(node, index.get(node));
    stack.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      component.push(member);
    } while (member !== node);
    result.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return result;
}

// A cycle through many modules is usually two that import each other: name those pairs, where to
// cut; a component without such a pair is shown whole.
for (const component of components(edges)) {
  if (component.length < 2) continue;
  const pairs = component.flatMap((a) => component.filter((b) => a < b && edges.get(a)?.has(b) && edges.get(b)?.has(a)).map((b) => [a, b]));
  for (const [a, b] of pairs) findings.push(`server modules ${a} ⇄ ${b}: ${edges.get(a).get(b)}; ${edges.get(b).get(a)}`);
  if (pairs.length === 0) {
    const inside = component.flatMap((from) => [...edges.get(from)].filter(([to]) => component.includes(to)).map(([, how]) => how));
    findings.push(`server modules ${component.join(', ')}: ${inside.join('; ')}`);
  }
}

for (const finding of findings) console.log(`✖ ${finding}`);
console.log(findings.length ? `${findings.length} import cycles` : 'No import cycles.');
process.exitCode = findings.length ? 1 : 0;
