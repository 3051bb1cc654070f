import { describe, expect, it } from 'vitest';
import { PRESET_IDS } from '../../core/presets';
import { formatCount, formatNumber } from '../format';
import { TOUR_STOPS, type TourFacts } from './tourStops';

const facts: TourFacts = {
  lambda: 0.05,
  beta: 0.01,
  k: 30,
  r: 3,
  tau: 0.1414,
  tauIsDefault: true,
  step: 1830,
  aboveTau: 5,
  fractionAboveHalfMax: 0.2,
  smallestKept: 0.62,
  largestDropped: 0.011,
  testErrorBeforePrune: 0.0301,
  testErrorAfterPrune: 0.0302,
  testErrorAfterFineTune: 0.0259,
  rho: 0.912,
  gapDecades: 4.2,
  strongestBound: 0.4,
  weakestBound: 0.2,
};

describe('the tour', () => {
  it('follows the argument in 6 to 8 stops, each with a scenario of the lab or the phase diagram', () => {
    expect(TOUR_STOPS.length).toBeGreaterThanOrEqual(6);
    expect(TOUR_STOPS.length).toBeLessThanOrEqual(8);
    for (const stop of TOUR_STOPS) if (stop.preset !== null) expect(PRESET_IDS).toContain(stop.preset);
    expect(TOUR_STOPS.map((stop) => stop.goal)).toContain('prune');
    expect(TOUR_STOPS[TOUR_STOPS.length - 1].region).toBe('Phase diagram');
  });

  it('writes every stop from the live numbers, formatted as the readouts format them', () => {
    const texts = TOUR_STOPS.map((stop) => stop.text(facts));
    expect(texts[0]).toContain(`At step ${formatCount(1830)}, 5 of 30 columns stand above τ = ${formatNumber(0.1414)}`);
    expect(texts[0]).toContain('τ would keep 2 columns too many');
    expect(texts[2]).toContain(`gap of ${formatNumber(0.62 / 0.011)}×`);
    expect(texts[3]).toContain('the dropped columns carried almost nothing');
    expect(texts[4]).toContain(`ρ = ${formatNumber(0.912)}`);
    expect(texts[6]).toContain(`λ < ${formatNumber(0.2)}`);
    for (const text of texts) expect(text).not.toMatch(/undefined|NaN/);
  });

  it('chooses its claims from the numbers', () => {
    const tooStrong = TOUR_STOPS[5];
    expect(tooStrong.text({ ...facts, lambda: 0.6, aboveTau: 0 })).toContain('above');
    expect(tooStrong.text({ ...facts, lambda: 0.6, aboveTau: 0 })).toContain('every column stays stuck near 0');
    expect(tooStrong.text({ ...facts, lambda: 0.1, aboveTau: 3 })).not.toContain('stuck');
    expect(TOUR_STOPS[3].text({ ...facts, testErrorAfterPrune: 0.3 })).toContain(`${formatNumber(0.3 / 0.0301)} times larger`);
    expect(TOUR_STOPS[0].text({ ...facts, aboveTau: 3 })).not.toContain('too many');
  });
});
