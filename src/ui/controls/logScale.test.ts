import { describe, expect, it } from 'vitest';
import { logChoices, nearestChoice } from './logScale';

describe('logChoices', () => {
  it('lists 1-2-5 values inside the range', () => {
    expect(logChoices(0.01, 1, false)).toEqual([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]);
  });
  it('starts with 0 when zero is allowed', () => {
    expect(logChoices(1, 10, true)).toEqual([0, 1, 2, 5, 10]);
  });
});

describe('nearestChoice', () => {
  const choices = [0, 0.01, 0.02, 0.05, 0.1];
  it('finds the closest value on a log scale', () => {
    expect(nearestChoice(choices, 0.03)).toBe(2);
    expect(nearestChoice(choices, 0.04)).toBe(3);
    expect(nearestChoice(choices, 5)).toBe(4);
  });
  it('maps 0 to the zero choice only', () => {
    expect(nearestChoice(choices, 0)).toBe(0);
    expect(nearestChoice(choices, 1e-9)).toBe(1);
  });
});
