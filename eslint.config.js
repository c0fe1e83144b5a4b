import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';

/** The widgets' templates and the stories that render them: Lit's rules and its accessibility rules. */
const templates = ['packages/widgets/src/**/*.ts', 'stories/**/*.ts'];

export default tseslint.config(
  { ignores: ['**/dist/**', 'storybook-static/**', '**/node_modules/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', window: 'readonly', document: 'readonly',
        URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
      },
    },
    rules: {
      'no-console': ['error', { allow: ['error', 'warn'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { ...lit.configs['flat/recommended'], files: templates },
  { ...litA11y.configs.recommended, files: templates },
  {
    files: ['scripts/**', 'e2e/**', '**/test/**', '**/*.test.ts', 'packages/server/src/server.ts'],
    rules: { 'no-console': 'off' },
  },
);
