// The result of a whole run (train with the penalty → prune at τ → fine-tune) as one
// JSON-serializable RunResult, built by a LabSession (session.ts) for the CLI and the lab alike
// (saved as a run file, see runFile/; the CLI writes that as run.json).
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
import type { KernelInfo } from './kernels/types';
import type { RunConfig } from './config';
import { fitLinearRate, lossGapSeries, type RateFit } from './metrics';
import { finiteSampleErrorScale, learnabilityBound, learnableDirections, predictedBias, stabilityBound } from './theory';
import type { HistoryEntry, OperatorKind, Phase, Problem, SeedSet, StateMetrics, TrainerSnapshot } from './types';

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

export type RunOutcome =
  | { kind: 'completed' }
  | { kind: 'diverged'; phase: Phase; step: number; reason: string; suggestedEta: number };

export interface RunResult {
  config: RunConfig;
  seeds: SeedSet;
  operatorKind: OperatorKind;
  /** The kernels that computed it. */
  kernel: KernelInfo;
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
  status: RunOutcome;
}

/** A trainer snapshot as the JSON-friendly PhaseSummary of a RunResult. */
export function phaseSummary(snapshot: TrainerSnapshot): PhaseSummary {
  const { step, loss, objective, testError, relativeTestError, gradNorm, aboveTau } = snapshot;
  return { step, loss, objective, testError, relativeTestError, gradNorm, aboveTau, columnNorms: Array.from(snapshot.columnNorms) };
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
