// Notes under the λ and η₁ fields from the bounds of math.md §5. They are our own
// derivations, so each note says "derived" rather than presenting them as the paper's.
import { learnabilityBound, learnableDirections, stabilityBound } from '../../core/theory';
import type { RegularizerForm } from '../../core/types';
import { formatNumber } from '../format';

export interface FieldNote {
  text: string;
  warning: boolean;
}

/** Whether λ lets every direction of M* be learned (λ ψ'_β(0) < 2σ*_j). */
export function lambdaNote(lambda: number, beta: number, form: RegularizerForm, sigmaStar: readonly number[]): FieldNote | null {
  if (sigmaStar.length === 0) return null;
  const weakest = sigmaStar[sigmaStar.length - 1];
  const bound = learnabilityBound(weakest, beta, form);
  const learnable = learnableDirections(sigmaStar, lambda, beta, form);
  if (learnable === sigmaStar.length) {
    return { text: `Derived bound: every direction is learnable while λ < ${formatNumber(bound)}.`, warning: false };
  }
  const stuck = sigmaStar.length - learnable;
  return {
    text: `Derived bound: λ ≥ ${formatNumber(bound)}, so ${stuck} of ${sigmaStar.length} directions cannot be learned; training stays stuck at 0 there.`,
    warning: true,
  };
}

/** Whether η₁ is below the derived stability bound near the origin. */
export function etaNote(eta: number, lambda: number, beta: number, form: RegularizerForm, sigma1: number | null): FieldNote | null {
  const bound = stabilityBound(lambda, beta, sigma1, form);
  if (!Number.isFinite(bound)) return null;
  if (eta < bound) return { text: `Derived bound: stable for η₁ < ${formatNumber(bound)}.`, warning: false };
  return { text: `Derived bound: η₁ ≥ ${formatNumber(bound)}; gradient descent is likely to diverge.`, warning: true };
}
