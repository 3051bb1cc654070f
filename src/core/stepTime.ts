// How long a run takes on this machine, before it starts: one gradient step of the operator
// it will use, timed on the kernels it will run on, times the steps of every lane.
import type { LossOperator } from './types';

/** Wall time the measurement may take after its warm-up call. */
export const STEP_PROBE_MS = 40;
/** Calls timed at least, however long each takes, and at most, however short (or however coarse the clock). */
const MIN_PROBE_CALLS = 2;
export const MAX_PROBE_CALLS = 50;

/**
 * Milliseconds per loss-and-gradient evaluation of `operator` at U (d×k): one warm-up call
 * (compilation, first touch of the buffers), then calls until STEP_PROBE_MS have passed. The
 * operator is most of a step's cost (the penalty and update are O(dk)); U is left unchanged.
 * `onProgress` hears the fraction of the measurement done after each call (a large problem's
 * calls take a second or more each).
 */
export function measureStepMs(operator: LossOperator, U: Float64Array, k: number, now: () => number, onProgress?: (fraction: number) => void): number {
  const grad = new Float64Array(U.length);
  operator.valueAndGradient(U, k, grad);
  onProgress?.(probeProgress(0, 0));
  const start = now();
  let calls = 0;
  let elapsed = 0;
  while (calls < MIN_PROBE_CALLS || (elapsed < STEP_PROBE_MS && calls < MAX_PROBE_CALLS)) {
    operator.valueAndGradient(U, k, grad);
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
