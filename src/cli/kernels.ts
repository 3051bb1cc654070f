// The kernels a CLI command trains on: the `kernel` key resolved for this Node (WebAssembly
// SIMD where it has it), on --threads threads, loaded before the run and released after it.
import os from 'node:os';
import type { RunConfig } from '../core/config';
import { kernelLabel, operatorKernelNote, resolveKernel, threadsForStep } from '../core/kernelChoice';
import { jsBackend } from '../core/kernels/jsBackend';
import { wasmSimdSupported } from '../core/kernels/simdSupport';
import type { KernelBackend, KernelChoice, KernelInfo } from '../core/kernels/types';
import { plannedStepFlops } from '../core/operators';
import type { LoadedProblem } from '../core/problem';
import { loadNodeBackend } from './kernelBackend';

/**
 * Threads when --threads is not given, from the cost of one step of the operator a run of
 * `config` (or of the loaded problem) will get: one for a small step, else this machine's
 * cores, at most MAX_KERNEL_THREADS (core's threadsForStep).
 */
export function defaultCliThreads(config: RunConfig, loaded: LoadedProblem | null = null): number {
  const shape = loaded ? loaded.problem : config;
  return threadsForStep(plannedStepFlops(shape, config.operator, loaded ? loaded.k : config.k), os.availableParallelism());
}

/** Runs `work` on the kernels `choice` asks for, on `threads` threads; they are disposed (helper threads stopped) afterwards. */
export async function withKernels<T>(choice: KernelChoice, threads: number, work: (backend: KernelBackend) => T): Promise<T> {
  const resolved = resolveKernel(choice, wasmSimdSupported());
  const backend = resolved.name === 'js' ? jsBackend : await loadNodeBackend({ precision: resolved.precision, threads });
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
