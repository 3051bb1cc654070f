// The rate panel's data (pure; runs in its own worker): after the same phase-1 budget from
// the same U₀ and measurements, gradient descent on the unregularized loss L continues on
//   - the pruned model: trained with the penalty, pruned at τ (k = |S|, about r columns);
//   - the overparameterized model: trained without the penalty (λ = 0), all k columns kept.
// Both continue with the fine-tuning step size η₂ for the fine-tuning budget, and both
// curves are ‖∇L‖, which needs no estimate of the unknown limit L_∞. math.md §4: the pruned
// model converges linearly [paper]; the overparameterized one about like 1/t [measured].
import type { RunConfig } from './config';
import { operatorKernel } from './kernelChoice';
import { jsBackend } from './kernels/jsBackend';
import type { KernelBackend, KernelInfo } from './kernels/types';
import { fitLinearRate, type RateFit } from './metrics';
import { type RunProgress } from './run';
import { setupRun, type RunSetup } from './runSetup';
import { divergenceAdvice } from './theory';
import type { ChunkStatus, HistoryEntry } from './types';
import type { Trainer } from './trainer';

export interface RateCurve {
  /** Columns of the model that continues (|S| or k). */
  k: number;
  /** Steps after the end of phase 1. */
  steps: number[];
  gradNorm: number[];
  loss: number[];
  /** Fit ‖∇L‖ ≈ C ρᵗ (null with fewer than 3 usable points). */
  fit: RateFit | null;
  /** Decades ‖∇L‖ fell between the first and the last point. */
  decades: number;
}

export type RateComparison =
  | { kind: 'ok'; phase1Steps: number; tau: number; pruned: RateCurve; overparameterized: RateCurve; kernel: KernelInfo }
  /** Phase 1 or the continuation diverged, or pruning kept no column: nothing to compare. */
  | { kind: 'failed'; reason: string };

export interface RateComparisonOptions {
  /** Continuation steps (default: the configuration's fine-tuning budget). */
  steps?: number;
  /** Called between chunks with the arm's name as label. */
  onProgress?: (progress: RunProgress) => void;
  /** The kernels both arms train on (default: the JavaScript kernels). */
  backend?: KernelBackend;
}

const CHUNK = 200;

function advance(trainer: Trainer, until: number, label: string, onProgress: RateComparisonOptions['onProgress']): ChunkStatus {
  let status: ChunkStatus = { kind: 'running' };
  while (trainer.step < until && status.kind === 'running') {
    status = trainer.run(Math.min(CHUNK, until - trainer.step));
    onProgress?.({ phase: trainer.phase, step: trainer.step, steps: until, label });
  }
  return status;
}

function curveOf(entries: readonly HistoryEntry[], offset: number, k: number, final: { step: number; loss: number; gradNorm: number }): RateCurve {
  const points = entries.filter((e) => e.step >= offset).map((e) => ({ step: e.step - offset, loss: e.loss, gradNorm: e.gradNorm }));
  const last = { step: final.step - offset, loss: final.loss, gradNorm: final.gradNorm };
  if (!points.length || points[points.length - 1].step !== last.step) points.push(last);
  const steps = points.map((p) => p.step);
  const gradNorm = points.map((p) => p.gradNorm);
  const first = gradNorm[0];
  const end = gradNorm[gradNorm.length - 1];
  return {
    k,
    steps,
    gradNorm,
    loss: points.map((p) => p.loss),
    fit: fitLinearRate(steps, gradNorm),
    decades: first > 0 && end > 0 ? Math.log10(first / end) : 0,
  };
}

/** What happened (the trainer's own reason) and one suggestion, worded as in the lab and the CLI. */
function divergedReason(arm: string, status: Extract<ChunkStatus, { kind: 'diverged' }>, trainer: Trainer, etaName: string, sigma1: number | null): string {
  return `The ${arm} run diverged: ${status.reason}. ${divergenceAdvice(etaName, status.suggestedEta, trainer.phase, trainer.hyper, sigma1)}`;
}

const largestEigenvalue = (setup: RunSetup): number | null => (setup.problem.sigmaStar.length ? setup.problem.sigmaStar[0] : null);

/** Phase-1 end states taken from elsewhere (the lab's own run), so only the continuations run. */
export interface RateStart {
  /** d×k U of the regularized run at the end of phase 1 (before pruning). */
  regularizedU: Float64Array;
  /** d×k U of the unregularized (λ = 0) run after the same phase-1 steps. */
  unregularizedU: Float64Array;
  /** Phase-1 steps both took. */
  phase1Steps: number;
}

/**
 * Prunes the regularized trainer at its τ and continues both on L for `continuation` steps
 * at η₂. The curves count steps from where each trainer stands now.
 */
function continueBoth(
  config: RunConfig,
  regularized: RunSetup,
  over: Trainer,
  phase1Steps: number,
  continuation: number,
  backend: KernelBackend,
  onProgress: RateComparisonOptions['onProgress'],
): RateComparison {
  const kept = regularized.trainer.prune(regularized.tau);
  if (kept.length === 0) {
    return { kind: 'failed', reason: `No column reached τ = ${regularized.tau.toPrecision(3)} after phase 1, so there is no pruned model to fine-tune.` };
  }
  const fineStatus = advance(regularized.trainer, continuation, 'pruned', onProgress);
  const sigma1 = largestEigenvalue(regularized);
  if (fineStatus.kind === 'diverged') return { kind: 'failed', reason: divergedReason('pruned fine-tuning', fineStatus, regularized.trainer, 'η₂', sigma1) };

  const offset = over.step;
  // The continuation takes the fine-tuning step size, as the pruned model does.
  over.setHyper({ eta: config.fineTuneEta });
  const overContinued = advance(over, offset + continuation, 'overparameterized', onProgress);
  if (overContinued.kind === 'diverged') return { kind: 'failed', reason: divergedReason('overparameterized continuation', overContinued, over, 'η₂', sigma1) };

  return {
    kind: 'ok',
    phase1Steps,
    tau: regularized.tau,
    pruned: curveOf(regularized.trainer.history.finetune, 0, kept.length, regularized.trainer.snapshot()),
    overparameterized: curveOf(over.history.train, offset, over.k, over.snapshot()),
    kernel: operatorKernel(backend.info, regularized.operator),
  };
}

/** Both continuation curves for a validated configuration, phase 1 included (see the file comment). */
export function rateComparison(config: RunConfig, options: RateComparisonOptions = {}): RateComparison {
  const continuation = options.steps ?? config.fineTuneSteps;
  const backend = options.backend ?? jsBackend;
  const regularized = setupRun(config, { backend });
  const shared = { problem: regularized.problem, U0: regularized.U0, k: regularized.k, operator: regularized.operator, backend };
  const unregularized = setupRun({ ...config, lambda: 0 }, shared);

  const trainStatus = advance(regularized.trainer, config.steps, 'pruned', options.onProgress);
  const sigma1 = largestEigenvalue(regularized);
  if (trainStatus.kind === 'diverged') return { kind: 'failed', reason: divergedReason('regularized phase-1', trainStatus, regularized.trainer, 'η₁', sigma1) };
  const overTrain = advance(unregularized.trainer, config.steps, 'overparameterized', options.onProgress);
  if (overTrain.kind === 'diverged') return { kind: 'failed', reason: divergedReason('unregularized phase-1', overTrain, unregularized.trainer, 'η₁', sigma1) };
  return continueBoth(config, regularized, unregularized.trainer, config.steps, continuation, backend, options.onProgress);
}

/**
 * The same continuations from phase-1 end states the lab already computed (same problem
 * from the configuration's seeds), so a heavy run need not repeat phase 1.
 */
export function rateComparisonFrom(config: RunConfig, start: RateStart, options: RateComparisonOptions = {}): RateComparison {
  const continuation = options.steps ?? config.fineTuneSteps;
  const backend = options.backend ?? jsBackend;
  const regularized = setupRun(config, { U0: start.regularizedU, backend });
  const shared = { problem: regularized.problem, U0: start.unregularizedU, k: regularized.k, operator: regularized.operator, backend };
  const unregularized = setupRun({ ...config, lambda: 0 }, shared);
  return continueBoth(config, regularized, unregularized.trainer, start.phase1Steps, continuation, backend, options.onProgress);
}

/** Flops of the comparison: two phase-1 runs of k columns (unless given), then the two continuations. */
export function rateComparisonFlops(config: RunConfig, flopsPerStepAtK: number, fromLab = false, steps = config.fineTuneSteps): number {
  // The pruned continuation has about r of k columns; its cost is at most that of k.
  return flopsPerStepAtK * ((fromLab ? 0 : 2 * config.steps) + 2 * steps);
}
