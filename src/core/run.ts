// A whole run from one configuration: train with the penalty → prune at τ → fine-tune,
// returned as one JSON-serializable RunResult (saved as a run file, see runFile.ts; the CLI
// writes that as run.json).
//
// RunResult format (stable; matrices are flat row-major number arrays):
//   config, seeds, operatorKind, d, k, tau
//   phase1:   { U: d·k numbers, history: HistoryEntry[], final: PhaseSummary, eigenvalues }
//   kept:     0-based indices of the columns kept by pruning (null if phase 1 diverged)
//   finetune: { U: d·|kept| numbers, history, final } (null if phase 1 diverged)
//   rate:         fit of the fine-tuning loss gap L(V_t) − L_∞ ≈ C ρᵗ (null if too few points)
//   gradNormRate: fit of ‖∇L(V_t)‖ ≈ C ρᵗ, which needs no estimate of L_∞
//   lossLimit:    { value, converged } — the L_∞ estimate behind `rate` (see lossGapSeries)
//   theory:   the [derived]/[paper] guides of math.md §5 for this configuration
//   status:   { kind: 'completed' } or { kind: 'diverged', phase, step, reason, suggestedEta }
// Each history entry is { step, loss, gradNorm, objective? (phase 1), testError?,
// relativeTestError?, aboveTau? (phase 1), heldOutLoss? (generated empirical and quadratic
// problems) }, recorded before the update of its step; `final` is the state after the
// phase's last step.
import type { RunConfig } from './config';
import { HALF_MAX, countAbove, eigenvaluesOfUUt, fitLinearRate, fractionAtLeast, lossGapSeries, type RateFit } from './metrics';
import { jsBackend } from './kernels/jsBackend';
import type { KernelBackend } from './kernels/types';
import { generateProblem, initialU } from './problem';
import { resolveSeeds } from './rng';
import { defaultTau, finiteSampleErrorScale, learnabilityBound, learnableDirections, predictedBias, stabilityBound } from './theory';
import { Trainer } from './trainer';
import type { ChunkStatus, HistoryEntry, LossOperator, OperatorKind, Phase, Problem, SeedSet, StateMetrics, TrainerSnapshot } from './types';

export interface RunOverrides {
  /** A loaded problem instead of a generated one (its d wins over config.d). */
  problem?: Problem;
  /** The initial U (d×k) instead of α·Z/√d from the init stream. */
  U0?: Float64Array;
  k?: number;
  /** An operator already built for this problem, to share the one-time Gram fold between runs. */
  operator?: LossOperator;
  /** The kernels that build the operators (default: the JS kernels). */
  backend?: KernelBackend;
}

export interface RunSetup {
  seeds: SeedSet;
  problem: Problem;
  operator: LossOperator;
  U0: Float64Array;
  k: number;
  tau: number;
  trainer: Trainer;
}

/** The pruning threshold of a configuration: config.tau, or the derived default √(2β). */
export function tauOf(config: Pick<RunConfig, 'tau' | 'beta'>): number {
  return config.tau ?? defaultTau(config.beta);
}

/** Builds the problem, operator, U₀ and a Trainer of a (validated) configuration. */
export function setupRun(config: RunConfig, overrides: RunOverrides = {}): RunSetup {
  const seeds = resolveSeeds(config);
  const problem = overrides.problem ?? generateProblem(config, seeds);
  const k = overrides.k ?? config.k;
  const U0 = overrides.U0 ?? initialU(problem.d, k, config.initScale, seeds.init);
  const backend = overrides.backend ?? jsBackend;
  const operator = overrides.operator ?? backend.createOperator(problem, config.operator, k);
  const tau = tauOf(config);
  const trainer = new Trainer({
    problem,
    operator,
    U0,
    k,
    hyper: {
      lambda: config.lambda,
      beta: config.beta,
      regularizer: config.regularizer,
      eta: config.eta,
      fineTuneEta: config.fineTuneEta,
    },
    checkpointEvery: config.checkpointEvery,
    tau,
    backend,
  });
  return { seeds, problem, operator, U0, k, tau, trainer };
}

/** Metrics of the state after a phase's last step. */
export interface PhaseSummary extends StateMetrics {
  columnNorms: number[];
}

export interface TheoryGuides {
  /** [derived] λ must be below this for direction j to be learned, per σ*_j. */
  learnabilityBounds: number[];
  /** [derived] How many directions the configured λ can learn. */
  learnableDirections: number;
  /** [derived] Step size below which phase 1 is stable. */
  stabilityBound: number;
  /** [derived] ‖UUᵀ − M*‖_F of the regularized solution (form B, leading order). */
  predictedBias: number;
  /** [paper, v1] Order σ√(rd/n) of the fine-tuned error (null for the population model). */
  finiteSampleErrorScale: number | null;
}

export type RunStatus =
  | { kind: 'completed' }
  | { kind: 'diverged'; phase: Phase; step: number; reason: string; suggestedEta: number };

export interface RunResult {
  config: RunConfig;
  seeds: SeedSet;
  operatorKind: OperatorKind;
  d: number;
  k: number;
  tau: number;
  phase1: { U: number[]; history: HistoryEntry[]; final: PhaseSummary; eigenvalues: number[] };
  kept: number[] | null;
  finetune: { U: number[]; history: HistoryEntry[]; final: PhaseSummary } | null;
  rate: RateFit | null;
  gradNormRate: RateFit | null;
  lossLimit: { value: number; converged: boolean } | null;
  theory: TheoryGuides;
  status: RunStatus;
}

export interface RunProgress {
  phase: Phase;
  step: number;
  steps: number;
  /** Which run of a comparison this is; absent for a single run. */
  label?: string;
}

export interface PipelineOptions {
  onProgress?: (progress: RunProgress) => void;
  overrides?: RunOverrides;
  /** Steps between progress reports (the history does not depend on it). */
  chunk?: number;
  label?: string;
}

const DEFAULT_CHUNK = 250;

/** A trainer snapshot as the JSON-friendly PhaseSummary of a RunResult. */
export function summarize(snapshot: TrainerSnapshot): PhaseSummary {
  const { step, loss, objective, testError, relativeTestError, gradNorm, aboveTau } = snapshot;
  return { step, loss, objective, testError, relativeTestError, gradNorm, aboveTau, columnNorms: Array.from(snapshot.columnNorms) };
}

function advance(trainer: Trainer, steps: number, options: PipelineOptions): ChunkStatus {
  const chunk = Math.max(1, options.chunk ?? DEFAULT_CHUNK);
  let status: ChunkStatus = { kind: 'running' };
  while (trainer.step < steps) {
    status = trainer.run(Math.min(chunk, steps - trainer.step));
    options.onProgress?.({ phase: trainer.phase, step: trainer.step, steps, ...(options.label ? { label: options.label } : {}) });
    if (status.kind !== 'running') break;
  }
  return status;
}

export function theoryGuides(config: RunConfig, problem: Problem): TheoryGuides {
  const sigma = problem.sigmaStar;
  return {
    learnabilityBounds: Array.from(sigma, (s) => learnabilityBound(s, config.beta, config.regularizer)),
    learnableDirections: learnableDirections(sigma, config.lambda, config.beta, config.regularizer),
    stabilityBound: stabilityBound(config.lambda, config.beta, sigma.length ? sigma[0] : null, config.regularizer),
    predictedBias: predictedBias(config.lambda, sigma),
    finiteSampleErrorScale: problem.n > 0 ? finiteSampleErrorScale(config.noise, problem.r, problem.d, problem.n) : null,
  };
}

/** The state after a phase's last step, as far as the fine-tuning curve needs it (a PhaseSummary, or a lab frame). */
export type CurvePoint = Pick<PhaseSummary, 'step' | 'loss' | 'gradNorm'>;

/** The fine-tuning history plus its final state, as one curve (the final step is not a checkpoint in general). */
export function finetuneCurve(history: readonly HistoryEntry[], final: CurvePoint): CurvePoint[] {
  const curve = history.map(({ step, loss, gradNorm }) => ({ step, loss, gradNorm }));
  if (!curve.length || curve[curve.length - 1].step !== final.step) curve.push({ step: final.step, loss: final.loss, gradNorm: final.gradNorm });
  return curve;
}

/** The rate fits and loss limit of a fine-tuning phase, from its history and final state. */
export function fineTuneFits(history: readonly HistoryEntry[], final: CurvePoint): Pick<RunResult, 'rate' | 'gradNormRate' | 'lossLimit'> {
  const curve = finetuneCurve(history, final);
  const gap = lossGapSeries(curve);
  return {
    rate: fitLinearRate(gap.steps, gap.gaps),
    gradNormRate: fitLinearRate(
      curve.map((p) => p.step),
      curve.map((p) => p.gradNorm),
    ),
    lossLimit: curve.length ? { value: gap.limit, converged: gap.converged } : null,
  };
}

/** Train → prune at τ → fine-tune, for a validated configuration. */
export function runPipeline(config: RunConfig, options: PipelineOptions = {}): RunResult {
  const { trainer, seeds, problem, operator, k, tau } = setupRun(config, options.overrides);
  const d = problem.d;
  const base = { config, seeds, operatorKind: operator.kind, d, k, tau, theory: theoryGuides(config, problem) };

  const trainStatus = advance(trainer, config.steps, options);
  const phase1Final = summarize(trainer.snapshot());
  const phase1 = {
    U: Array.from(trainer.U),
    history: trainer.history.train,
    final: phase1Final,
    eigenvalues: eigenvaluesOfUUt(trainer.U, d, k),
  };
  if (trainStatus.kind === 'diverged') {
    return {
      ...base, phase1, kept: null, finetune: null, rate: null, gradNormRate: null, lossLimit: null,
      status: { kind: 'diverged', phase: 'train', step: trainStatus.step, reason: trainStatus.reason, suggestedEta: trainStatus.suggestedEta },
    };
  }

  const kept = trainer.prune(tau);
  const fineStatus = advance(trainer, config.fineTuneSteps, options);
  const fineFinal = summarize(trainer.snapshot());
  const finetune = { U: Array.from(trainer.U), history: trainer.history.finetune, final: fineFinal };
  const status: RunStatus =
    fineStatus.kind === 'diverged'
      ? { kind: 'diverged', phase: 'finetune', step: fineStatus.step, reason: fineStatus.reason, suggestedEta: fineStatus.suggestedEta }
      : { kind: 'completed' };
  return {
    ...base,
    phase1,
    kept,
    finetune,
    ...fineTuneFits(finetune.history, fineFinal),
    status,
  };
}

/** Side-by-side metrics of one arm of a comparison. */
export interface ComparisonArm {
  lambda: number;
  /** Columns with norm ≥ τ after phase 1. */
  columnsAboveTau: number;
  /** Fraction of columns with norm ≥ HALF_MAX · the largest (F(HALF_MAX) of the fraction curve). */
  fractionAtHalfMax: number;
  testErrorBeforePruning: number | null;
  testErrorAfterPruning: number | null;
  testErrorAfterFineTune: number | null;
  result: RunResult;
}

export interface Comparison {
  tau: number;
  regularized: ComparisonArm;
  unregularized: ComparisonArm;
}

function comparisonArm(result: RunResult): ComparisonArm {
  const norms = result.phase1.final.columnNorms;
  const fine = result.finetune;
  // Step 0 of fine-tuning is the pruned model itself; with no fine-tuning steps, so is `final`.
  const afterPruning = fine ? (fine.history[0]?.testError ?? (fine.final.step === 0 ? fine.final.testError : null)) : null;
  return {
    lambda: result.config.lambda,
    columnsAboveTau: countAbove(norms, result.tau),
    fractionAtHalfMax: fractionAtLeast(norms, HALF_MAX),
    testErrorBeforePruning: result.phase1.final.testError,
    testErrorAfterPruning: afterPruning,
    testErrorAfterFineTune: fine ? fine.final.testError : null,
    result,
  };
}

/**
 * The same problem and U₀ trained with λ as configured and with λ = 0, both pruned at the
 * same τ (the configured one) and fine-tuned alike.
 */
export function runComparison(config: RunConfig, options: PipelineOptions = {}): Comparison {
  const shared = setupRun(config, options.overrides);
  const overrides: RunOverrides = { problem: shared.problem, U0: shared.U0, k: shared.k, operator: shared.operator };
  const regularized = runPipeline(config, { ...options, overrides, label: 'regularized' });
  const unregularized = runPipeline({ ...config, lambda: 0 }, { ...options, overrides, label: 'unregularized' });
  return {
    tau: shared.tau,
    regularized: comparisonArm(regularized),
    unregularized: comparisonArm(unregularized),
  };
}
