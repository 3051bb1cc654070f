import { describe, expect, it } from 'vitest';
import { comparisonCaption, ordinal, sharedData, type ComparisonFacts } from './comparisonText';

const base: ComparisonFacts = { model: 'empirical', n: 1200, tau: 0.0447, r: 3, k: 30, pruned: false, regularized: null, unregularized: null };

describe('comparisonCaption', () => {
  it('words the shared data from the model', () => {
    expect(sharedData('empirical', 1200)).toBe('the same n = 1\u202f200 sensing measurements');
    expect(sharedData('population', 0)).toContain('population loss');
    expect(sharedData('quadratic', 500)).toContain('network inputs');
    expect(comparisonCaption({ ...base, model: 'population', n: 0 })[0]).not.toContain('measurements');
  });

  it('makes no numeric claim before there are numbers', () => {
    const caption = comparisonCaption(base);
    expect(caption).toHaveLength(2);
    expect(caption[1]).toBe('Without the penalty the column norms spread out, so no threshold cleanly isolates r columns.');
  });

  it('quotes the norm gap and the test error of keeping the r largest columns from state', () => {
    const caption = comparisonCaption({
      ...base,
      pruned: true,
      regularized: { rankGap: 1.2e14, testErrorBeforePruning: 0.0312, testErrorLargestColumns: 0.0309, testErrorAfterFineTune: null },
      unregularized: { rankGap: 1.06, testErrorBeforePruning: 0.038, testErrorLargestColumns: 1.52, testErrorAfterFineTune: null },
    });
    expect(caption[1]).toBe(
      'Without the penalty no threshold separates r = 3 columns with a clear gap: the 3rd and 4th largest column norms differ by only 1.06×, against > 10⁶× with it.',
    );
    expect(caption[2]).toBe(
      'Keeping only the 3 largest columns at the moment of pruning leaves a test error of 0.0309 with the penalty (0.0312 before pruning) and 1.52 without it (0.038 before pruning): pruning to r columns makes the unregularized model 40 times worse.',
    );
  });

  it('does not claim destruction the numbers do not show', () => {
    const caption = comparisonCaption({
      ...base,
      regularized: { rankGap: 50, testErrorBeforePruning: 0.03, testErrorLargestColumns: 0.03, testErrorAfterFineTune: null },
      unregularized: { rankGap: 40, testErrorBeforePruning: 0.03, testErrorLargestColumns: 0.04, testErrorAfterFineTune: null },
    });
    expect(caption[1]).toBe('Without the penalty the 3rd and 4th largest column norms differ by 40×, against 50× with it.');
    expect(caption[2]).not.toContain('worse');
    expect(caption[2]).toContain('columns now');
  });

  it('claims nothing about the unregularized model getting worse when the penalty left the regularized one no better (too much regularization)', () => {
    const caption = comparisonCaption({
      ...base,
      pruned: true,
      regularized: { rankGap: null, testErrorBeforePruning: 1.35, testErrorLargestColumns: 1.35, testErrorAfterFineTune: null },
      unregularized: { rankGap: 1.1, testErrorBeforePruning: 0.05, testErrorLargestColumns: 1.3, testErrorAfterFineTune: null },
    });
    expect(caption.join(' ')).not.toContain('times worse');
    expect(caption[2]).toContain('the penalty does not help here');
  });

  it('follows the fine-tuned numbers: alike when both end alike, otherwise which run ends lower', () => {
    const lane = (afterFineTune: number) => ({ rankGap: 1.1, testErrorBeforePruning: 0.05, testErrorLargestColumns: 0.05, testErrorAfterFineTune: afterFineTune });
    const alike = comparisonCaption({ ...base, pruned: true, regularized: lane(0.0259), unregularized: lane(0.0259) });
    expect(alike.at(-1)).toBe('After fine-tuning both runs end at a similar test error (0.0259 with the penalty and 0.0259 without it).');
    expect(alike.join(' ')).not.toContain('times worse');
    const better = comparisonCaption({ ...base, pruned: true, regularized: lane(0.01), unregularized: lane(0.5) });
    expect(better.at(-1)).toBe('After fine-tuning the test error is 0.01 with the penalty and 0.5 without it: the regularized run ends 50 times lower.');
  });

  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st']);
  });
});
