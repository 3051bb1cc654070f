// The smooth group-Lasso penalties of math.md §3. With s_i = ‖u_i‖², the penalty is
// Σ_i ψ_β(s_i) and its gradient on column i is w(s_i) · u_i with w = 2ψ'. The paper's exact
// smoothing could not be confirmed, so both usual forms are offered and keyed by name.
import type { RegularizerForm } from './types';

export interface RegularizerSpec {
  form: RegularizerForm;
  /** The formula as text, for labels and legends. */
  formula: string;
  /** ψ_β(s). */
  value(s: number, beta: number): number;
  /** w(s) = 2 ψ'_β(s): the factor multiplying u_i in the penalty's gradient. */
  weight(s: number, beta: number): number;
  /** ψ'_β(0): the penalty's pull on a column that is still near zero (math.md §5). */
  derivativeAtZero(beta: number): number;
}

export const REGULARIZERS: Record<RegularizerForm, RegularizerSpec> = {
  B: {
    form: 'B',
    formula: 'ψ_β(s) = s / √(s + β)',
    value: (s, beta) => s / Math.sqrt(s + beta),
    weight: (s, beta) => {
      const t = s + beta;
      // (s + 2β)/t ∈ [1, 2] first: t·√t underflows to 0 for a tiny β and a column at 0.
      return (s + 2 * beta) / t / Math.sqrt(t);
    },
    derivativeAtZero: (beta) => 1 / Math.sqrt(beta),
  },
  A: {
    form: 'A',
    formula: 'ψ_β(s) = √(s + β)',
    value: (s, beta) => Math.sqrt(s + beta),
    weight: (s, beta) => 1 / Math.sqrt(s + beta),
    derivativeAtZero: (beta) => 1 / (2 * Math.sqrt(beta)),
  },
};

/** λ Σ_i ψ_β(s_i) for the squared column norms s (first k entries). */
export function penaltyValue(sqNorms: Float64Array, k: number, lambda: number, beta: number, form: RegularizerForm): number {
  if (lambda === 0) return 0;
  const psi = REGULARIZERS[form].value;
  let sum = 0;
  for (let c = 0; c < k; c++) sum += psi(sqNorms[c], beta);
  return lambda * sum;
}

/**
 * The penalty λ Σ ψ_β(s_i) for the squared column norms s, writing each column's gradient
 * factor λ·w(s_i) into weights (length ≥ k). Returns 0 and writes nothing when λ = 0.
 */
export function penaltyAndWeights(sqNorms: Float64Array, k: number, lambda: number, beta: number, form: RegularizerForm, weights: Float64Array): number {
  if (lambda === 0) return 0;
  const spec = REGULARIZERS[form];
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const s = sqNorms[c];
    sum += spec.value(s, beta);
    weights[c] = lambda * spec.weight(s, beta);
  }
  return lambda * sum;
}

/** grad += U · diag(weights), both d×k. */
export function addColumnWeighted(U: Float64Array, d: number, k: number, weights: Float64Array, grad: Float64Array): void {
  for (let i = 0; i < d; i++) {
    const row = i * k;
    for (let c = 0; c < k; c++) grad[row + c] += weights[c] * U[row + c];
  }
}

/**
 * U ← U − η (grad + U · diag(weights)) in one pass, with the same arithmetic as
 * addColumnWeighted followed by the plain update (so the same bits), when the penalized
 * gradient itself is not needed afterwards.
 */
export function penalizedUpdate(U: Float64Array, d: number, k: number, weights: Float64Array, grad: Float64Array, eta: number): void {
  for (let i = 0; i < d; i++) {
    const row = i * k;
    for (let c = 0; c < k; c++) {
      const q = row + c;
      U[q] -= eta * (grad[q] + weights[c] * U[q]);
    }
  }
}

/**
 * Adds λ · U · diag(w) to grad (both d×k) and returns the penalty λ Σ ψ_β(s_i).
 * sqNorms must hold the squared column norms of U; weights (length ≥ k) is scratch.
 * Allocates nothing.
 */
export function addPenaltyGradient(
  U: Float64Array,
  d: number,
  k: number,
  sqNorms: Float64Array,
  lambda: number,
  beta: number,
  form: RegularizerForm,
  weights: Float64Array,
  grad: Float64Array,
): number {
  const penalty = penaltyAndWeights(sqNorms, k, lambda, beta, form, weights);
  if (lambda !== 0) addColumnWeighted(U, d, k, weights, grad);
  return penalty;
}
