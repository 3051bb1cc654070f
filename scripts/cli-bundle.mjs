// The compiled CLI: src/cli/main.ts bundled by esbuild into ES modules under dist-cli/ (an
// entry and one chunk per command's code), so `npm run cli` and `npx prunelab` start plain
// JavaScript instead of compiling TypeScript on every call. A manifest lists the sources the
// bundle was built from; the launcher (bin/prunelab.mjs) rebuilds when any of them changed
// after the build (scripts/cli-fresh.mjs), so it is never stale.
//
//   node scripts/cli-bundle.mjs [OUTDIR]    build (default dist-cli/), as `npm run build:cli`
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE, bundleIsStale, DEFAULT_OUTDIR, MANIFEST, ROOT } from './cli-fresh.mjs';

export { bundleIsStale, DEFAULT_OUTDIR };

const root = ROOT;
/** The CLI, and the entry of its kernel helper threads (worker_threads), which the CLI starts from beside itself. */
const ENTRIES = { prunelab: 'src/cli/main.ts', kernelHelper: 'src/cli/kernelHelper.ts' };
/** The WebAssembly kernels (built by scripts/build-wasm.mjs from src/wasm/assembly), copied beside the bundle. */
const WASM_BUILD = 'src/wasm/build';
const WASM_SOURCES = 'src/wasm/assembly';
/** Files that change the bundle without being imported by it: the build scripts and the locked dependencies. */
const BUILD_INPUTS = ['scripts/cli-bundle.mjs', 'scripts/cli-fresh.mjs', 'scripts/build-wasm.mjs', 'package-lock.json'];

const filesIn = (dir, extension) => readdirSync(path.join(root, dir)).filter((file) => file.endsWith(extension)).map((file) => `${dir}/${file}`);

/** The files the bundle now in `outdir` was built as (none when there is no readable manifest). */
function previousOutputs(outdir) {
  try {
    return JSON.parse(readFileSync(path.join(outdir, MANIFEST), 'utf8')).outputs ?? [];
  } catch {
    return [];
  }
}

/**
 * Deletes chunks of older builds. The previous build's stay: a CLI started just before this
 * build may still import them.
 */
function removeOldChunks(outdir, keep) {
  for (const file of readdirSync(outdir)) {
    if (/^chunk-.*\.js$/.test(file) && !keep.has(file)) rmSync(path.join(outdir, file), { force: true });
  }
}

/**
 * Builds the bundle into `outdir`. Each file is written under a temporary name and renamed
 * into place, the manifest last, so a CLI starting meanwhile never reads half a file.
 */
export async function buildCli(outdir = DEFAULT_OUTDIR) {
  const { build } = await import('esbuild');
  const builtAt = Date.now();
  const { buildWasm } = await import('./build-wasm.mjs');
  await buildWasm();
  const staging = path.join(outdir, `.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: ENTRIES,
      outdir: staging,
      bundle: true,
      platform: 'node',
      format: 'esm',
      // Each command's code in its own chunk, imported when the command runs: --help loads
      // only the argument parser and the schema. Chunks sit beside the entries, where the
      // kernel loader looks for kernels.wasm and kernelHelper.js.
      splitting: true,
      chunkNames: 'chunk-[hash]',
      target: 'node20',
      metafile: true,
      logLevel: 'error',
      legalComments: 'none',
      // CommonJS dependencies inside an ES module still call require() for Node built-ins.
      banner: { js: "import { createRequire as prunelabRequire } from 'node:module'; const require = prunelabRequire(import.meta.url);" },
    });
    const sources = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
    const wasm = filesIn(WASM_BUILD, '.wasm');
    for (const file of wasm) copyFileSync(path.join(root, file), path.join(staging, path.basename(file)));
    // Chunks (content-hashed names) and kernels first, then the entries that import them.
    const entries = Object.keys(ENTRIES).map((name) => `${name}.js`);
    const built = Object.keys(result.metafile.outputs).map((file) => path.basename(file));
    const outputs = [...built.filter((file) => !entries.includes(file)), ...wasm.map((file) => path.basename(file)), ...entries];
    for (const file of outputs) renameSync(path.join(staging, file), path.join(outdir, file));
    const previous = previousOutputs(outdir);
    const manifest = { builtAt, outputs, inputs: [...BUILD_INPUTS, ...filesIn(WASM_SOURCES, '.ts'), ...wasm, ...sources] };
    writeFileSync(path.join(staging, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
    renameSync(path.join(staging, MANIFEST), path.join(outdir, MANIFEST));
    removeOldChunks(outdir, new Set([...outputs, ...previous]));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return path.join(outdir, BUNDLE);
}

/** The bundle's path, rebuilt first when stale. */
export async function ensureCliBundle(outdir = DEFAULT_OUTDIR) {
  return bundleIsStale(outdir) ? buildCli(outdir) : path.join(outdir, BUNDLE);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await buildCli(process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_OUTDIR);
}
