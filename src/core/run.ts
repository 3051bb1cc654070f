// A whole run from one configuration, headless (the CLI): train with the penalty → prune at τ
// → fine-tune, driven through a LabSession like the lab's, returned as the session's RunResult
// (format in runResult.ts).
import type { RunConfig } from './config';
import { HALF_MAX, countAbove, fractionAtLeast } from './metrics';
import type { RunResult } from './runResult';
import type { RunOverrides } from './runSetup';
import { LabSession, type LaneId } from './session';
import type { ChunkStatus, Phase } from './types';

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

/** Runs the lane's current phase to `steps`, in chunks, reporting progress after each. */
function advance(session: LabSession, lane: LaneId, steps: number, options: PipelineOptions): ChunkStatus {
  const chunk = Math.max(1, options.chunk ?? DEFAULT_CHUNK);
  let status: ChunkStatus = { kind: 'running' };
  while (session.step(lane) < steps) {
    status = session.advance(lane, Math.min(chunk, steps - session.step(lane)));
    options.onProgress?.({ phase: session.phaseOf(lane), step: session.step(lane), steps, ...(options.label ? { label: options.label } : {}) });
    if (status.kind !== 'running') break;
  }
  return status;
}

/** Trains, prunes at the session's τ and fine-tunes one lane of a session; a lane that diverges in phase 1 is not pruned. */
function runLane(session: LabSession, lane: LaneId, options: PipelineOptions): void {
  const { config } = session;
  if (advance(session, lane, config.steps, options).kind === 'diverged') return;
  session.prune(lane, session.tau);
  advance(session, lane, config.fineTuneSteps, options);
}

/** Train → prune at τ → fine-tune, for a validated configuration. */
export function runPipeline(config: RunConfig, options: PipelineOptions = {}): RunResult {
  const session = new LabSession(config, ['regularized'], options.overrides);
  runLane(session, 'regularized', options);
  return session.result('regularized', { config: 'as-configured' });
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
  /** Keeping the r largest phase-1 columns instead of pruning at τ, then fine-tuning them alike (null without M* or when it diverged). */
  testErrorLargestColumnsFineTuned: number | null;
  result: RunResult;
}

export interface Comparison {
  tau: number;
  regularized: ComparisonArm;
  unregularized: ComparisonArm;
}

function comparisonArm(session: LabSession, lane: LaneId): ComparisonArm {
  const result = session.result(lane, { config: 'as-configured' });
  const norms = result.phase1.final.columnNorms;
  const { milestones } = session.report(lane);
  return {
    lambda: result.config.lambda,
    columnsAboveTau: countAbove(norms, result.tau),
    fractionAtHalfMax: fractionAtLeast(norms, HALF_MAX),
    testErrorBeforePruning: milestones.beforePrune,
    testErrorAfterPruning: milestones.afterPrune,
    testErrorAfterFineTune: result.finetune ? result.finetune.final.testError : null,
    testErrorLargestColumnsFineTuned: session.report(lane).largestColumnsFineTunedTestError,
    result,
  };
}

/**
 * The same problem and U₀ trained with λ as configured and with λ = 0, both pruned at the
 * same τ (the configured one) and fine-tuned alike.
 */
export function runComparison(config: RunConfig, options: PipelineOptions = {}): Comparison {
  const session = new LabSession(config, ['regularized', 'unregularized'], options.overrides);
  runLane(session, 'regularized', { ...options, label: 'regularized' });
  runLane(session, 'unregularized', { ...options, label: 'unregularized' });
  return {
    tau: session.tau,
    regularized: comparisonArm(session, 'regularized'),
    unregularized: comparisonArm(session, 'unregularized'),
  };
}
