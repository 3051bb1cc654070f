// The compiled CLI: src/cli/main.ts bundled by esbuild into one ES module under dist-cli/, so
// `npm run cli` and `npx prunelab` start plain JavaScript instead of compiling TypeScript on
// every call. A manifest lists the sources the bundle was built from; the launcher
// (bin/prunelab.mjs) rebuilds when any of them changed after the build, so it is never stale.
//
//   node scripts/cli-bundle.mjs [OUTDIR]    build (default dist-cli/), as `npm run build:cli`
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_OUTDIR = path.join(root, 'dist-cli');
/** The CLI, and the entry of its kernel helper threads (worker_threads), which the CLI starts from beside itself. */
const ENTRIES = { prunelab: 'src/cli/main.ts', kernelHelper: 'src/cli/kernelHelper.ts' };
const BUNDLE = 'prunelab.js';
const MANIFEST = 'manifest.json';
/** The WebAssembly kernels (built by scripts/build-wasm.mjs from src/wasm/assembly), copied beside the bundle. */
const WASM_BUILD = 'src/wasm/build';
const WASM_SOURCES = 'src/wasm/assembly';
/** Files that change the bundle without being imported by it: the build scripts and the locked dependencies. */
const BUILD_INPUTS = ['scripts/cli-bundle.mjs', 'scripts/build-wasm.mjs', 'package-lock.json'];

const filesIn = (dir, extension) => readdirSync(path.join(root, dir)).filter((file) => file.endsWith(extension)).map((file) => `${dir}/${file}`);

/** Newest modification time (ms) of the files, or Infinity when one is missing. */
function newestChange(files) {
  let newest = 0;
  for (const file of files) {
    try {
      newest = Math.max(newest, statSync(path.join(root, file)).mtimeMs);
    } catch {
      return Infinity;
    }
  }
  return newest;
}

/** Whether the bundle in `outdir` is missing or older than a file it was built from. */
export function bundleIsStale(outdir = DEFAULT_OUTDIR) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(outdir, MANIFEST), 'utf8'));
    statSync(path.join(outdir, BUNDLE));
  } catch {
    return true;
  }
  return newestChange(manifest.inputs) >= manifest.builtAt;
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
    const outputs = [...Object.keys(result.metafile.outputs).map((file) => path.basename(file)), ...wasm.map((file) => path.basename(file))];
    for (const file of outputs) renameSync(path.join(staging, file), path.join(outdir, file));
    const manifest = { builtAt, outputs, inputs: [...BUILD_INPUTS, ...filesIn(WASM_SOURCES, '.ts'), ...wasm, ...sources] };
    writeFileSync(path.join(staging, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
    renameSync(path.join(staging, MANIFEST), path.join(outdir, MANIFEST));
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
