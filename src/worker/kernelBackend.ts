// The WebAssembly kernel backend in the browser, loaded inside a worker (the lab, sweep or
// rate worker), never on the page's main thread: the thread team waits on Atomics. Helper
// threads need a shared memory, which the browser allows only when the page is
// cross-origin isolated (COOP/COEP); otherwise the backend runs on one thread.
import kernelsUrl from '../wasm/build/kernels.wasm?url';
import sharedKernelsUrl from '../wasm/build/kernels-shared.wasm?url';
import type { HelperPort } from '../core/kernels/teamProtocol';
import type { KernelBackend, Precision } from '../core/kernels/types';
import { createWasmBackend } from '../core/kernels/wasmBackend';

async function compile(url: string): Promise<WebAssembly.Module> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the WebAssembly kernels could not be loaded from ${url} (HTTP ${response.status})`);
  return WebAssembly.compile(await response.arrayBuffer());
}

function startHelper(index: number): HelperPort {
  const worker = new Worker(new URL('./kernelHelper.worker.ts', import.meta.url), { type: 'module', name: `kernel-helper-${index}` });
  const ready = new Promise<void>((resolve, reject) => {
    worker.addEventListener('message', () => resolve(), { once: true });
    worker.addEventListener('error', (event) => reject(new Error(`a kernel helper thread failed to start: ${event.message}`)), { once: true });
  });
  return { postMessage: (message) => worker.postMessage(message), terminate: () => worker.terminate(), ready };
}

/** Threads the browser backend would use for a cap: 1 without cross-origin isolation. */
export function browserThreads(maxThreads: number): number {
  if (!globalThis.crossOriginIsolated) return 1;
  return Math.max(1, Math.min(Math.floor(maxThreads), navigator.hardwareConcurrency || 1));
}

/** The wasm backend on up to maxThreads threads (see browserThreads). */
export async function loadBrowserBackend(options: { precision: Precision; maxThreads: number }): Promise<KernelBackend> {
  const threads = browserThreads(options.maxThreads);
  const [module, sharedModule] = await Promise.all([compile(kernelsUrl), threads > 1 ? compile(sharedKernelsUrl) : null]);
  const helpers = Array.from({ length: threads - 1 }, (_, h) => startHelper(h + 1));
  const backend = createWasmBackend({ module, sharedModule, precision: options.precision, helpers });
  try {
    await Promise.all(helpers.map((helper) => helper.ready));
  } catch (error) {
    backend.dispose();
    throw error;
  }
  return backend;
}
