import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../core/config';
import { laneHeading, laneName } from './laneNames';

describe('lane names', () => {
  it('name each lane by the λ it trains with', () => {
    const config = { ...DEFAULT_CONFIG, lambda: 0.05 };
    expect(laneName(config, 'regularized')).toBe('regularized (λ = 0.05)');
    expect(laneName(config, 'unregularized')).toBe('unregularized (λ = 0)');
    expect(laneHeading(config, 'regularized')).toBe('Regularized (λ = 0.05)');
  });

  it('never call a λ = 0 run regularized', () => {
    const config = { ...DEFAULT_CONFIG, lambda: 0 };
    expect(laneHeading(config, 'regularized')).toBe('Unregularized (λ = 0)');
    expect(laneHeading(config, 'unregularized')).toBe('Unregularized (λ = 0)');
  });
});
