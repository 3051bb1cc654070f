import { describe, expect, it } from 'vitest';
import { columnStats, commonTauForRank, formatGap, phaseOneColumns } from './columnStats';

describe('columnStats', () => {
  it('measures the gap a threshold has to fall into to keep r columns', () => {
    const stats = columnStats([1, 1e-6, 0.5, 2e-6, 0.8], 3, 0.1);
    expect(stats.aboveTau).toBe(3);
    expect(stats.fractionAboveHalfMax).toBeCloseTo(3 / 5);
    expect(stats.rankGap).toBeCloseTo(0.5 / 2e-6);
    expect(stats.tauForRank).toBeCloseTo(Math.sqrt(0.5 * 2e-6));
    expect(stats.rthLargest).toBe(0.5);
  });

  it('has no gap when there are no more than r columns', () => {
    const stats = columnStats([1, 0.5], 3, 0.1);
    expect(stats.rankGap).toBeNull();
    expect(stats.tauForRank).toBeNull();
  });
});

describe('commonTauForRank', () => {
  it('finds a τ that keeps exactly r columns in both lanes', () => {
    const regularized = [1, 0.9, 0.7, 1e-6, 1e-7];
    const unregularized = [0.5, 0.45, 0.4, 0.35, 0.3];
    const tau = commonTauForRank([regularized, unregularized], 3);
    expect(tau).not.toBeNull();
    for (const norms of [regularized, unregularized]) expect(norms.filter((n) => n >= (tau ?? 0)).length).toBe(3);
  });

  it('returns null when the gaps do not overlap', () => {
    expect(commonTauForRank([[1, 0.9, 0.1, 0.05], [5, 4, 3, 2]], 2)).toBeNull();
  });
});

describe('formatGap', () => {
  it('prints a narrow gap as a factor and a clean one as "> 10⁶×"', () => {
    expect(formatGap(1.0612)).toBe('1.06×');
    expect(formatGap(1.17e14)).toBe('> 10⁶×');
    expect(formatGap(null)).toBe('—');
  });
});

describe('phaseOneColumns', () => {
  it('uses the current columns while training and the state at pruning afterwards', () => {
    const current = new Float64Array([1, 0.5]);
    const atPruning = { columnNorms: new Float64Array([1, 0.5, 0.01]), tau: 0.2 };
    expect(phaseOneColumns({ phase: 'train', columnNorms: current, atPruning: null }, 0.3)).toEqual({ norms: current, tau: 0.3 });
    expect(phaseOneColumns({ phase: 'finetune', columnNorms: current, atPruning }, 0.3)).toEqual({ norms: atPruning.columnNorms, tau: 0.2 });
    expect(phaseOneColumns({ phase: 'finetune', columnNorms: current, atPruning: null }, 0.3)).toBeNull();
  });
});
