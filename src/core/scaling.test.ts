import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import { JS_KERNEL } from './kernelChoice';
import { studentTQuantile } from './regression';
import { logGridN, scalingCells, scalingCsv, scalingFigure, summarizeScaling, validateScalingGrid, type ScalingPoint } from './scaling';

/** Points on exact power laws error = c·n^slope per seed, with the unpruned series missing at one n. */
function syntheticPoints(slopes: number[]): ScalingPoint[] {
  const ns = [100, 400, 1600];
  return slopes.flatMap((slope, seed) =>
    ns.map((n) => ({
      n,
      seed,
      kept: n === 100 && seed === 0 ? 4 : 3,
      exactRank: !(n === 100 && seed === 0),
      testError: 2 * n ** slope,
      unregularizedKept: 20,
      unregularizedTestError: 3 * n ** -0.3,
      unprunedTestError: n === 100 ? null : n ** -0.2,
      reference: 0.1 * Math.sqrt(90 / n),
      kernel: JS_KERNEL,
    })),
  );
}

describe('scaling summary', () => {
  it('fits each seed on log-log axes and gives the t interval of the slopes', () => {
    const slopes = [-0.45, -0.5, -0.58];
    const summary = summarizeScaling(syntheticPoints(slopes));
    expect(summary.slopes.testError.perSeed.map((s) => s.slope)).toEqual(slopes.map((s) => expect.closeTo(s, 12)));
    const mean = slopes.reduce((a, b) => a + b) / 3;
    const sd = Math.sqrt(slopes.reduce((a, s) => a + (s - mean) ** 2, 0) / 2);
    expect(summary.slope).toBeCloseTo(mean, 12);
    expect(summary.slopes.testError.interval?.high).toBeCloseTo(mean + (studentTQuantile(0.975, 2) * sd) / Math.sqrt(3), 12);
    expect(summary.slopes.unregularizedTestError.interval?.mean).toBeCloseTo(-0.3, 12);
    expect(summary.slopes.unprunedTestError.interval?.mean).toBeCloseTo(-0.2, 12);
    expect(summary.rows.map((r) => r.exactRankRate)).toEqual([2 / 3, 1, 1]);
    expect(summary.rows[0].geometricMean.unprunedTestError).toBeNull();
  });

  it('builds the figure every renderer draws, and the CSV', () => {
    const points = syntheticPoints([-0.5, -0.5]);
    const figure = scalingFigure(points);
    expect(figure.series.map((s) => s.id)).toEqual(['testError', 'unregularizedTestError', 'unprunedTestError', 'reference']);
    expect(figure.series[2].x).toEqual([400, 1600]);
    expect(figure.series[0].points).toHaveLength(6);
    expect(figure.exactRankText).toBe('exact r recovered: n = 100: 1/2, n = 400: 2/2, n = 1600: 2/2');
    expect(figure.notes[0]).toMatch(/slope -0\.5, 95% CI \[-0\.5, -0\.5\]/);
    const csv = scalingCsv(points).trim().split('\n');
    expect(csv).toHaveLength(7);
    expect(csv[1]).toBe(`100,0,4,false,${2 * 100 ** -0.5},20,${3 * 100 ** -0.3},,${0.1 * Math.sqrt(0.9)}`);
  });

  it('lays out the grid and checks it against the schema', () => {
    expect(logGridN(400, 3200, 4)).toEqual([400, 800, 1600, 3200]);
    expect(scalingCells([1, 2], [7, 8]).map((c) => [c.index, c.n, c.seed])).toEqual([[0, 1, 7], [1, 2, 7], [2, 1, 8], [3, 2, 8]]);
    expect(validateScalingGrid(DEFAULT_CONFIG, [400], 2)).toEqual(['give at least two values of n to fit a slope (got 1)']);
    expect(validateScalingGrid(DEFAULT_CONFIG, [400, 10_000_000], 0).join(' ')).toMatch(/seeds must be a whole number ≥ 1 .* n = 10000000: .*exceeds the 1\.0 GiB budget/);
  });
});
