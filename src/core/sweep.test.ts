import { describe, expect, it } from 'vitest';
import {
  classifyRun,
  countFlippedColumns,
  coverageOrder,
  gridFromRanges,
  logSpace,
  runCell,
  sigmaStarList,
  sweepBaseConfig,
  stabilityBoundaryLambda,
  sweepCsv,
  sweepGrid,
  theoryAgreement,
  theoryGridRanges,
  theoryLambdaRange,
  validateRange,
  type CellCache,
  type CellResult,
} from './sweep';
import { learnabilityBound, predictedBias, stabilityBound } from './theory';
import type { RunConfig } from './config';
import { JS_KERNEL } from './kernelChoice';

const TAU = 0.1;
const norms = (...values: number[]): Float64Array => Float64Array.from(values);
const stable = { tau: TAU, diverged: false, flippedColumns: 0 };
const runCellShape: CellResult = {
  lambda: 0.1, beta: 0.01, classification: 'exact', tau: TAU, aboveTau: 3, flippedColumns: 0, diverged: null, bias: 0.01,
  testErrorAfterFineTune: 0, relativeTestErrorAfterFineTune: 0, fineTuneDiverged: null, learnableDirections: 3, predictedBias: 0.01, kernel: JS_KERNEL,
};

describe('classifyRun', () => {
  it('calls a run with every norm ≈ 0 stuck', () => {
    expect(classifyRun({ ...stable, columnNorms: norms(1e-9, 0, 2e-12, 0) }, 2)).toBe('stuck');
  });
  it('calls a run with fewer than r columns above τ stuck', () => {
    expect(classifyRun({ ...stable, columnNorms: norms(0.9, 0.01, 0.02, 0) }, 2)).toBe('stuck');
  });
  it('calls exactly r columns above τ exact, counting a norm equal to τ as above', () => {
    expect(classifyRun({ ...stable, columnNorms: norms(0.9, TAU, 0.01, 0) }, 2)).toBe('exact');
  });
  it('calls more than r columns above τ extra', () => {
    expect(classifyRun({ ...stable, columnNorms: norms(0.9, 0.5, 0.2, 0.01) }, 2)).toBe('extra');
  });
  it('calls a diverged run unstable whatever its norms', () => {
    expect(classifyRun({ ...stable, diverged: true, columnNorms: norms(0.9, 0.5, 0, 0) }, 2)).toBe('unstable');
  });
  it('calls a run with a non-finite norm unstable', () => {
    expect(classifyRun({ ...stable, columnNorms: norms(0.9, Number.NaN, 0, 0) }, 2)).toBe('unstable');
    expect(classifyRun({ ...stable, columnNorms: norms(Infinity, 0.5, 0, 0) }, 2)).toBe('unstable');
  });
  it('calls a run whose columns flip sign unstable even with exactly r above τ', () => {
    expect(classifyRun({ ...stable, flippedColumns: 3, columnNorms: norms(0.9, 0.5, 0.01, 0) }, 2)).toBe('unstable');
  });
});

describe('countFlippedColumns', () => {
  // d = 2, k = 3, row-major: column c is (M[c], M[3 + c]).
  const before = Float64Array.from([1, 0.5, 1e-6, 0, 0.5, 0]);
  it('counts columns whose direction reversed and that carry weight', () => {
    const after = Float64Array.from([-1, 0.4, -1e-6, 0, 0.5, 0]);
    expect(countFlippedColumns(before, after, 2, 3, 1e-3)).toBe(1);
  });
  it('ignores flips of columns below the floor and columns that only shrink', () => {
    const after = Float64Array.from([0.5, 0.1, -1e-6, 0, 0.1, 0]);
    expect(countFlippedColumns(before, after, 2, 3, 1e-3)).toBe(0);
    expect(countFlippedColumns(before, Float64Array.from([1, 0.5, -1e-6, 0, 0.5, 0]), 2, 3, 1e-9)).toBe(1);
  });
});

describe('grids', () => {
  it('log-spaces values between the endpoints with a constant ratio', () => {
    const values = logSpace(1e-3, 1, 4);
    expect(values[0]).toBe(1e-3);
    expect(values[3]).toBe(1);
    expect(values[1]).toBeCloseTo(1e-2, 12);
    expect(values[2] / values[1]).toBeCloseTo(values[1] / values[0], 12);
  });

  it('numbers cells row by row, rows along β and columns along λ', () => {
    const grid = sweepGrid([0.1, 0.2, 0.3], [0.01, 0.02]);
    expect(grid.cells).toHaveLength(6);
    expect(grid.cells[4]).toEqual({ index: 4, row: 1, col: 1, lambda: 0.2, beta: 0.02 });
    expect(grid.cells.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('centres the default grid on the learnability boundary of every direction', () => {
    const sigma = [1, 0.75, 0.5];
    const ranges = theoryGridRanges(sigma, 'B');
    const grid = gridFromRanges(ranges);
    expect(grid.cells).toHaveLength(64);
    // τ = √(2β) stays below the smallest learned norm √σ*_r at the largest β.
    expect(Math.sqrt(2 * ranges.beta.max)).toBeLessThan(Math.sqrt(0.5));
    // Every direction's boundary λ = 2σ√β lies strictly inside the λ range at every β of the grid.
    for (const beta of grid.betas) {
      for (const s of sigma) {
        const bound = learnabilityBound(s, beta, 'B');
        expect(bound).toBeGreaterThan(ranges.lambda.min);
        expect(bound).toBeLessThan(ranges.lambda.max);
      }
    }
    // Form A's boundary is twice form B's, and so is its range.
    expect(theoryGridRanges(sigma, 'A').lambda.max / ranges.lambda.max).toBeCloseTo(2, 2);
  });

  it('rounds grid values to three significant digits so a cell reloads exactly as shown', () => {
    const grid = gridFromRanges({ lambda: { min: 0.0025, max: 2.53, count: 8 }, beta: { min: 1e-4, max: 0.1, count: 8 } });
    expect(grid.lambdas[1]).toBe(0.00672); // 0.0025 · (2.53 / 0.0025)^(1/7) = 0.006718…
    expect(grid.betas[7]).toBe(0.1);
    for (const value of [...grid.lambdas, ...grid.betas]) expect(Number(value.toPrecision(3))).toBe(value);
  });

  it('spans the 1-D λ range across all boundaries at the given β', () => {
    const range = theoryLambdaRange([1, 0.5], 0.01, 'B');
    expect(range.min).toBeLessThan(learnabilityBound(0.5, 0.01, 'B') / 10);
    expect(range.max).toBeGreaterThan(learnabilityBound(1, 0.01, 'B'));
  });

  it('orders cells coarse to fine without losing or repeating any', () => {
    const grid = sweepGrid(logSpace(0.01, 1, 8), logSpace(1e-4, 1e-1, 8));
    const ordered = coverageOrder(grid.cells);
    expect(ordered.map((c) => c.index).sort((a, b) => a - b)).toEqual(grid.cells.map((c) => c.index));
    expect(ordered.slice(0, 4).map((c) => [c.row, c.col])).toEqual([[0, 0], [0, 4], [4, 0], [4, 4]]);
    const firstFine = ordered.findIndex((c) => c.row % 2 === 1 || c.col % 2 === 1);
    expect(firstFine).toBe(16);
  });
});

describe('theory lines of the diagram', () => {
  it('puts the stability boundary where theory.stabilityBound equals η (form B: λ = √β/η)', () => {
    const lambda = stabilityBoundaryLambda(0.01, 0.05, 'B');
    expect(lambda).toBeCloseTo(0.1 / 0.05, 12);
    expect(stabilityBound(lambda, 0.01, null, 'B')).toBeCloseTo(0.05, 12);
    expect(stabilityBound(stabilityBoundaryLambda(0.01, 0.05, 'A'), 0.01, null, 'A')).toBeCloseTo(0.05, 12);
  });

  it('counts stable cells whose stuck / learned outcome matches the learnability rule', () => {
    const cell = (classification: CellResult['classification'], learnable: number): CellResult => ({
      ...runCellShape, classification, learnableDirections: learnable,
    });
    const agreement = theoryAgreement([cell('exact', 3), cell('stuck', 1), cell('stuck', 3), cell('extra', 2), cell('unstable', 0)], 3);
    expect(agreement).toEqual({ compared: 4, agreeing: 2 });
  });
});

describe('export', () => {
  it('writes one CSV row per cell with full-precision numbers and empty nulls', () => {
    const csv = sweepCsv([
      { ...runCellShape, lambda: 0.1 / 3 },
      { ...runCellShape, classification: 'unstable', bias: null, testErrorAfterFineTune: null, diverged: { step: 12, reason: 'NaN', suggestedEta: 0.01 } },
    ]);
    const lines = csv.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const header = lines[0].split(',');
    expect(header.slice(0, 3)).toEqual(['lambda', 'beta', 'classification']);
    const first = lines[1].split(',');
    expect(Number(first[0])).toBe(0.1 / 3);
    const second = Object.fromEntries(header.map((name, i) => [name, lines[2].split(',')[i]]));
    expect(second).toMatchObject({ classification: 'unstable', bias: '', test_error_after_finetune: '', diverged_at_step: '12' });
  });
});

describe('validateRange', () => {
  it('accepts a valid range', () => {
    expect(validateRange('lambda', { min: 0.001, max: 1, count: 8 })).toEqual([]);
  });
  it('refuses λ = 0 on the log axis, reversed ends, and bad counts, saying what to change', () => {
    expect(validateRange('lambda', { min: 0, max: 1, count: 8 })[0]).toMatch(/greater than 0/);
    expect(validateRange('beta', { min: 0.1, max: 0.01, count: 8 })[0]).toMatch(/min \(0\.1\) must be below max/);
    expect(validateRange('beta', { min: 0.01, max: 0.1, count: 1 })[0]).toMatch(/from 2 to 16/);
    expect(validateRange('beta', { min: 0.01, max: 0.1, count: 2.5 })).toHaveLength(1);
  });
  it('applies the schema limits of the field', () => {
    expect(validateRange('beta', { min: 0.01, max: 500, count: 4 })[0]).toMatch(/^beta max: beta must be/);
  });
});

describe('runCell on a tiny population problem', () => {
  // d = k = 12, r = 2, σ* = (1, 0.5): the boundaries at β = 0.01 are λ = 0.1 (σ*_2) and 0.2 (σ*_1).
  const tiny: RunConfig = { ...sweepBaseConfig(), d: 12, k: 12, r: 2, steps: 1500, fineTuneSteps: 100 };
  const beta = 0.01;
  const weakest = learnabilityBound(sigmaStarList(tiny)[1], beta, 'B');

  it('keeps exactly r columns far below the boundary, with the predicted bias', () => {
    const lambda = weakest / 4;
    const result = runCell(tiny, lambda, beta);
    expect(result.classification).toBe('exact');
    expect(result.aboveTau).toBe(2);
    expect(result.learnableDirections).toBe(2);
    expect(result.bias).not.toBeNull();
    expect(result.bias as number).toBeCloseTo(predictedBias(lambda, [1, 0.5]), 2);
    expect(result.testErrorAfterFineTune as number).toBeLessThan(1e-6);
  });

  it('is stuck at 0 far above the boundary, and fine-tuning nothing leaves ‖M*‖_F', () => {
    const result = runCell(tiny, weakest * 10, beta);
    expect(result.classification).toBe('stuck');
    expect(result.aboveTau).toBe(0);
    expect(result.learnableDirections).toBe(0);
    expect(result.testErrorAfterFineTune).toBeCloseTo(Math.sqrt(1 + 0.25), 12);
  });

  it('calls a huge step size unstable and reports the divergence', () => {
    const result = runCell({ ...tiny, eta: 5 }, weakest / 4, beta);
    expect(result.classification).toBe('unstable');
    expect(result.diverged?.reason).toMatch(/η₁/);
    expect(result.bias).toBeNull();
  });

  it('calls the endless oscillation past the stability bound √β/λ unstable', () => {
    const smallBeta = 1e-4;
    const lambda = (3 * Math.sqrt(smallBeta)) / tiny.eta;
    const result = runCell(tiny, lambda, smallBeta);
    expect(result.diverged).toBeNull();
    expect(result.flippedColumns).toBeGreaterThan(0);
    expect(result.classification).toBe('unstable');
  });

  it('gives the same numbers with a problem cache, reusing the problem only while it is the same', () => {
    const empirical: RunConfig = { ...tiny, model: 'empirical', n: 200, steps: 300, fineTuneSteps: 20 };
    const cache: { current: CellCache | null } = { current: null };
    const first = runCell(empirical, 0.02, beta, cache);
    const cached = cache.current;
    expect(cached?.problem.n).toBe(200);
    const second = runCell(empirical, 0.03, beta, cache);
    expect(cache.current).toBe(cached);
    expect(first).toEqual(runCell(empirical, 0.02, beta));
    expect(second).toEqual(runCell(empirical, 0.03, beta));
    runCell({ ...empirical, seed: 2 }, 0.02, beta, cache);
    expect(cache.current).not.toBe(cached);
  });

  it('refuses an invalid cell with the schema message', () => {
    expect(() => runCell(tiny, -1, beta)).toThrow(/lambda must be/);
  });
});
