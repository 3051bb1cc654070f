// The model with no columns left (pruning kept none): every prediction is 0.
import { frobeniusNorm } from './linalg';
import type { HistoryEntry, Problem } from './types';

/** (1/n) Σ y_i²: a loss at U = 0, where every prediction is 0. */
function meanSquare(y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * y[i];
  return s / y.length;
}

/** L(0): the mean square of y, or ‖M*‖_F² for the population model. */
export function lossAtZero(problem: Problem): number {
  const { y, Mstar, d } = problem;
  if (y) return meanSquare(y);
  return Mstar ? frobeniusNorm(Mstar, d * d) ** 2 : NaN;
}

/** The one history entry of a fine-tuning phase with no column: step 0 at U = 0 (‖M*‖_F is its test error). */
export function zeroModelEntry(problem: Problem, mstarNorm: number): HistoryEntry {
  const entry: HistoryEntry = { step: 0, loss: lossAtZero(problem), gradNorm: 0 };
  if (problem.Mstar) {
    entry.testError = mstarNorm;
    entry.relativeTestError = 1;
  }
  if (problem.heldOut) entry.heldOutLoss = meanSquare(problem.heldOut.y);
  return entry;
}
