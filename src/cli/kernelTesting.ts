// Test support for the kernel tests: the float64 kernels on a memory of their own, and inputs
// that make a reordered sum visible.
import { instantiateKernels, type KernelExports } from '../core/kernels/wasmExports';
import { readWasm } from './kernelBackend';

/** kernels.wasm instantiated on a fresh memory of `pages` 64 KiB pages. */
export async function kernelsOnMemory(pages: number): Promise<{ kernels: KernelExports; memory: WebAssembly.Memory }> {
  const memory = new WebAssembly.Memory({ initial: pages });
  return { kernels: instantiateKernels(await WebAssembly.compile(await readWasm('kernels.wasm')), memory), memory };
}

/** Values made with + − × ÷ only, of mixed signs and magnitudes, so a reordered sum changes the bits. */
export const mixedValues = (length: number, seed: number): number[] =>
  Array.from({ length }, (_, i) => ((((i + 1) * (seed * 7919 + 104729)) % 1009) - 504) / (1 + ((i * 31 + seed) % 97)));
