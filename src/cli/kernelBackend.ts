// The kernel backends under Node: the WebAssembly kernels read from disk, helper threads on
// worker_threads. Run from source (tsx, vitest) the files sit in the source tree; run from
// the esbuild bundle they sit next to it (see INTERFACE-kernels.md for the build).
import { readFile } from 'node:fs/promises';
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

/** The wasm backend on `threads` threads (the calling thread plus threads − 1 helpers). */
export async function loadNodeBackend(options: { precision: Precision; threads: number }): Promise<KernelBackend> {
  const threads = Math.max(1, Math.floor(options.threads));
  const [bytes, sharedBytes] = await Promise.all([readWasm('kernels.wasm'), threads > 1 ? readWasm('kernels-shared.wasm') : null]);
  const [module, sharedModule] = await Promise.all([WebAssembly.compile(bytes), sharedBytes && WebAssembly.compile(sharedBytes)]);
  const helpers = Array.from({ length: threads - 1 }, startHelper);
  return startWasmBackend({ module, sharedModule, precision: options.precision, helpers });
}
