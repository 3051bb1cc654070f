// Compiles the AssemblyScript kernels (src/wasm/assembly) into the binaries the kernel loaders
// read: one importing an unshared memory, one importing a shared memory for threads (a
// module's memory import must match the memory's `shared` flag), and both again with relaxed
// SIMD, whose float32 gemm fuses multiply and add (the float32 mode's binaries, where the
// engine validates them). Skips the work when both
// binaries are newer than every source. Run by `npm run build:wasm`, on install (prepare),
// by Vite (plugin in vite.config.ts) and by Vitest (global setup).
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'src/wasm/assembly');
const outDir = join(root, 'src/wasm/build');
/** The largest wasm32 memory, in 64 KiB pages: the shared import must declare a maximum. */
const MAX_PAGES = 65536;

const common = ['--enable', 'simd', '-O3', '--noAssert', '--runtime', 'stub', '--importMemory', '--initialMemory', '1'];
const shared = ['--enable', 'threads', '--sharedMemory', '--maximumMemory', String(MAX_PAGES)];
const relaxed = ['--enable', 'relaxed-simd'];
const targets = [
  { file: 'kernels.wasm', flags: [] },
  { file: 'kernels-shared.wasm', flags: shared },
  { file: 'kernels-fma.wasm', flags: relaxed },
  { file: 'kernels-fma-shared.wasm', flags: [...shared, ...relaxed] },
];

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -Infinity;
  }
};

export async function buildWasm({ force = false } = {}) {
  const newestSource = Math.max(mtime(fileURLToPath(import.meta.url)), ...readdirSync(sourceDir).map((f) => mtime(join(sourceDir, f))));
  mkdirSync(outDir, { recursive: true });
  const stale = targets.filter(({ file }) => force || mtime(join(outDir, file)) <= newestSource);
  if (stale.length === 0) return;
  // Loaded only when there is work: importing the compiler alone takes seconds.
  const { default: asc } = await import('assemblyscript/asc');
  for (const { file, flags } of stale) {
    const out = join(outDir, file);
    const stderr = [];
    const { error } = await asc.main([join(sourceDir, 'index.ts'), ...common, ...flags, '--outFile', out], {
      stderr: { write: (s) => stderr.push(String(s)) },
    });
    if (error) throw new Error(`AssemblyScript build of ${file} failed: ${error.message}\n${stderr.join('')}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildWasm({ force: process.argv.includes('--force') });
}

/** Vitest global setup: the kernel tests read the binaries. */
export default async function setup() {
  await buildWasm();
}
