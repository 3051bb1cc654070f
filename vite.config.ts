/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { buildWasm } from './scripts/build-wasm.mjs';

// The built page may run only its own scripts and workers; inline styles stay allowed
// because d3 and React set style attributes. 'wasm-unsafe-eval' lets it compile its
// WebAssembly kernels (Chromium blocks that under script-src 'self') without allowing eval.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

// Cross-origin isolation: with these two headers the page may share WebAssembly memory
// between workers, so a training step runs on several threads. Without them (a static host
// that cannot set headers) the lab trains on one thread and says so.
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig(({ command }) => ({
  base: './',
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  plugins: [
    react(),
    // The WebAssembly kernels are compiled from src/wasm/assembly before anything imports them.
    { name: 'prunelab-wasm', buildStart: () => buildWasm() },
    {
      name: 'prunelab-csp',
      apply: 'build',
      transformIndexHtml: (html: string) =>
        html.replace(
          '<meta charset="UTF-8" />',
          `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}" />`,
        ),
    },
  ],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: command === 'build' },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    // Paper-scale runs (*.slow.test.ts) run once per CI run, in `npm run test:slow` (vitest.slow.config.ts).
    exclude: ['**/node_modules/**', 'src/**/*.slow.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    globalSetup: ['scripts/build-wasm.mjs'],
  },
}));
