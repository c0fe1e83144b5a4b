/** Generates custom-elements.json from the elements' JSDoc; it feeds Storybook's controls and docs. */
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts', 'src/**/index.ts', 'src/**/translations/*.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
};
