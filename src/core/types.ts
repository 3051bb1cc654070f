// Shared shapes of the numerical core. Matrices are flat row-major Float64Arrays:
// entry (i, j) of a rows×cols matrix M is M[i * cols + j].
import type { Precision } from './kernels/types';

export type ModelKind = 'empirical' | 'population' | 'quadratic';
export type RegularizerForm = 'A' | 'B';
export type OperatorChoice = 'auto' | 'direct' | 'gram';
export type OperatorKind = 'direct' | 'gram' | 'population' | 'quadratic-direct' | 'quadratic-gram';
export type Phase = 'train' | 'finetune';

/** The independent random streams; each has its own seed so any one can change alone. */
export const SEED_STREAMS = ['truth', 'sensing', 'noise', 'init', 'test'] as const;
export type SeedStream = (typeof SEED_STREAMS)[number];
export type SeedSet = Record<SeedStream, number>;

/**
 * Noise-free test measurements of the same model as the training data, drawn from the 'test'
 * stream: y_i = ⟨A_i, M*⟩ exactly, so the held-out loss measures prediction error against
 * the truth rather than against noise.
 */
export type HeldOutSet = {
  /** n_test = min(n, HELD_OUT_MAX) of config.ts. */
  n: number;
  y: Float64Array;
} & (
  /** Empirical model: A_1..A_n_test, each d×d row-major, concatenated. */
  | { A: Float64Array; X: null }
  /** Quadratic model: x_1..x_n_test, each of length d, concatenated. */
  | { A: null; X: Float64Array }
);

/** A matrix-sensing problem: the truth and (for finite-sample models) the measurements. */
export interface Problem {
  model: ModelKind;
  d: number;
  /** Rank of the truth; 0 when the problem was loaded from a file without M*. */
  r: number;
  /** Eigenvalues σ*_1 ≥ … ≥ σ*_r of M* (empty when unknown). */
  sigmaStar: Float64Array;
  /** M* = U* U*ᵀ, d×d, or null when a loaded problem did not supply it. */
  Mstar: Float64Array | null;
  /** Number of measurements (0 for the population model). */
  n: number;
  /** Empirical sensing matrices A_1..A_n, each d×d row-major, concatenated (n·d²). */
  A: Float64Array | null;
  /** Quadratic-network inputs x_1..x_n, each of length d, concatenated (n·d). */
  X: Float64Array | null;
  /** Measurements y_1..y_n (null for the population model). */
  y: Float64Array | null;
  /**
   * Held-out test measurements of a generated empirical or quadratic problem. Null for the
   * population model (its loss is already the test loss) and for a loaded problem file
   * (it carries no test set).
   */
  heldOut: HeldOutSet | null;
}

/**
 * The unregularized loss L(U) of math.md §2 for one measurement model.
 * k (the number of columns) is passed per call because pruning changes it; scratch
 * buffers are sized on first use for a k and reused afterwards.
 */
export interface LossOperator {
  readonly kind: OperatorKind;
  readonly d: number;
  /**
   * What a WebAssembly operator computes in. The JavaScript operators (also what a wasm
   * backend falls back to when it cannot allocate memory) compute in float64 and leave it out.
   */
  readonly precision?: Precision;
  /** L(U) for U of shape d×k. */
  value(U: Float64Array, k: number): number;
  /** L(U), writing ∇L(U) (d×k) into grad. */
  valueAndGradient(U: Float64Array, k: number, grad: Float64Array): number;
  /** Floating-point operations of one valueAndGradient call, for benchmarks and choice. */
  flopsPerStep(k: number): number;
}

/**
 * An operator that can take the gradient step itself, where its gradient already is: the
 * WebAssembly population operator, whose threads then split the column norms and the update
 * too, and whose gradient never leaves its memory between checkpoints. The arithmetic is the
 * trainer's own, so the bits are the same as stepping in JavaScript.
 */
export interface InPlaceDescent {
  /**
   * L(U), keeping ∇L(U) for descend and gradientNorm; sqNorms, when given, ← ‖U e_c‖² for
   * c < k. The operator keeps a copy of U in its memory from one call to the next, so a caller
   * that writes into U itself must release(U) first.
   */
  lossKeepingGradient(U: Float64Array, k: number, sqNorms: Float64Array | null): number;
  /**
   * U ← U − η (∇L(U) + U diag(weights)), or U − η ∇L(U) without weights, for the U of the last
   * lossKeepingGradient, in the operator's copy: U itself is out of date until readU.
   */
  descend(U: Float64Array, k: number, weights: Float64Array | null, eta: number): void;
  /**
   * ‖∇L(U) + U diag(weights)‖_F (‖∇L(U)‖_F without weights) at the last lossKeepingGradient's
   * U, summed as frobeniusNorm sums, so the same bits as forming it in JavaScript.
   */
  gradientNorm(k: number, weights: Float64Array | null): number;
  /** Brings U up to date with the operator's copy (nothing to do when it is). */
  readU(U: Float64Array, k: number): void;
  /** Forgets the operator's copy of U without writing it back: the caller replaces U's values. */
  release(U: Float64Array): void;
}

export const takesStepsInPlace = (operator: LossOperator): operator is LossOperator & InPlaceDescent =>
  'lossKeepingGradient' in operator && 'descend' in operator;

/** Hyper-parameters that may change between chunks without a reset. */
export interface HyperParameters {
  lambda: number;
  beta: number;
  regularizer: RegularizerForm;
  eta: number;
  fineTuneEta: number;
}

/** One recorded point of a phase's history. */
export interface HistoryEntry {
  step: number;
  /** L at this step, before the update. */
  loss: number;
  /** f = L + λ Σ ψ_β (phase 1 only). */
  objective?: number;
  /** ‖UUᵀ − M*‖_F, when M* is known. */
  testError?: number;
  relativeTestError?: number;
  /** ‖∇ of the phase's objective‖_F. */
  gradNorm: number;
  /** Columns whose norm is ≥ τ (phase 1 only). */
  aboveTau?: number;
  /**
   * L_test(U) = (1/n_test) Σ (⟨A_i^test, UUᵀ⟩ − ⟨A_i^test, M*⟩)² on the held-out set, when
   * the problem has one (see Problem.heldOut).
   */
  heldOutLoss?: number;
}

/** Why a chunk stopped. */
export type ChunkStatus =
  | { kind: 'running' }
  | { kind: 'done' }
  | { kind: 'diverged'; step: number; reason: string; suggestedEta: number };

/** The scalar metrics of one state of a run, shared by snapshots, run files, frames and summaries. */
export interface StateMetrics {
  /** Steps taken in the current phase. */
  step: number;
  loss: number;
  /** Phase-1 objective f; null while fine-tuning. */
  objective: number | null;
  testError: number | null;
  relativeTestError: number | null;
  gradNorm: number;
  /** Columns with norm ≥ τ. */
  aboveTau: number;
}

/** What the trainer reports about its current state (copied, safe to transfer). */
export interface TrainerSnapshot extends StateMetrics {
  phase: Phase;
  /** Current number of columns (k before pruning, |S| after). */
  k: number;
  /** ‖U e_i‖ for each current column. */
  columnNorms: Float64Array;
}
