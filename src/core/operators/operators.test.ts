import { EigenvalueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, MEMORY_BUDGET_BYTES, gramFoldBytes, type RunConfig } from '../config';
import { describeGoldenOperators, relative, relativeError } from '../golden/goldenOperatorSuite';
import { frobeniusNorm, outerGram } from '../linalg';
import { createHeldOutOperator, createOperator, svecLength } from '.';
import { drawHeldOutSet, generateProblem, groundTruthFactor, initialU, toMatrix } from '../problem';
import { resolveSeeds } from '../rng';
import type { LossOperator, OperatorChoice, Problem } from '../types';


function smallProblem(model: RunConfig['model'], patch: Partial<RunConfig> = {}): Problem {
  const cfg: RunConfig = { ...DEFAULT_CONFIG, model, d: 5, k: 4, r: 2, n: 40, ...patch };
  return generateProblem(cfg, resolveSeeds(cfg));
}

/** Central differences of op.value in every coordinate of U. */
function finiteDifferenceGradient(op: LossOperator, U: Float64Array, k: number): Float64Array {
  const h = 1e-5;
  const out = new Float64Array(U.length);
  for (let e = 0; e < U.length; e++) {
    const saved = U[e];
    U[e] = saved + h;
    const plus = op.value(U, k);
    U[e] = saved - h;
    const minus = op.value(U, k);
    U[e] = saved;
    out[e] = (plus - minus) / (2 * h);
  }
  return out;
}

const variants: Array<[string, RunConfig['model'], OperatorChoice, string]> = [
  ['empirical direct', 'empirical', 'direct', 'direct'],
  ['empirical Gram', 'empirical', 'gram', 'gram'],
  ['population', 'population', 'auto', 'population'],
  ['quadratic direct', 'quadratic', 'direct', 'quadratic-direct'],
  ['quadratic Gram', 'quadratic', 'gram', 'quadratic-gram'],
];

describe('gradients match central finite differences', () => {
  for (const [name, model, choice, kind] of variants) {
    it(name, () => {
      const problem = smallProblem(model);
      const op = createOperator(problem, choice, 4);
      expect(op.kind).toBe(kind);
      const U = initialU(5, 4, 1, 17);
      const grad = new Float64Array(20);
      const loss = op.valueAndGradient(U, 4, grad);
      expect(loss).toBe(op.value(U, 4));
      expect(relativeError(finiteDifferenceGradient(op, U, 4), grad)).toBeLessThan(1e-6);
    });
  }

  it('after pruning to fewer columns with the same operator', () => {
    const problem = smallProblem('empirical');
    for (const choice of ['direct', 'gram'] as const) {
      const op = createOperator(problem, choice, 4);
      op.value(initialU(5, 4, 1, 1), 4);
      const U = initialU(5, 2, 1, 2);
      const grad = new Float64Array(10);
      op.valueAndGradient(U, 2, grad);
      expect(relativeError(finiteDifferenceGradient(op, U, 2), grad)).toBeLessThan(1e-6);
    }
  });
});

describe('direct and Gram operators agree', () => {
  for (const model of ['empirical', 'quadratic'] as const) {
    it(`${model}: loss and gradient to 1e-10 relative`, () => {
      const problem = smallProblem(model, { d: 9, k: 7, r: 3, n: 150, noise: 0.1 });
      const direct = createOperator(problem, 'direct', 7);
      const gram = createOperator(problem, 'gram', 7);
      for (const scale of [1e-2, 0.5, 2]) {
        const U = initialU(9, 7, scale, 5);
        const gDirect = new Float64Array(63);
        const gGram = new Float64Array(63);
        const lDirect = direct.valueAndGradient(U, 7, gDirect);
        const lGram = gram.valueAndGradient(U, 7, gGram);
        expect(relative(lGram, lDirect)).toBeLessThan(1e-10);
        expect(relative(gram.value(U, 7), lDirect)).toBeLessThan(1e-10);
        expect(relativeError(gGram, gDirect)).toBeLessThan(1e-10);
      }
    });
  }
});

describeGoldenOperators('golden fixtures from numpy (scripts/make_golden.py)', createOperator);

describe('createOperator', () => {
  it('auto takes the Gram fold when its step is cheaper and the direct operator otherwise', () => {
    const many = smallProblem('empirical', { d: 6, n: 200 });
    const auto = createOperator(many, 'auto', 4);
    expect(auto.kind).toBe('gram');
    expect(auto.flopsPerStep(4)).toBeLessThan(createOperator(many, 'direct', 4).flopsPerStep(4));

    const few = smallProblem('empirical', { d: 6, n: 2 });
    const autoFew = createOperator(few, 'auto', 4);
    expect(autoFew.kind).toBe('direct');
    expect(autoFew.flopsPerStep(4)).toBeLessThan(createOperator(few, 'gram', 4).flopsPerStep(4));

    const quadraticFew = smallProblem('quadratic', { d: 6, n: 3 });
    expect(createOperator(quadraticFew, 'auto', 4).kind).toBe('quadratic-direct');
    expect(createOperator(smallProblem('quadratic', { d: 6, n: 500 }), 'auto', 4).kind).toBe('quadratic-gram');
    expect(createOperator(smallProblem('population'), 'gram', 4).kind).toBe('population');
  });

  it('picks the Gram fold for the classroom default', () => {
    const problem = generateProblem(DEFAULT_CONFIG, resolveSeeds(DEFAULT_CONFIG));
    expect(createOperator(problem, DEFAULT_CONFIG.operator, DEFAULT_CONFIG.k).kind).toBe('gram');
  });

  it('refuses a Gram fold over the memory budget with a message that says what to do', () => {
    let d = 1;
    while (gramFoldBytes(d) <= MEMORY_BUDGET_BYTES) d++;
    expect(svecLength(d)).toBe((d * (d + 1)) / 2);
    // Only the shape matters: the fold is refused before any data is read.
    const huge: Problem = { model: 'empirical', d, r: 0, sigmaStar: new Float64Array(0), Mstar: null, n: 1, A: new Float64Array(0), X: null, y: new Float64Array(1), heldOut: null };
    expect(() => createOperator(huge, 'gram', 2)).toThrow(/over the .* budget; use operator "direct" or "auto"/);
    expect(createOperator(huge, 'auto', 2).kind).toBe('direct');
  });

  it('refuses a problem without the data its model needs', () => {
    const noMstar: Problem = { model: 'population', d: 2, r: 0, sigmaStar: new Float64Array(0), Mstar: null, n: 0, A: null, X: null, y: null, heldOut: null };
    expect(() => createOperator(noMstar, 'auto', 2)).toThrow(/needs M\*/);
    const noA: Problem = { ...noMstar, model: 'empirical', n: 1, y: new Float64Array(1) };
    expect(() => createOperator(noA, 'auto', 2)).toThrow(/needs sensing matrices A/);
  });
});

describe('Gram loss at a perfect fit', () => {
  it('is zero up to rounding and never negative', () => {
    for (const model of ['empirical', 'quadratic'] as const) {
      const cfg: RunConfig = { ...DEFAULT_CONFIG, model, d: 6, k: 2, r: 2, n: 80, noise: 0 };
      const problem = generateProblem(cfg, resolveSeeds(cfg));
      const gram = createOperator(problem, 'gram', 2);
      // U* of rank 2 from M*'s top eigenpairs: the noise-free data are fitted exactly.
      const values = new EigenvalueDecomposition(toMatrix(problem.Mstar!, 6, 6), { assumeSymmetric: true });
      const order = values.realEigenvalues.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]);
      const Ustar = new Float64Array(12);
      for (let c = 0; c < 2; c++) {
        const [value, column] = order[c];
        for (let i = 0; i < 6; i++) Ustar[i * 2 + c] = Math.sqrt(value) * values.eigenvectorMatrix.get(i, column);
      }
      const grad = new Float64Array(12);
      const loss = gram.valueAndGradient(Ustar, 2, grad);
      expect(loss).toBeGreaterThanOrEqual(0);
      expect(loss).toBeLessThan(1e-12);
      expect(gram.value(Ustar, 2)).toBeGreaterThanOrEqual(0);
      expect(frobeniusNorm(grad)).toBeLessThan(1e-9);
    }
  });
});

describe('held-out loss L_test(U) = (1/n_test) Σ (⟨A_i, UUᵀ⟩ − ⟨A_i, M*⟩)²', () => {
  const d = 6;
  const r = 2;
  const k = 3;
  const Ustar = groundTruthFactor(d, Float64Array.from([1, 0.5]), 3);
  const Mstar = new Float64Array(d * d);
  outerGram(Ustar, d, r, Mstar);
  const truth = { d, r, Ustar, Mstar };
  // A U far from the truth, so that Δ = UUᵀ − M* is of order one and has a nonzero trace.
  const U = initialU(d, k, 1, 4);
  const X = new Float64Array(d * d);
  outerGram(U, d, k, X);
  const delta = X.map((x, e) => x - Mstar[e]);
  const deltaSquared = frobeniusNorm(delta) ** 2;
  let trace = 0;
  for (let a = 0; a < d; a++) trace += delta[a * d + a];

  /** Mean and standard deviation of the per-sample terms. */
  function moments(terms: Float64Array): { mean: number; sd: number } {
    let mean = 0;
    for (const t of terms) mean += t / terms.length;
    let variance = 0;
    for (const t of terms) variance += (t - mean) ** 2 / (terms.length - 1);
    return { mean, sd: Math.sqrt(variance) };
  }

  it('empirical: its expectation is ‖UUᵀ − M*‖_F² (E⟨A, Δ⟩² = ‖Δ‖_F² for Gaussian A)', () => {
    const nTest = 20_000;
    const heldOut = drawHeldOutSet('empirical', nTest, truth, 5);
    const terms = new Float64Array(nTest);
    for (let i = 0; i < nTest; i++) {
      let s = 0;
      for (let e = 0; e < d * d; e++) s += heldOut.A![i * d * d + e] * delta[e];
      terms[i] = s * s;
    }
    const { mean, sd } = moments(terms);
    const loss = createHeldOutOperator(d, heldOut)!.value(U, k);
    expect(relative(loss, mean)).toBeLessThan(1e-10);
    const tolerance = (4 * sd) / Math.sqrt(nTest);
    expect(tolerance).toBeLessThan(0.05 * deltaSquared);
    expect(Math.abs(loss - deltaSquared)).toBeLessThan(tolerance);
  });

  it('quadratic: its expectation is 2‖Δ‖_F² + (tr Δ)² (E(xᵀΔx)² for x ~ N(0, I))', () => {
    const nTest = 40_000;
    const heldOut = drawHeldOutSet('quadratic', nTest, truth, 6);
    const terms = new Float64Array(nTest);
    for (let i = 0; i < nTest; i++) {
      let s = 0;
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) s += heldOut.X![i * d + a] * delta[a * d + b] * heldOut.X![i * d + b];
      terms[i] = s * s;
    }
    const { mean, sd } = moments(terms);
    const expected = 2 * deltaSquared + trace * trace;
    expect(trace * trace).toBeGreaterThan(0.1 * deltaSquared);
    const loss = createHeldOutOperator(d, heldOut)!.value(U, k);
    expect(relative(loss, mean)).toBeLessThan(1e-10);
    const tolerance = (4 * sd) / Math.sqrt(nTest);
    expect(tolerance).toBeLessThan(0.1 * expected);
    expect(Math.abs(loss - expected)).toBeLessThan(tolerance);
  });

  it('is zero at the truth and absent without a held-out set', () => {
    const heldOut = drawHeldOutSet('empirical', 50, truth, 7);
    expect(createHeldOutOperator(d, heldOut)!.value(Ustar, r)).toBeLessThan(1e-25);
    expect(createHeldOutOperator(d, null)).toBeNull();
  });
});
