// What a platform hands to core to run the loss operators of math.md §2: the JS kernels, or
// WebAssembly SIMD kernels (f64 or f32, on one or more threads) loaded by src/worker or src/cli.
import type { NormalFill } from '../rng';
import type { HeldOutSet, LossOperator, OperatorChoice, Problem } from '../types';

/** The config key `kernel`: 'auto' picks wasm f64 where WebAssembly SIMD is supported. */
export type KernelChoice = 'auto' | 'js' | 'wasm' | 'wasm-f32';
export type Precision = 'f64' | 'f32';

/** What runs: shown in readouts and recorded in run files. */
export interface KernelInfo {
  name: 'js' | 'wasm';
  precision: Precision;
  threads: number;
}

/** Builds the loss operators of a problem on one kernel implementation. */
export interface KernelBackend {
  readonly info: KernelInfo;
  /** Same semantics as createOperator(problem, choice, k, onProgress) of core/operators. */
  createOperator(problem: Problem, choice: OperatorChoice, k: number, onProgress?: (fraction: number) => void): LossOperator;
  /** Same semantics as createHeldOutOperator(d, heldOut) of core/operators. */
  createHeldOutOperator(d: number, heldOut: HeldOutSet | null): LossOperator | null;
  /** Draws a problem's normals in bulk, the same numbers as core/rng's fillNormals; absent: those. */
  readonly fillNormals?: NormalFill;
  /** Stops helper threads and releases memory; the backend's operators must not be used afterwards. */
  dispose(): void;
}
