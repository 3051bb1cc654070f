// Closed-form guides from math.md §4–5. Each doc comment is tagged [paper] when the paper
// states it and [derived] when we worked it out ourselves; the UI must keep that distinction.
import { REGULARIZERS } from './regularizers';
import type { HyperParameters, Phase, RegularizerForm } from './types';

/**
 * [derived] Default pruning threshold τ = √(2β): where the radial curvature of form (B)
 * turns from convex (pulls a column to 0, like weight decay) to concave (lasso-like).
 */
export function defaultTau(beta: number): number {
  return Math.sqrt(2 * beta);
}

/**
 * [derived] Largest λ for which the direction with eigenvalue σ*_j can still be learned:
 * λ ψ'_β(0) < 2 σ*_j, i.e. λ < 2σ√β for form (B) and λ < 4σ√β for form (A). At or above
 * it the origin is a local minimum in that direction and training stays stuck at 0.
 */
export function learnabilityBound(sigmaJ: number, beta: number, form: RegularizerForm): number {
  return (2 * sigmaJ) / REGULARIZERS[form].derivativeAtZero(beta);
}

/** [derived] How many of the eigen-directions σ*_1 ≥ … ≥ σ*_r satisfy λ < learnabilityBound. */
export function learnableDirections(sigmaStar: ArrayLike<number>, lambda: number, beta: number, form: RegularizerForm): number {
  let count = 0;
  for (let j = 0; j < sigmaStar.length; j++) if (lambda < learnabilityBound(sigmaStar[j], beta, form)) count++;
  return count;
}

/** [derived, measured] η ≲ LOSS_STEP_SCALE / σ*_1 keeps gradient descent on the loss stable in math.md's scaling. */
export const LOSS_STEP_SCALE = 0.1;

/**
 * [derived] Step size below which phase-1 gradient descent is stable:
 * min(2 / (λ w(0)), LOSS_STEP_SCALE / σ*_1). For form (B) w(0) = 2/√β, so the first term is
 * √β/λ (form (A): 2√β/λ); it keeps the penalty's contraction of near-zero columns from
 * overshooting. Terms whose input is absent (λ = 0, σ*_1 unknown) are left out; Infinity if
 * both are.
 */
export function stabilityBound(lambda: number, beta: number, sigma1: number | null, form: RegularizerForm = 'B'): number {
  const penaltyTerm = lambda > 0 ? 2 / (lambda * REGULARIZERS[form].weight(0, beta)) : Infinity;
  const lossTerm = sigma1 !== null && sigma1 > 0 ? LOSS_STEP_SCALE / sigma1 : Infinity;
  return Math.min(penaltyTerm, lossTerm);
}

/** The formula of stabilityBound for the same inputs, as text for messages, e.g. "min(√β/λ, 0.1/σ*₁)". */
export function stabilityBoundFormula(lambda: number, sigma1: number | null, form: RegularizerForm): string {
  const penaltyTerm = lambda > 0 ? (form === 'B' ? '√β/λ' : '2√β/λ') : null;
  const lossTerm = sigma1 !== null && sigma1 > 0 ? `${LOSS_STEP_SCALE}/σ*₁` : null;
  return penaltyTerm && lossTerm ? `min(${penaltyTerm}, ${lossTerm})` : (penaltyTerm ?? lossTerm ?? '∞');
}

/** Rounds x > 0 down to one significant digit (0.0707 → 0.07), so a suggestion reads cleanly. */
function floorToOneDigit(x: number): number {
  const exponent = Math.floor(Math.log10(x));
  // Dividing by 10^-e (not multiplying by 10^e) keeps 0.3 from printing as 0.30000000000000004.
  const digit = Math.floor((x / 10 ** exponent) * (1 + 1e-12));
  return exponent < 0 ? digit / 10 ** -exponent : digit * 10 ** exponent;
}

/**
 * [derived] A step size to retry with after divergence: half the stability bound, and at
 * most half the step that diverged, rounded down to one significant digit.
 */
export function suggestedStepSize(currentEta: number, bound: number): number {
  const candidate = Math.min(currentEta / 2, bound / 2);
  return floorToOneDigit(candidate);
}

/**
 * [derived] The one suggestion a divergence message ends with: the suggested step size and
 * the stability bound of the phase that diverged (fine-tuning has no penalty, so only the
 * loss term applies). `etaName` is how the reader knows the step size ("η₁", "eta").
 */
export function divergenceAdvice(
  etaName: string,
  suggestedEta: number,
  phase: Phase,
  hyper: Pick<HyperParameters, 'lambda' | 'beta' | 'regularizer'>,
  sigma1: number | null,
): string {
  const penaltyLambda = phase === 'train' ? hyper.lambda : 0;
  const bound = stabilityBound(penaltyLambda, hyper.beta, sigma1, hyper.regularizer);
  const boundText = Number.isFinite(bound)
    ? `, below the stability bound ${stabilityBoundFormula(penaltyLambda, sigma1, hyper.regularizer)} = ${bound.toPrecision(3)} [derived]`
    : '';
  return `Try ${etaName} ≤ ${suggestedEta}${boundText}.`;
}

/**
 * [derived] Error ‖UUᵀ − M*‖_F of the regularized solution: (λ/4) √(Σ_j 1/σ*_j).
 * Each learned direction settles where 4(s − σ*_j) + λ w(s) = 0 with w(s) ≈ 1/√s for s ≫ β;
 * the same leading order holds for both forms.
 */
export function predictedBias(lambda: number, sigmaStar: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < sigmaStar.length; j++) sum += 1 / sigmaStar[j];
  return (lambda / 4) * Math.sqrt(sum);
}

/**
 * [paper, v1] Scale σ√(rd/n) of the error that fine-tuning converges to with n noisy
 * measurements. The paper gives the order O(σ√(rd/n)), not its constant.
 */
export function finiteSampleErrorScale(noise: number, r: number, d: number, n: number): number {
  return noise * Math.sqrt((r * d) / n);
}
