// Notes under the λ, β and η₁ fields and the run warnings, from the bounds of math.md §5.
// They are our own derivations, so each note says "derived" rather than presenting them as
// the paper's.
import { learnabilityBound, learnableDirections, stabilityBound } from '../../core/theory';
import type { RegularizerForm } from '../../core/types';
import { formatNumber } from '../format';

export interface FieldNote {
  text: string;
  warning: boolean;
}

/**
 * Where λ sits against the per-direction learnability bounds λ_j = 2σ*_j/ψ'_β(0):
 * 'learnable' below every bound, 'stuck' at or above the largest one (σ*_1: nothing can be
 * learned), 'atRisk' in between. The rule is sharp only at the ends: in between, the
 * core-trainer runs showed directions above their own bound sometimes still learned, so
 * those directions are only "at risk".
 */
export type LearnabilityKind = 'learnable' | 'atRisk' | 'stuck';

export interface LearnabilityAssessment {
  kind: LearnabilityKind;
  /** λ_j per direction, in the order of σ* (largest first). */
  bounds: number[];
  /** Directions with λ ≥ λ_j. */
  atRisk: number;
  directions: number;
}

export function assessLearnability(lambda: number, beta: number, form: RegularizerForm, sigmaStar: readonly number[]): LearnabilityAssessment | null {
  if (sigmaStar.length === 0) return null;
  const bounds = sigmaStar.map((sigma) => learnabilityBound(sigma, beta, form));
  const atRisk = sigmaStar.length - learnableDirections(sigmaStar, lambda, beta, form);
  const kind: LearnabilityKind = atRisk === 0 ? 'learnable' : atRisk === sigmaStar.length ? 'stuck' : 'atRisk';
  return { kind, bounds, atRisk, directions: sigmaStar.length };
}

export interface StabilityAssessment {
  stable: boolean;
  bound: number;
}

/** η₁ against the derived stability bound near the origin; null when no bound applies. */
export function assessStability(eta: number, lambda: number, beta: number, form: RegularizerForm, sigma1: number | null): StabilityAssessment | null {
  const bound = stabilityBound(lambda, beta, sigma1, form);
  if (!Number.isFinite(bound)) return null;
  return { stable: eta < bound, bound };
}

/** Longest list of per-direction bounds a note spells out; longer ones show the ends. */
const MAX_LISTED_BOUNDS = 6;

/** "0.2, 0.15, 0.1" (σ*_1 first), or "0.2 … 0.02" when there are many directions. */
function boundsList(bounds: readonly number[]): string {
  if (bounds.length <= MAX_LISTED_BOUNDS) return bounds.map(formatNumber).join(', ');
  return `${formatNumber(bounds[0])} … ${formatNumber(bounds[bounds.length - 1])}`;
}

/** Whether λ lets every direction of M* be learned (λ ψ'_β(0) < 2σ*_j). */
export function lambdaNote(lambda: number, beta: number, form: RegularizerForm, sigmaStar: readonly number[]): FieldNote | null {
  const assessment = assessLearnability(lambda, beta, form, sigmaStar);
  if (!assessment) return null;
  const { bounds, atRisk, directions } = assessment;
  const weakest = formatNumber(bounds[bounds.length - 1]);
  const strongest = formatNumber(bounds[0]);
  switch (assessment.kind) {
    case 'learnable':
      return {
        text: `Derived bounds per direction (σ*₁ first): λ < ${boundsList(bounds)}; every direction is learnable while λ < ${weakest}.`,
        warning: false,
      };
    case 'stuck':
      return {
        text: `Derived bound: λ ≥ ${strongest}, the bound of the strongest direction σ*₁, so all ${directions} directions stay stuck at 0.`,
        warning: true,
      };
    case 'atRisk':
      return {
        text: `Derived bound: λ ≥ ${weakest}, so ${atRisk} of ${directions} directions are at risk of staying stuck at 0 (the bound is not sharp between ${weakest} and ${strongest}).`,
        warning: true,
      };
  }
}

/** What β sets: the learnability range of λ, and the derived default threshold √(2β). */
export function betaNote(lambda: number, beta: number, form: RegularizerForm, sigmaStar: readonly number[], tauDefault: number): FieldNote | null {
  const assessment = assessLearnability(lambda, beta, form, sigmaStar);
  if (!assessment) return null;
  const { bounds } = assessment;
  return {
    text: `Derived: with this β, λ must stay below ${formatNumber(bounds[bounds.length - 1])} for every direction (below ${formatNumber(bounds[0])} for any); default τ = √(2β) = ${formatNumber(tauDefault)}.`,
    warning: assessment.kind !== 'learnable',
  };
}

/** Whether η₁ is below the derived stability bound near the origin. */
export function etaNote(eta: number, lambda: number, beta: number, form: RegularizerForm, sigma1: number | null): FieldNote | null {
  const assessment = assessStability(eta, lambda, beta, form, sigma1);
  if (!assessment) return null;
  if (assessment.stable) return { text: `Derived bound: stable for η₁ < ${formatNumber(assessment.bound)}.`, warning: false };
  return { text: `Derived bound: η₁ ≥ ${formatNumber(assessment.bound)}; gradient descent is likely to diverge.`, warning: true };
}
