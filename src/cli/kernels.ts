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

/** The kernels `choice` asks for on this Node (JavaScript where it has no WebAssembly SIMD), on `threads` threads. */
function loadKernels(choice: KernelChoice, threads: number): Promise<KernelBackend> {
  const resolved = resolveKernel(choice, wasmSimdSupported());
  return resolved.name === 'js' ? Promise.resolve(jsBackend) : loadNodeBackend({ precision: resolved.precision, threads });
}

/** Runs `work` on the kernels `choice` asks for, on `threads` threads; they are disposed (helper threads stopped) afterwards. */
export async function withKernels<T>(choice: KernelChoice, threads: number, work: (backend: KernelBackend) => T): Promise<T> {
  const backend = await loadKernels(choice, threads);
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

/** The kernels of every `kernel` choice a sweep's cells ask for (its grid may vary the key), each loaded on first use and kept. */
export class KernelSet {
  private readonly loaded = new Map<KernelChoice, Promise<KernelBackend>>();

  constructor(private readonly threads: number) {}

  get(choice: KernelChoice): Promise<KernelBackend> {
    let backend = this.loaded.get(choice);
    if (!backend) {
      backend = loadKernels(choice, this.threads);
      this.loaded.set(choice, backend);
    }
    return backend;
  }

  /** Stops every loaded backend's helper threads. */
  async dispose(): Promise<void> {
    const backends = await Promise.allSettled(this.loaded.values());
    for (const backend of backends) if (backend.status === 'fulfilled') backend.value.dispose();
    this.loaded.clear();
  }
}
