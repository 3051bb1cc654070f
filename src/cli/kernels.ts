// The kernels a CLI command trains on: the `kernel` key resolved for this Node (WebAssembly
// SIMD where it has it), on --threads threads, loaded before the run and released after it.
import os from 'node:os';
import { defaultThreads, kernelLabel, operatorKernelNote, resolveKernel } from '../core/kernelChoice';
import { jsBackend } from '../core/kernels/jsBackend';
import { wasmSimdSupported } from '../core/kernels/simdSupport';
import type { KernelBackend, KernelChoice, KernelInfo } from '../core/kernels/types';
import { loadNodeBackend } from './kernelBackend';

/** Threads when --threads is not given: this machine's cores, at most MAX_KERNEL_THREADS. */
export const defaultCliThreads = (): number => defaultThreads(os.availableParallelism());

/** Runs `work` on the kernels `choice` asks for; they are disposed (helper threads stopped) afterwards. */
export async function withKernels<T>(choice: KernelChoice, threads: number | undefined, work: (backend: KernelBackend) => T): Promise<T> {
  const resolved = resolveKernel(choice, wasmSimdSupported());
  const backend = resolved.name === 'js' ? jsBackend : await loadNodeBackend({ precision: resolved.precision, threads: threads ?? defaultCliThreads() });
  try {
    return work(backend);
  } finally {
    backend.dispose();
  }
}

/**
 * "kernels wasm f64 · 2 threads" for the summary line: the kernels the run computed on (its
 * RunResult's), with why they are not what `choice` asked for when they are not.
 */
export function kernelsText(ran: KernelInfo, backend: KernelBackend, choice: KernelChoice): string {
  const { fallback } = resolveKernel(choice, wasmSimdSupported());
  const notes = [fallback, operatorKernelNote(backend.info, ran)].filter((note) => note !== null);
  return `kernels ${kernelLabel(ran)}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}
