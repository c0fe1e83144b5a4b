import { readdirSync, existsSync } from 'node:fs';
import zlib from 'node:zlib';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

const widgets = resolve(dirname(fileURLToPath(import.meta.url)), 'packages/widgets');
const src = resolve(widgets, 'src');

/** Every element folder with an `index.ts` that registers its tag becomes one ES module. */
function elementEntries(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(src, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(resolve(src, d.name, 'index.ts')))
      .map((d) => [d.name, resolve(src, d.name, 'index.ts')]),
  );
}

const CORE = /node_modules[\\/](lit[\\/]static-html\.js|lit-html[\\/](lit-html|static|is-server)\.js|lit-element[\\/]|@lit[\\/](reactive-element|context)[\\/](?!.*directives))|[\\/]src[\\/]shared[\\/](base-element|api|i18n|theme|errors|task|events|context|define|catalan|spanish)\.ts$/;

/**
 * Two library builds of the widgets:
 * - default mode: `dist/finestreta.js`, the script a council pastes with one tag, which loads
 *   each element's code (its own chunks) when the page first shows its tag;
 * - `--mode elements`: `dist/elements/<tag>.js`, one module per element, and
 *   `dist/elements/library.js`, every citizen element with its classes, for sites that build.
 */
export default defineConfig(({ mode }) => {
  const elements = mode === 'elements';
  const entry: Record<string, string> = elements ? { ...elementEntries(), library: resolve(src, 'library.ts') } : { finestreta: resolve(src, 'index.ts') };
  return {
    root: widgets,
    // Brotli and gzip siblings of every script, made once here at the highest levels, so that the
    // server sends them as they are instead of compressing each response.
    plugins: [
      compression({
        include: /\.js$/,
        algorithms: [defineAlgorithm('brotliCompress', { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }), defineAlgorithm('gzip', { level: 9 })],
      }),
    ],
    build: {
      outDir: elements ? resolve(widgets, 'dist/elements') : resolve(widgets, 'dist'),
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: true,
      lib: {
        entry,
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
      rolldownOptions: {
        output: {
          minify: true,
          chunkFileNames: 'chunks/[name]-[hash].js',
          // What every element runs (Lit, the base element, the API client, languages, errors) in
          // one chunk: split by which elements share each piece, it made several small files that
          // compress worse than one, and every first load fetched them all anyway.
          codeSplitting: { groups: [{ name: 'core', test: CORE }] },
        },
      },
    },
  };
});
