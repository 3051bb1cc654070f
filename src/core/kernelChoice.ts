// What the `kernel` key asks for, what actually runs, and how both are named on the page,
// in the CLI's output, in run files and on exported figures: one source for every label.
import type { KernelChoice, KernelInfo, Precision } from './kernels/types';
import type { LossOperator } from './types';

export const KERNEL_CHOICES = ['auto', 'js', 'wasm', 'wasm-f32'] as const satisfies readonly KernelChoice[];

/** How a precision reads wherever a run is described; float32 always says it trades accuracy for speed. */
export const PRECISION_LABELS: Record<Precision, string> = { f64: 'f64', f32: 'float32 (fast)' };

/** The form's option texts. */
export const KERNEL_CHOICE_LABELS: Record<KernelChoice, string> = {
  auto: 'auto (wasm f64 where supported)',
  js: 'JavaScript f64',
  wasm: 'wasm f64',
  'wasm-f32': `wasm ${PRECISION_LABELS.f32}`,
};

/** The kernel and precision a choice asks for, with the reason when this engine cannot give it. */
export function resolveKernel(choice: KernelChoice, wasmSimd: boolean): Pick<KernelInfo, 'name' | 'precision'> & { fallback: string | null } {
  if (choice === 'js') return { name: 'js', precision: 'f64', fallback: null };
  if (!wasmSimd) return { name: 'js', precision: 'f64', fallback: 'WebAssembly SIMD is not available here, so the JavaScript kernels run' };
  return { name: 'wasm', precision: choice === 'wasm-f32' ? 'f32' : 'f64', fallback: null };
}

/** What the JavaScript operators run on. */
export const JS_KERNEL: KernelInfo = { name: 'js', precision: 'f64', threads: 1 };

/**
 * The kernels a run's training operator computes on, which every label and run file names:
 * the backend's, except where a wasm backend gave a float64 operator (float32 kernels exist
 * for the population model only) or fell back to the JavaScript one (no memory for its own).
 */
export function operatorKernel(backend: KernelInfo, operator: Pick<LossOperator, 'precision'>): KernelInfo {
  if (backend.name === 'js' || operator.precision === undefined) return { ...JS_KERNEL };
  return { ...backend, precision: operator.precision };
}

/** Why the operator runs on other kernels than its backend's (see operatorKernel), or null. */
export function operatorKernelNote(backend: KernelInfo, ran: KernelInfo): string | null {
  if (backend.name === 'wasm' && ran.name === 'js') return 'the WebAssembly kernels could not allocate memory for this problem, so the JavaScript kernels run';
  if (backend.precision === 'f32' && ran.precision === 'f64') return 'float32 kernels exist for the population model only, so this model runs in float64';
  return null;
}

/** "wasm f64 · 2 threads", "wasm float32 (fast) · 1 thread", "js f64 · 1 thread". */
export function kernelLabel(run: KernelInfo): string {
  return `${run.name} ${PRECISION_LABELS[run.precision]} · ${run.threads} thread${run.threads === 1 ? '' : 's'}`;
}

/** Threads one training step is split across by default: beyond this the barriers of a step cost more than they save. */
export const MAX_KERNEL_THREADS = 4;
/**
 * Below this many flops per training step one thread is faster: a step is then split by two
 * barriers around well under a millisecond of work, and the split Gram matvec is bound by
 * memory anyway. Measured on this 2-core machine kind (whole CLI runs, Gram operator): at
 * empirical d = 30 (0.5 M flops per step) and d = 50 (3.6 M) two threads took 24% and 9%
 * longer; population d = 500 (375 M) gains 1.8× from two (see perf-notes).
 */
export const MIN_SPLIT_STEP_FLOPS = 8_000_000;

/** Threads for a run whose steps cost `flopsPerStep`, when nobody asked for a number: one below MIN_SPLIT_STEP_FLOPS, else defaultThreads. */
export function threadsForStep(flopsPerStep: number, cores: number): number {
  return flopsPerStep < MIN_SPLIT_STEP_FLOPS ? 1 : defaultThreads(cores);
}

/** Most threads anyone may ask for (the CLI's --threads). */
export const MAX_THREADS = 64;

/** Threads for a machine with `cores` cores: the lab's and the CLI's default. */
export function defaultThreads(cores: number): number {
  return Math.max(1, Math.min(Math.floor(cores), MAX_KERNEL_THREADS));
}

/** Why a run has fewer threads than this machine offers, or null when it has them all (or asked for one). */
export function threadNote(granted: number, wanted: number, crossOriginIsolated: boolean): string | null {
  if (granted >= wanted) return null;
  return crossOriginIsolated
    ? `${granted} of ${wanted} threads could start`
    : 'one thread: the page is not cross-origin isolated, so its workers cannot share memory (the server must send COOP and COEP headers)';
}
