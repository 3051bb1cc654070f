// The kernels the lab worker trains on, loaded for a run's `kernel` key before the run is built
// (compiling WebAssembly and starting helper threads is asynchronous; the main thread never
// waits for it). Loaded kernels are kept while the key stays the same, so a reset or a new seed
// reuses the helper threads.
import { DEFAULT_CONFIG, parseField } from '../core/config';
import { defaultThreads, resolveKernel, threadNote } from '../core/kernelChoice';
import { jsBackend } from '../core/kernels/jsBackend';
import { wasmSimdSupported } from '../core/kernels/simdSupport';
import type { KernelBackend, KernelChoice, Precision } from '../core/kernels/types';
import type { LabKernels } from './controller';

export type WasmLoader = (options: { precision: Precision; maxThreads: number }) => Promise<KernelBackend>;

export interface KernelEnvironment {
  wasmSimd: boolean;
  crossOriginIsolated: boolean;
  /** Threads wanted: this machine's cores, at most MAX_KERNEL_THREADS. */
  maxThreads: number;
}

/** What the worker global says about this browser. */
export function browserEnvironment(): KernelEnvironment {
  return { wasmSimd: wasmSimdSupported(), crossOriginIsolated: self.crossOriginIsolated === true, maxThreads: defaultThreads(navigator.hardwareConcurrency) };
}

export class KernelLoader {
  private loaded: { choice: KernelChoice; kernels: LabKernels } | null = null;

  constructor(
    private readonly loadWasm: WasmLoader,
    private readonly environment: KernelEnvironment,
  ) {}

  /** The kernels of the current run (the JS kernels before the first load). */
  get current(): LabKernels {
    return this.loaded?.kernels ?? { backend: jsBackend, notes: [] };
  }

  /** Loads the kernels `choice` asks for, falling back to JavaScript (and saying why) when WebAssembly cannot run. */
  async load(choice: KernelChoice): Promise<LabKernels> {
    if (this.loaded?.choice === choice) return this.loaded.kernels;
    this.dispose();
    const kernels = await this.resolve(choice);
    this.loaded = { choice, kernels };
    return kernels;
  }

  dispose(): void {
    this.loaded?.kernels.backend.dispose();
    this.loaded = null;
  }

  private async resolve(choice: KernelChoice): Promise<LabKernels> {
    const { wasmSimd, crossOriginIsolated, maxThreads } = this.environment;
    const resolved = resolveKernel(choice, wasmSimd);
    if (resolved.name === 'js') return { backend: jsBackend, notes: resolved.fallback ? [resolved.fallback] : [] };
    try {
      const backend = await this.loadWasm({ precision: resolved.precision, maxThreads });
      const note = threadNote(backend.info.threads, maxThreads, crossOriginIsolated);
      return { backend, notes: note ? [note] : [] };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { backend: jsBackend, notes: [`the WebAssembly kernels could not start (${reason}), so the JavaScript kernels run`] };
    }
  }
}

/** The `kernel` key of an init command, when it has a valid one (the controller refuses the rest with the schema's message). */
export function initKernelChoice(data: unknown): KernelChoice | null {
  if (typeof data !== 'object' || data === null || (data as { type?: unknown }).type !== 'init') return null;
  const config = (data as { config?: unknown }).config;
  const raw = typeof config === 'object' && config !== null ? ((config as { kernel?: unknown }).kernel ?? DEFAULT_CONFIG.kernel) : DEFAULT_CONFIG.kernel;
  const parsed = parseField('kernel', raw);
  return 'error' in parsed ? null : (parsed.value as KernelChoice);
}
