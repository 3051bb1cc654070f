// How long a run takes on this machine, before it starts: one gradient step of the operator
// it will use, timed on the kernels it will run on, times the steps of every lane.
import { columnSquaredNorms } from './linalg';
import { penalizedUpdate } from './regularizers';
import { takesStepsInPlace, type LossOperator } from './types';

/** Wall time the measurement may take after its warm-up calls. */
export const STEP_PROBE_MS = 40;
/**
 * Untimed calls first, at least this many and for at least WARMUP_MS: compilation, the first
 * touch of the buffers, and (in Chromium) the optimizing compiler's work on the kernels, which
 * runs in the background while the first steps run on baseline code.
 */
export const WARMUP_CALLS = 2;
export const WARMUP_MS = 150;
/** Calls timed at least, however long each takes, and at most, however short (or however coarse the clock). */
const MIN_PROBE_CALLS = 3;
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
 * Milliseconds per phase-1 step of `operator` at U (d×k): untimed steps (WARMUP_CALLS, WARMUP_MS), then
 * steps until STEP_PROBE_MS have passed, of which the fastest. Anything else only slows a
 * step down: in Chromium the optimizing compiler still works on the kernels in the background
 * while the probe runs, and the mean of the timed steps of a Figure 1 lane ranged from right to
 * two and a half times the run's own. U is left unchanged. `onProgress` hears the fraction of
 * the measurement done after each step (a large problem's steps take a second or more each).
 */
export function measureStepMs(operator: LossOperator, U: Float64Array, k: number, now: () => number, onProgress?: (fraction: number) => void): number {
  const step = stepProbe(operator, U, k);
  const warmStart = now();
  // Bounded in calls too: a clock may not move.
  for (let warm = 1; warm <= WARMUP_CALLS || (now() - warmStart < WARMUP_MS && warm <= MAX_PROBE_CALLS); warm++) {
    step();
    onProgress?.(probeProgress(Math.min(0, warm - WARMUP_CALLS), 0));
  }
  const times: number[] = [];
  const start = now();
  let elapsed = 0;
  while (times.length < MIN_PROBE_CALLS || (elapsed < STEP_PROBE_MS && times.length < MAX_PROBE_CALLS)) {
    const before = now();
    step();
    const after = now();
    times.push(after - before);
    elapsed = after - start;
    onProgress?.(probeProgress(times.length, elapsed));
  }
  return Math.min(...times);
}

/**
 * How far the probe got after `calls` timed calls (0 and below: the warm-up calls, counted
 * back from its end): it ends once it has both MIN_PROBE_CALLS calls and STEP_PROBE_MS (or
 * MAX_PROBE_CALLS calls), so the lesser of the two shares; each warm-up call counts as one.
 */
function probeProgress(calls: number, elapsed: number): number {
  const minimum = (calls + WARMUP_CALLS) / (MIN_PROBE_CALLS + WARMUP_CALLS);
  const budget = Math.max(elapsed / STEP_PROBE_MS, calls / MAX_PROBE_CALLS);
  return Math.min(1, minimum, calls <= 0 ? minimum : budget);
}

/** Milliseconds for `steps` steps of each of `lanes` lanes, which one worker runs one after another. */
export function projectedMs(msPerStep: number, steps: number, lanes: number): number {
  return msPerStep * steps * lanes;
}
