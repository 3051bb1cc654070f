import { describe, expect, it } from 'vitest';
import { MIN_SPEED, pacedMs, parseSpeed, stepsDue } from './playback';

describe('playback speed', () => {
  it('reads "full" and numbers, and refuses other text', () => {
    expect(parseSpeed('FULL', false)).toEqual({ value: null });
    expect(parseSpeed('25', false)).toEqual({ value: 25 });
    expect(parseSpeed('0.5', false)).toHaveProperty('error');
    expect(parseSpeed('0.5', true)).toMatchObject({ value: MIN_SPEED });
  });

  it('spans steps over time at the speed, and counts the steps due by a time', () => {
    expect(pacedMs(20, 10)).toBe(2000);
    expect(stepsDue(1999, 10)).toBe(19);
    expect(stepsDue(pacedMs(20, 10), 10)).toBe(20);
  });
});
