import { describe, expect, it } from 'vitest';
import { MIN_SPEED, pacedMs, parseSpeed, SPEED_FIELD, SPEED_STOPS, speedAt, speedPosition } from './playback';

describe('playback speed', () => {
  it('spaces the slider log-uniformly from the slowest pace to the fastest, then full speed', () => {
    expect(SPEED_STOPS[0]).toBe(MIN_SPEED);
    expect(SPEED_STOPS[SPEED_STOPS.length - 1]).toBe(SPEED_FIELD.max);
    const ratios = SPEED_STOPS.slice(1).map((s, i) => Math.log10(s / SPEED_STOPS[i]));
    for (const ratio of ratios) expect(ratio).toBeCloseTo(ratios[0], 1);
    expect(speedAt(SPEED_STOPS.length)).toBeNull();
    expect(speedPosition(null)).toBe(SPEED_STOPS.length);
  });

  it('maps positions and speeds both ways, snapping a typed speed to the nearest stop', () => {
    SPEED_STOPS.forEach((speed, i) => {
      expect(speedAt(i)).toBe(speed);
      expect(speedPosition(speed)).toBe(i);
    });
    expect(speedPosition(SPEED_STOPS[3] * 1.1)).toBe(3);
  });

  it('reads "full" and numbers, and refuses other text', () => {
    expect(parseSpeed('FULL', false)).toEqual({ value: null });
    expect(parseSpeed('25', false)).toEqual({ value: 25 });
    expect(parseSpeed('0.5', false)).toHaveProperty('error');
    expect(parseSpeed('0.5', true)).toMatchObject({ value: MIN_SPEED });
  });

  it('spans a paced chunk over its steps at the speed, and not at all at full speed', () => {
    expect(pacedMs(20, 10)).toBe(2000);
    expect(pacedMs(20, null)).toBe(0);
  });
});
