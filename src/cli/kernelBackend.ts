// The kernel backends under Node: the WebAssembly kernels read from disk, helper threads on
// worker_threads. Run from source (tsx, vitest) the files sit in the source tree; run from
// the esbuild bundle they sit next to it (see INTERFACE-kernels.md for the build).
import { readFile } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { startWasmBackend } from '../core/kernels/wasmBackend';
import type { HelperPort } from '../core/kernels/teamProtocol';
import type { KernelBackend, Precision } from '../core/kernels/types';

const fromSource = import.meta.url.endsWith('.ts');

/** A compiled kernels binary: src/wasm/build/ from source, beside the bundle otherwise. */
function wasmUrl(file: string): URL {
  return new URL(fromSource ? `../wasm/build/${file}` : `./${file}`, import.meta.url);
}

export async function readWasm(file: string): Promise<Uint8Array<ArrayBuffer>> {
  const url = wasmUrl(file);
  try {
    return new Uint8Array(await readFile(url));
  } catch {
    throw new Error(`the WebAssembly kernels are missing at ${url.pathname}; build them with \`npm run build:wasm\``);
  }
}

function startHelper(): HelperPort {
  const worker = fromSource
    ? // A worker does not inherit the TypeScript loader of tsx or vitest: load the entry through tsx's API.
      new Worker(`import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(new URL('./kernelHelper.ts', import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))`, { eval: true })
    : new Worker(new URL('./kernelHelper.js', import.meta.url));
  // Helpers wait on Atomics between steps; they must not keep the process alive.
  worker.unref();
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return {
    postMessage: (message) => worker.postMessage(message),
    terminate: () => void worker.terminate(),
    ready,
  };
}

/**
 * Whether this Node validates the relaxed-SIMD binaries. Node 20 does only behind a V8 flag;
 * flags are process-wide and worker_threads inherit them, so it is set once, here, if needed.
 */
function relaxedSimdValidates(bytes: Uint8Array<ArrayBuffer>): boolean {
  if (WebAssembly.validate(bytes)) return true;
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return WebAssembly.validate(bytes);
}

/** The binaries to run: float32 fuses multiply-add where relaxed SIMD validates. */
export async function kernelFiles(precision: Precision): Promise<{ solo: string; shared: string; soloBytes: Uint8Array<ArrayBuffer> }> {
  if (precision === 'f32') {
    const fused = await readWasm('kernels-fma.wasm');
    if (relaxedSimdValidates(fused)) return { solo: 'kernels-fma.wasm', shared: 'kernels-fma-shared.wasm', soloBytes: fused };
  }
  return { solo: 'kernels.wasm', shared: 'kernels-shared.wasm', soloBytes: await readWasm('kernels.wasm') };
}

/** The wasm backend on `threads` threads (the calling thread plus threads − 1 helpers). */
export async function loadNodeBackend(options: { precision: Precision; threads: number }): Promise<KernelBackend> {
  const threads = Math.max(1, Math.floor(options.threads));
  const files = await kernelFiles(options.precision);
  const bytes = files.soloBytes;
  const sharedBytes = threads > 1 ? await readWasm(files.shared) : null;
  const [module, sharedModule] = await Promise.all([WebAssembly.compile(bytes), sharedBytes && WebAssembly.compile(sharedBytes)]);
  const helpers = Array.from({ length: threads - 1 }, startHelper);
  return startWasmBackend({ module, sharedModule, precision: options.precision, helpers });
}
