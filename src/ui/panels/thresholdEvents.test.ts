import { describe, expect, it } from 'vitest';
import { formatCount } from '../format';
import { rankSummary, thresholdEventText } from './thresholdEvents';

describe('thresholdEventText', () => {
  it('reads each event out with the step formatted as the readouts format counts', () => {
    expect(thresholdEventText({ kind: 'crossed', column: 7, direction: 'down', step: 1830 })).toBe(`column 7 fell below τ at step ${formatCount(1830)}`);
    expect(thresholdEventText({ kind: 'crossed', column: 0, direction: 'up', step: 12 })).toBe('column 0 rose above τ at step 12');
    expect(thresholdEventText({ kind: 'reachedRank', r: 3, step: 2314 })).toBe(`exactly r = 3 columns above τ for the first time at step ${formatCount(2314)}`);
  });
});

describe('rankSummary', () => {
  // The default run: 3 columns above τ at step 99 on the way up, 17 later, back to 3 at step 2 308.
  const events = [
    { kind: 'crossed', column: 4, direction: 'up', step: 99 },
    { kind: 'reachedRank', r: 3, step: 99 },
    { kind: 'crossed', column: 9, direction: 'up', step: 100 },
    { kind: 'crossed', column: 9, direction: 'down', step: 2308 },
  ] as const;

  it('says since when exactly r stand above τ only while they do, from the last crossing', () => {
    expect(rankSummary(events, 3)).toBe(`exactly r above τ since step ${formatCount(2308)}`);
    expect(rankSummary(events.slice(0, 2), 3)).toBe('exactly r above τ since step 99');
  });

  it('says the count passed through r and where it is now when it moved on, and nothing before it reached r', () => {
    expect(rankSummary(events.slice(0, 3), 4)).toBe('exactly r above τ first at step 99, now 4');
    expect(rankSummary(events.slice(0, 1), 1)).toBeNull();
  });
});
