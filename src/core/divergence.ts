// When a run has diverged, and what it says when it has (math.md §3: stability of the step size).
import { stabilityBound, suggestedStepSize } from './theory';
import type { ChunkStatus, HyperParameters, Phase } from './types';

/**
 * The objective is declared diverged when it is NaN or ±Infinity, or exceeds this many
 * times its value at step 0 of the phase (from a small initialization the objective
 * starts near L(0) = ‖M*‖²-scale and only decreases when the step size is stable).
 */
const DIVERGENCE_FACTOR = 1e6;

export type DivergedStatus = Extract<ChunkStatus, { kind: 'diverged' }>;

/** What went wrong with the objective, given its value at step 0 of the phase; null if nothing. */
export function blowUpReason(objective: number, startObjective: number): string | null {
  if (Number.isNaN(objective)) return 'became NaN';
  if (!Number.isFinite(objective)) return 'became infinite';
  if (startObjective > 0 && objective > DIVERGENCE_FACTOR * startObjective) {
    return `grew to ${objective.toPrecision(3)} (over ${DIVERGENCE_FACTOR.toExponential(0)} times its starting value ${startObjective.toPrecision(3)})`;
  }
  return null;
}

/** Where and how a phase diverged. */
export interface Divergence {
  phase: Phase;
  /** What happened to the objective (blowUpReason). */
  what: string;
  step: number;
  eta: number;
  /** The step the run is rolled back to. */
  rolledBackTo: number;
  hyper: HyperParameters;
  /** σ*₁, the largest singular value of the truth, when known. */
  sigma1: number | null;
}

/** The status of a diverged phase, with a step size under its stability bound; the reason says only what happened (presenters add the advice, see theory's divergenceAdvice). */
export function divergedStatus({ phase, what, step, eta, rolledBackTo, hyper, sigma1 }: Divergence): DivergedStatus {
  const training = phase === 'train';
  const bound = stabilityBound(training ? hyper.lambda : 0, hyper.beta, sigma1, hyper.regularizer);
  const name = training ? 'η₁' : 'η₂';
  const quantity = training ? 'objective' : 'loss';
  const reason = `${quantity} ${what} at step ${step} with ${name} = ${eta}; rolled back to step ${rolledBackTo}`;
  return { kind: 'diverged', step, reason, suggestedEta: suggestedStepSize(eta, bound) };
}
