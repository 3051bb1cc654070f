// The kernel backends in the browser: the WebAssembly kernels fetched beside the page, helper
// threads as Web Workers on a shared memory, which the page may only share when it is
// cross-origin isolated (COOP and COEP headers); otherwise one thread. float32 runs the
// relaxed-SIMD binaries (fused multiply-add) where the browser validates them.
import fusedKernelsUrl from '../wasm/build/kernels-fma.wasm?url';
import fusedSharedKernelsUrl from '../wasm/build/kernels-fma-shared.wasm?url';
import kernelsUrl from '../wasm/build/kernels.wasm?url';
import sharedKernelsUrl from '../wasm/build/kernels-shared.wasm?url';
import type { HelperPort } from '../core/kernels/teamProtocol';
import type { KernelBackend, Precision } from '../core/kernels/types';
import { startWasmBackend } from '../core/kernels/wasmBackend';

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the WebAssembly kernels did not load from ${url} (HTTP ${response.status})`);
  return response.arrayBuffer();
}

async function compile(url: string): Promise<WebAssembly.Module> {
  return WebAssembly.compile(await fetchBytes(url));
}

/** The solo binary and the shared one's URL: float32 fuses multiply-add where relaxed SIMD validates. */
async function kernelModules(precision: Precision): Promise<{ module: WebAssembly.Module; sharedUrl: string }> {
  if (precision === 'f32') {
    const fused = await fetchBytes(fusedKernelsUrl);
    if (WebAssembly.validate(fused)) return { module: await WebAssembly.compile(fused), sharedUrl: fusedSharedKernelsUrl };
  }
  return { module: await compile(kernelsUrl), sharedUrl: sharedKernelsUrl };
}

function startHelper(): HelperPort {
  const worker = new Worker(new URL('./kernelHelper.worker.ts', import.meta.url), { type: 'module', name: 'prunelab-kernel-helper' });
  const ready = new Promise<void>((resolve, reject) => {
    worker.addEventListener('message', () => resolve(), { once: true });
    worker.addEventListener('error', (event) => reject(new Error(event.message || 'a kernel helper thread failed to start')), { once: true });
  });
  return {
    postMessage: (message) => worker.postMessage(message),
    terminate: () => worker.terminate(),
    ready,
  };
}

/** The wasm backend on up to `maxThreads` threads: the calling worker plus helpers, when the page is cross-origin isolated. */
export async function loadBrowserBackend(options: { precision: Precision; maxThreads: number }): Promise<KernelBackend> {
  const threads = self.crossOriginIsolated === true ? Math.max(1, Math.floor(options.maxThreads)) : 1;
  const { module, sharedUrl } = await kernelModules(options.precision);
  const sharedModule = threads > 1 ? await compile(sharedUrl) : null;
  const helpers = Array.from({ length: threads - 1 }, startHelper);
  return startWasmBackend({ module, sharedModule, precision: options.precision, helpers });
}
