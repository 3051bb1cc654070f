import { describe, expect, it } from 'vitest';
import { etaMs, formatDuration, formatFlops } from './cost';

describe('cost readouts', () => {
  it('formats flops with a unit', () => {
    expect(formatFlops(1.25e9)).toBe('1.3 GFLOP');
    expect(formatFlops(5.1e11)).toBe('510 GFLOP');
    expect(formatFlops(2.5e12)).toBe('2.5 TFLOP');
    expect(formatFlops(12)).toBe('12 FLOP');
  });

  it('formats durations in seconds, minutes and hours', () => {
    expect(formatDuration(400)).toBe('1 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(75_000)).toBe('1 min 15 s');
    expect(formatDuration(2 * 3600_000 + 5 * 60_000)).toBe('2 h 5 min');
  });

  it('estimates the time left only once a rate was measured', () => {
    expect(etaMs(1000, 0)).toBeNull();
    expect(etaMs(1000, 250)).toBe(4000);
    expect(etaMs(-5, 250)).toBe(0);
  });
});
