/** Generates custom-elements.json from the elements' JSDoc; it feeds Storybook's controls and docs. */
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts', 'src/**/index.ts', 'src/**/translations/*.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
  plugins: [typeOnlyReexports()],
};

/**
 * The analyzer lists `export type { … } from` as JavaScript exports, though nothing is exported at
 * run time (the server's contract types the widgets re-export); leave them out, as it leaves out
 * the types a module declares itself.
 */
function typeOnlyReexports() {
  const typeOnly = new Map();
  return {
    name: 'type-only-reexports',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isExportDeclaration(node) || !node.isTypeOnly || !node.exportClause) return;
      const names = typeOnly.get(moduleDoc.path) ?? new Set();
      for (const element of node.exportClause.elements ?? []) names.add(element.name.text);
      typeOnly.set(moduleDoc.path, names);
    },
    moduleLinkPhase({ moduleDoc }) {
      const names = typeOnly.get(moduleDoc.path);
      if (names) moduleDoc.exports = moduleDoc.exports?.filter((e) => !names.has(e.name));
    },
  };
}
