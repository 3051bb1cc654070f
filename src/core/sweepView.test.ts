import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import { JS_KERNEL } from './kernelChoice';
import { sweepFile, type SweepFileCell } from './sweepFile';
import { listGridCells, parseSweepGrid } from './sweepGrid';
import { scalingPointsOf, sweepView } from './sweepView';

const result = (kept: number) => ({
  kept, testError: 0.01 * kept, relativeTestError: null, classification: 'exact' as const, tau: 0.1, bias: 0.02,
  flippedColumns: 0, diverged: null, fineTuneDiverged: null, learnableDirections: 3, predictedBias: 0.01, kernel: JS_KERNEL,
});

function viewOf(gridInput: Record<string, unknown[]>, fail: number[] = []) {
  const parsed = parseSweepGrid(gridInput, DEFAULT_CONFIG);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const cells: SweepFileCell[] = listGridCells(parsed.grid).map((cell) => (fail.includes(cell.index) ? { ...cell, error: 'crashed' } : { ...cell, result: result(3) }));
  return sweepView(sweepFile(DEFAULT_CONFIG, parsed.grid, cells), parsed.grid);
}

describe('sweepView', () => {
  it('picks the view from the varying keys and holds the others at their first value', () => {
    expect(viewOf({ n: [400, 800], seed: [1, 2] }).kind).toBe('scaling');
    expect(viewOf({ lambda: [0.01, 0.1], beta: [0.01, 0.1] }).kind).toBe('phase');
    expect(viewOf({ lambda: [0.01, 0.1], beta: [0.01] }).kind).toBe('lambda');
    expect(viewOf({ eta: [0.01, 0.02] }).kind).toBe('table');
    const held = viewOf({ lambda: [0.01, 0.1], seed: [1, 2] });
    expect(held.note).toBe('seed held at 1 (the file varies seed too)');
    expect(held.cells.map((c) => c.config.seed)).toEqual([1, 1]);
  });

  it('turns a sweep over n into scaling points and lists failed cells apart', () => {
    const view = viewOf({ n: [400, 1600] }, [1]);
    expect(view.errors).toEqual([{ index: 1, values: { n: 1600 }, error: 'crashed' }]);
    const [point] = scalingPointsOf(view);
    expect(point).toMatchObject({ n: 400, seed: 1, kept: 3, exactRank: true, testError: 0.03, unregularizedTestError: null });
    expect(point.reference).toBeCloseTo(DEFAULT_CONFIG.noise * Math.sqrt((DEFAULT_CONFIG.r * DEFAULT_CONFIG.d) / 400), 15);
  });
});
