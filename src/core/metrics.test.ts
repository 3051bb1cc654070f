import { describe, expect, it } from 'vitest';
import {
  FIGURE1_BINS,
  countAbove,
  countAboveFromSquared,
  eigenvaluesOfUUt,
  fitLinearRate,
  fractionAtLeast,
  fractionCurve,
  fractionGrid,
  fractionSteps,
  histogram,
  lossGapSeries,
  normHistograms,
  phaseOneSettling,
  testError,
} from './metrics';
import { initialU } from './problem';

describe('histogram and fraction curve', () => {
  it('histogram: fixed bins over [0, max] by default, the max in the last bin', () => {
    const h = histogram([0, 0.1, 0.5, 0.99, 1], 4);
    expect(h).toMatchObject({ min: 0, max: 1, binWidth: 0.25, counts: [2, 0, 1, 2], below: 0, above: 0 });
  });

  it('histogram: an explicit range counts what falls outside instead of dropping it', () => {
    const h = histogram([-1, 0.2, 0.3, 2, 5], 2, { min: 0, max: 1 });
    expect(h.counts).toEqual([2, 0]);
    expect(h.below).toBe(1);
    expect(h.above).toBe(2);
    expect(histogram([0, 0, 0], 3).counts).toEqual([3, 0, 0]);
    expect(() => histogram([1], 0)).toThrow(/whole number of bins/);
  });

  it('fraction curve F(x) = #{‖u_i‖ ≥ x·max}/k', () => {
    const norms = [1, 0.5, 0.25, 0];
    expect(fractionCurve(norms, [0, 0.25, 0.5, 0.51, 1])).toEqual([1, 0.75, 0.5, 0.25, 0.25]);
    expect(fractionCurve([0, 0], [0.5])).toEqual([1]);
    expect(fractionGrid(5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(countAbove(norms, 0.25)).toBe(3);
  });
});

describe('Figure 1 statistics shared by the lab and the CLI', () => {
  it('a NaN norm (a diverged model) is counted apart, never in a bin', () => {
    const h = histogram([0.25, Number.NaN, 1], 2);
    expect(h.counts).toEqual([1, 1]);
    expect(h.notANumber).toBe(1);
    expect(histogram([1, Number.POSITIVE_INFINITY], 2, { min: 0, max: 1 }).above).toBe(1);
  });

  it('several sets share one range [0, max(largest norm, τ)] and FIGURE1_BINS bins', () => {
    const [a, b] = normHistograms([[0.1, 0.2], [0.3, Number.NaN]], 0.6);
    expect(a.counts).toHaveLength(FIGURE1_BINS);
    expect([a.min, a.max, b.max]).toEqual([0, 0.6, 0.6]);
    expect(b.counts.reduce((x, y) => x + y, 0)).toBe(1);
    expect(normHistograms([[2, 4]], 1)[0].max).toBe(4);
    expect(normHistograms([[0, 0]])[0].max).toBe(1);
  });

  it('F(x) at one point and as exact steps agree with the sampled curve', () => {
    const norms = [4, 2, 1, 0, Number.NaN];
    const xs = fractionGrid(41);
    const { breaks, k } = fractionSteps(norms);
    expect(Array.from(breaks)).toEqual([0, 0.25, 0.5, 1]);
    const fromSteps = (x: number) => (breaks.filter((b) => b >= x).length) / k;
    expect(xs.map(fromSteps)).toEqual(fractionCurve(norms, xs));
    expect(xs.map((x) => fractionAtLeast(norms, x))).toEqual(fractionCurve(norms, xs));
    expect(fractionAtLeast([0, 0, 0], 0.5)).toBe(1);
    expect(Array.from(fractionSteps([0, 0]).breaks)).toEqual([1, 1]);
    expect(fractionAtLeast([], 0.5)).toBe(0);
  });

  it('above τ on squared norms compares √s ≥ τ, exactly as pruning compares norms', () => {
    const tau = Math.sqrt(2);
    expect(tau * tau > 2).toBe(true);
    expect(countAboveFromSquared([2, 1, 3], tau)).toBe(countAbove([Math.sqrt(2), 1, Math.sqrt(3)], tau));
    expect(countAboveFromSquared([2, 1, 3], tau)).toBe(2);
    expect(countAboveFromSquared([2, 1, 3], tau, 1)).toBe(1);
  });
});

describe('phaseOneSettling', () => {
  const history = (counts: number[]) => counts.map((aboveTau, i) => ({ step: 50 * i, aboveTau }));
  it('is settled when the count above τ held still over the last half, seen often enough', () => {
    expect(phaseOneSettling(history([30, 12, 5, 4, 4, 4, 4])).settled).toBe(true);
    const moving = phaseOneSettling(history([30, 20, 16, 16, 12]), { step: 250, aboveTau: 9 });
    expect(moving).toMatchObject({ settled: false, fromCount: 16, toCount: 9, fromStep: 150, toStep: 250, records: 3 });
  });
  it('is not settled with too few records to tell, or none', () => {
    expect(phaseOneSettling(history([30, 16, 16])).settled).toBe(false);
    expect(phaseOneSettling([{ step: 0, loss: 1 } as { step: number }]).settled).toBe(false);
  });
});

describe('test error and eigenvalues', () => {
  it('‖UUᵀ − M*‖_F without forming UUᵀ matches the explicit product', () => {
    const d = 6;
    const k = 4;
    const U = initialU(d, k, 2, 3);
    const M = initialU(d, d, 1, 4);
    let sum = 0;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let g = 0;
        for (let c = 0; c < k; c++) g += U[i * k + c] * U[j * k + c];
        sum += (g - M[i * d + j]) ** 2;
      }
    }
    expect(testError(U, d, k, M)).toBeCloseTo(Math.sqrt(sum), 12);
  });

  it('eigenvalues of UUᵀ via the smaller Gram matrix, decreasing', () => {
    // Orthogonal columns with norms 3, 2 (d = 3, k = 2): UUᵀ has eigenvalues 9, 4 (and 0).
    const tall = new Float64Array([3, 0, 0, 2, 0, 0]);
    const eig = eigenvaluesOfUUt(tall, 3, 2);
    expect(eig).toHaveLength(2);
    expect(eig[0]).toBeCloseTo(9, 12);
    expect(eig[1]).toBeCloseTo(4, 12);
    // k ≥ d: the d×d product; trace equals ‖U‖_F².
    const wide = initialU(3, 5, 1, 9);
    const all = eigenvaluesOfUUt(wide, 3, 5);
    expect(all).toHaveLength(3);
    expect(all[0]).toBeGreaterThanOrEqual(all[1]);
    expect(all.reduce((a, b) => a + b, 0)).toBeCloseTo(wide.reduce((a, b) => a + b * b, 0), 12);
  });
});

describe('fitLinearRate', () => {
  it('recovers ρ and C of an exact geometric decay', () => {
    const steps = Array.from({ length: 30 }, (_, i) => 10 * i);
    const fit = fitLinearRate(steps, steps.map((t) => 3 * 0.9 ** t))!;
    expect(fit.rho).toBeCloseTo(0.9, 12);
    expect(fit.C).toBeCloseTo(3, 9);
    expect(fit.r2).toBeCloseTo(1, 12);
  });

  it('skips the transient after pruning and the floor at rounding level', () => {
    const steps = Array.from({ length: 60 }, (_, i) => 10 * i);
    // Fast drop for 3 points, then ρ = 0.95 per step, then flat at 1e-16 rounding noise.
    const errors = steps.map((t, i) => (i < 3 ? 50 * 0.5 ** i : Math.max(2 * 0.95 ** t, 1e-16 * (1 + 0.3 * Math.sin(i)))));
    const fit = fitLinearRate(steps, errors)!;
    expect(fit.rho).toBeCloseTo(0.95, 6);
    expect(fit.fittedFrom).toBeGreaterThanOrEqual(30);
    expect(fit.fittedTo).toBeLessThan(Math.log(1e-16 / 2) / Math.log(0.95));
    expect(fit.r2).toBeGreaterThan(0.999);
  });

  it('needs three usable points', () => {
    expect(fitLinearRate([0, 1], [1, 0.5])).toBeNull();
    expect(fitLinearRate([0, 1, 2, 3], [1, 0, NaN, 0.1])).toBeNull();
  });
});

describe('lossGapSeries', () => {
  it('estimates L_∞ by the lowest loss and drops the points at its rounding level', () => {
    const history = Array.from({ length: 12 }, (_, i) => ({ step: 20 * i, loss: 0.5 + 0.8 ** (20 * i), gradNorm: 0.9 ** (20 * i) }));
    const series = lossGapSeries(history);
    expect(series.limit).toBe(history[11].loss);
    expect(series.steps[0]).toBe(0);
    expect(series.steps).not.toContain(220);
    expect(series.converged).toBe(true);
    const fit = fitLinearRate(series.steps, series.gaps)!;
    expect(fit.rho).toBeCloseTo(0.8, 3);
    expect(lossGapSeries(history.slice(0, 3)).converged).toBe(false);
  });
});
