import { describe, expect, it } from 'vitest';
import { formatCount } from '../format';
import { thresholdEventText } from './thresholdEvents';

describe('thresholdEventText', () => {
  it('reads each event out with the step formatted as the readouts format counts', () => {
    expect(thresholdEventText({ kind: 'crossed', column: 7, direction: 'down', step: 1830 })).toBe(`column 7 fell below τ at step ${formatCount(1830)}`);
    expect(thresholdEventText({ kind: 'crossed', column: 0, direction: 'up', step: 12 })).toBe('column 0 rose above τ at step 12');
    expect(thresholdEventText({ kind: 'reachedRank', r: 3, step: 2314 })).toBe(`exactly r = 3 columns above τ for the first time at step ${formatCount(2314)}`);
  });
});
