import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../core/config';
import { REFERENCE_DIAGRAM, sweepBaseConfig, type CellResult } from '../../core/sweep';
import { fakeCellResult } from '../../worker/fakeSweepWorker';
import { formatNumber } from '../format';
import { cellDetail, classCounts, describeProblem, formatDuration, progressText, resultsSummary, scaleNote } from './sweepText';

const cell = { index: 0, row: 0, col: 0, lambda: 0.05, beta: 0.01 };
const result = (patch: Partial<CellResult>): CellResult => fakeCellResult(cell, patch);

describe('sweep text', () => {
  it('formats durations in seconds, then minutes', () => {
    expect(formatDuration(2440)).toBe('2.4 s');
    expect(formatDuration(14_600)).toBe('15 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
  });

  it('describes the problem with the values in the config', () => {
    const text = describeProblem(sweepBaseConfig());
    expect(text).toBe(
      'population loss, d = 40, k = 40, r = 4, σ* = (1, 0.833, 0.667, 0.5), form B, α = 0.001, η₁ = 0.05 for 3000 steps, ' +
        'pruned at τ = √(2β) [derived], fine-tuned 300 steps at η₂ = 0.05',
    );
    expect(describeProblem({ ...DEFAULT_CONFIG, tau: 0.2 })).toMatch(/^empirical sensing, n = 1200, noise σ = 0.1, d = 30.*pruned at τ = 0.2,/);
  });

  it('notes a population diagram smaller than math.md’s reference, and only then', () => {
    expect(scaleNote(sweepBaseConfig())).toContain('these cells use d = 40, k = 40 and 3000 steps');
    expect(scaleNote({ ...sweepBaseConfig(), ...REFERENCE_DIAGRAM })).toBeNull();
    expect(scaleNote(DEFAULT_CONFIG)).toBeNull();
  });

  it('reports progress, completion, cancellation and supersession', () => {
    const progress = { done: 10, failed: 2, total: 64, elapsedMs: 6000, etaMs: 26_000 };
    expect(progressText(progress, 'running', 2)).toBe('12 of 64 cells (2 failed) · 6.0 s on 2 workers · about 26 s left');
    expect(progressText({ ...progress, done: 62 }, 'done', 2)).toBe('Finished 64 cells (2 failed) in 6.0 s on 2 workers.');
    expect(progressText(progress, 'cancelled', 1)).toBe('Cancelled after 12 of 64 cells (2 failed) (6.0 s); the finished cells stay.');
    expect(progressText(progress, 'superseded', 1)).toMatch(/because another sweep started/);
    expect(progressText(null, 'running', 2)).toBe('Starting the workers…');
  });

  it('counts classes and scores the learnability rule on stable cells', () => {
    const results = [
      result({ classification: 'exact', learnableDirections: 4 }),
      result({ classification: 'stuck', learnableDirections: 2 }),
      result({ classification: 'stuck', learnableDirections: 4 }),
      result({ classification: 'unstable', learnableDirections: 0 }),
    ];
    expect(classCounts(results)).toEqual({ stuck: 2, exact: 1, extra: 0, unstable: 1 });
    expect(resultsSummary(results, 4)).toBe(
      'stuck at 0 (fewer than r columns): 2; exactly r columns: 1; unstable (η too large): 1. ' +
        'The learnability rule λ < c·σ*ⱼ·√β [derived] called stuck vs learned correctly in 2 of 3 stable cells.',
    );
    expect(resultsSummary([], 4)).toBe('');
  });

  it('describes a cell for the hover readout', () => {
    expect(cellDetail(result({ aboveTau: 4, tau: 0.141, bias: 0.03, testErrorAfterFineTune: 5e-16 }))).toBe(
      `4 columns above τ = 0.141, bias 0.03, error after fine-tune ${formatNumber(5e-16)}`,
    );
    expect(cellDetail(result({ flippedColumns: 40, aboveTau: 1 }))).toContain('1 column above τ');
    expect(cellDetail(result({ flippedColumns: 40 }))).toContain('40 flipping sign every step');
    expect(cellDetail(result({ diverged: { step: 12, reason: 'became NaN', suggestedEta: 0.02 } }))).toBe('diverged at step 12; try η₁ ≤ 0.02');
  });
});
