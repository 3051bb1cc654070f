import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from './config';
import { columnSquaredNorms } from './linalg';
import { createOperator } from './operators';
import { generateProblem, initialU } from './problem';
import { addColumnWeighted, addPenaltyGradient, penaltyAndWeights, penalizedUpdate, penaltyValue, REGULARIZERS } from './regularizers';
import { resolveSeeds } from './rng';
import type { ModelKind, RegularizerForm } from './types';

const FORMS: RegularizerForm[] = ['B', 'A'];

describe('regularizer forms', () => {
  it('weight is 2ψ′ and derivativeAtZero is ψ′(0), by central differences', () => {
    const beta = 0.01;
    for (const form of FORMS) {
      const { value, weight, derivativeAtZero } = REGULARIZERS[form];
      for (const s of [1e-4, 0.02, 0.5, 3]) {
        const h = 1e-6 * Math.max(s, 1e-3);
        const derivative = (value(s + h, beta) - value(s - h, beta)) / (2 * h);
        expect(weight(s, beta)).toBeCloseTo(2 * derivative, 6);
      }
      const h = 1e-9;
      expect(derivativeAtZero(beta)).toBeCloseTo((value(h, beta) - value(0, beta)) / h, 4);
    }
  });

  it('matches the formulas of math.md §3', () => {
    const s = 0.3;
    const beta = 0.05;
    expect(REGULARIZERS.B.value(s, beta)).toBe(s / Math.sqrt(s + beta));
    expect(REGULARIZERS.B.weight(s, beta)).toBeCloseTo((s + 2 * beta) / (s + beta) ** 1.5, 15);
    expect(REGULARIZERS.A.value(s, beta)).toBe(Math.sqrt(s + beta));
    expect(REGULARIZERS.A.weight(s, beta)).toBe(1 / Math.sqrt(s + beta));
    expect(REGULARIZERS.B.derivativeAtZero(beta)).toBeCloseTo(1 / Math.sqrt(beta), 14);
    expect(REGULARIZERS.A.derivativeAtZero(beta)).toBeCloseTo(1 / (2 * Math.sqrt(beta)), 14);
  });

  it('weights stay finite for the smallest β the schema accepts, at a column of norm 0', () => {
    for (const spec of Object.values(REGULARIZERS)) {
      const weight = spec.weight(0, Number.MIN_VALUE);
      expect(Number.isFinite(weight), spec.form).toBe(true);
      expect(weight / (2 * spec.derivativeAtZero(Number.MIN_VALUE))).toBeCloseTo(1, 12);
    }
  });

  it('λ = 0 adds nothing and costs nothing', () => {
    const U = initialU(3, 2, 1, 5);
    const grad = new Float64Array(6).fill(7);
    const sq = new Float64Array(2);
    columnSquaredNorms(U, 3, 2, sq);
    expect(addPenaltyGradient(U, 3, 2, sq, 0, 0.01, 'B', new Float64Array(2), grad)).toBe(0);
    expect(Array.from(grad)).toEqual([7, 7, 7, 7, 7, 7]);
    expect(penaltyValue(sq, 2, 0, 0.01, 'A')).toBe(0);
  });
});

describe('full objective gradient ∇L + λ U diag(w) by central differences', () => {
  const d = 5;
  const k = 4;
  const lambda = 0.3;
  const beta = 0.02;
  for (const model of ['empirical', 'population', 'quadratic'] as ModelKind[]) {
    for (const form of FORMS) {
      it(`${model}, form ${form}`, () => {
        const config: RunConfig = { ...DEFAULT_CONFIG, model, d, k, r: 2, n: 40 };
        const problem = generateProblem(config, resolveSeeds(config));
        const op = createOperator(problem, 'direct', k);
        const U = initialU(d, k, 1, 11);
        // One column well inside the smoothing (s ≪ β), where w is largest.
        for (let i = 0; i < d; i++) U[i * k + 2] *= 1e-2;
        const sq = new Float64Array(k);
        const objective = (X: Float64Array): number => {
          columnSquaredNorms(X, d, k, sq);
          return op.value(X, k) + penaltyValue(sq, k, lambda, beta, form);
        };
        const grad = new Float64Array(d * k);
        const loss = op.valueAndGradient(U, k, grad);
        columnSquaredNorms(U, d, k, sq);
        const penalty = addPenaltyGradient(U, d, k, sq, lambda, beta, form, new Float64Array(k), grad);
        expect(loss + penalty).toBeCloseTo(objective(U), 12);
        const h = 1e-6;
        let worst = 0;
        let scale = 0;
        for (let e = 0; e < U.length; e++) {
          const saved = U[e];
          U[e] = saved + h;
          const plus = objective(U);
          U[e] = saved - h;
          const minus = objective(U);
          U[e] = saved;
          worst = Math.max(worst, Math.abs((plus - minus) / (2 * h) - grad[e]));
          scale = Math.max(scale, Math.abs(grad[e]));
        }
        expect(worst / scale).toBeLessThan(1e-7);
      });
    }
  }
});

describe('penalizedUpdate', () => {
  it('gives the same bits as adding the penalty gradient and then stepping', () => {
    const d = 7;
    const k = 5;
    const U = Float64Array.from({ length: d * k }, (_, i) => ((i * 37) % 11) / 7 - 0.6);
    const grad = Float64Array.from({ length: d * k }, (_, i) => ((i * 53) % 13) / 9 - 0.7);
    const sqNorms = new Float64Array(k);
    for (let i = 0; i < d; i++) for (let c = 0; c < k; c++) sqNorms[c] += U[i * k + c] ** 2;
    const weights = new Float64Array(k);
    expect(penaltyAndWeights(sqNorms, k, 0.3, 0.01, 'B', weights)).toBeGreaterThan(0);
    const twoPass = U.slice();
    const penalized = grad.slice();
    addColumnWeighted(twoPass, d, k, weights, penalized);
    for (let q = 0; q < d * k; q++) twoPass[q] -= 0.05 * penalized[q];
    const fused = U.slice();
    penalizedUpdate(fused, d, k, weights, grad, 0.05);
    expect(Array.from(fused)).toEqual(Array.from(twoPass));
    expect(Array.from(fused)).not.toEqual(Array.from(U));
  });
});
