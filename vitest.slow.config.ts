// The slow tests (*.slow.test.ts): runs at the paper's scale, too long for every `vitest run`
// while developing (vite.config.ts leaves them out); `npm run test:slow` runs them. They need
// Node and the compiled kernels, nothing of the page.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.slow.test.ts'],
    environment: 'node',
    // A ceiling for a hung run, not a speed requirement: a loaded machine may take minutes.
    testTimeout: 3_600_000,
    globalSetup: ['scripts/build-wasm.mjs'],
  },
});
