// How long a run takes on this machine, before it starts: one gradient step of the operator
// it will use, timed on the kernels it will run on, times the steps of every lane.
import { columnSquaredNorms } from './linalg';
import { penalizedUpdate } from './regularizers';
import { takesStepsInPlace, type LossOperator } from './types';

/** Wall time the measurement may take after its warm-up call. */
export const STEP_PROBE_MS = 40;
/** Calls timed at least, however long each takes, and at most, however short (or however coarse the clock). */
const MIN_PROBE_CALLS = 2;
export const MAX_PROBE_CALLS = 50;

/**
 * One phase-1 step as the trainer takes it between checkpoints, on a copy of U with η = 0 so
 * the copy stays U: the loss and gradient, the column norms and the penalized update (in the
 * operator's memory when it steps in place, else in JavaScript). Timing only the loss and
 * gradient left out a tenth of a step at d = 500.
 */
function stepProbe(operator: LossOperator, U: Float64Array, k: number): () => void {
  const d = U.length / k;
  const copy = U.slice();
  const sqNorms = new Float64Array(k);
  const weights = new Float64Array(k);
  if (takesStepsInPlace(operator)) {
    // As between checkpoints: U stays in the operator from one step to the next.
    return () => {
      operator.lossKeepingGradient(copy, k, sqNorms);
      operator.descend(copy, k, weights, 0);
    };
  }
  const grad = new Float64Array(U.length);
  return () => {
    operator.valueAndGradient(copy, k, grad);
    columnSquaredNorms(copy, d, k, sqNorms);
    penalizedUpdate(copy, d, k, weights, grad, 0);
  };
}

/**
 * Milliseconds per phase-1 step of `operator` at U (d×k): one warm-up step (compilation,
 * first touch of the buffers), then steps until STEP_PROBE_MS have passed; U is left
 * unchanged. `onProgress` hears the fraction of the measurement done after each step (a large
 * problem's steps take a second or more each).
 */
export function measureStepMs(operator: LossOperator, U: Float64Array, k: number, now: () => number, onProgress?: (fraction: number) => void): number {
  const step = stepProbe(operator, U, k);
  step();
  onProgress?.(probeProgress(0, 0));
  const start = now();
  let calls = 0;
  let elapsed = 0;
  while (calls < MIN_PROBE_CALLS || (elapsed < STEP_PROBE_MS && calls < MAX_PROBE_CALLS)) {
    step();
    calls++;
    elapsed = now() - start;
    onProgress?.(probeProgress(calls, elapsed));
  }
  return elapsed / calls;
}

/**
 * How far the probe got after the warm-up and `calls` timed calls: it ends once it has both
 * MIN_PROBE_CALLS calls and STEP_PROBE_MS (or MAX_PROBE_CALLS calls), so the lesser of the two
 * shares; the warm-up counts as one call.
 */
function probeProgress(calls: number, elapsed: number): number {
  const minimum = (calls + 1) / (MIN_PROBE_CALLS + 1);
  const budget = Math.max(elapsed / STEP_PROBE_MS, calls / MAX_PROBE_CALLS);
  return Math.min(1, minimum, calls === 0 ? minimum : budget);
}

/** Milliseconds for `steps` steps of each of `lanes` lanes, which one worker runs one after another. */
export function projectedMs(msPerStep: number, steps: number, lanes: number): number {
  return msPerStep * steps * lanes;
}
