import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Import patterns of each app layer, for the layer rules below (core <- charts, core <- worker <- state <- ui). */
const layer = (name) => [`../${name}/*`, `../../${name}/*`, `../${name}`, `../../${name}`, `**/src/${name}/**`];
const forbid = (message, ...layers) => ({ group: layers.flatMap(layer), message });
const REACT = { group: ['react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*'], message: 'React and the store belong to state/ and ui/.' };

export default tseslint.config(
  { ignores: ['dist', 'dist-cli', 'node_modules', 'test-results', 'playwright-report', 'out', 'src/wasm/assembly', 'src/wasm/build'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Layers, enforced by import: core is pure maths; charts draw what core computes; the worker
  // runs core; state drives the worker; ui shows state.
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [forbid('core is pure maths: it imports nothing of the app.', 'worker', 'state', 'ui', 'charts', 'cli', 'bench'), REACT, { group: ['d3', 'd3-*'], message: 'core draws nothing.' }] }],
    },
  },
  {
    files: ['src/charts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [forbid('charts draw the statistics they are given: import only core.', 'worker', 'state', 'ui', 'cli', 'bench'), REACT] }],
    },
  },
  {
    files: ['src/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [forbid('worker/ is messages and scheduling over core: no store, no components, no charts.', 'state', 'ui', 'charts', 'cli', 'bench'), REACT] }],
    },
  },
  {
    files: ['src/state/**/*.ts', 'src/state/**/*.tsx'],
    ignores: ['src/state/**/*.test.ts', 'src/state/**/*.test.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [forbid('state/ must not depend on components or chart renderers.', 'ui', 'charts', 'cli', 'bench')] }],
    },
  },
  {
    files: ['src/ui/**/*.tsx', 'src/ui/**/*.ts', 'src/worker/**/*.ts', 'src/state/**/*.ts', 'src/state/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
);
