import { describe, expect, it } from 'vitest';
import { presetConfig } from '../core/presets';
import { ceilingLines } from './report';

describe('ceilingLines', () => {
  it('bounds Figure 1 by every flop of both lanes at the tile ceiling on all threads', () => {
    const figure1 = presetConfig('figure1');
    const flopsPerStep = 1e9;
    const lines = ceilingLines({ f64: 20, f32: 40, f32Fused: true }, 2, figure1, flopsPerStep);
    expect(lines[0]).toContain('float64 20.0 GFLOP/s (plain multiply and add), float32 40.0 GFLOP/s (fused multiply-add)');
    // 2 lanes × steps × 1 GFLOP over 2 threads × 20 GFLOP/s, and twice as fast in float32.
    const seconds = (2 * figure1.steps) / 40;
    const text = (s: number) => (s < 120 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`);
    expect(lines[1]).toBe(`Figure 1 phase 1 at that ceiling on 2 threads, nothing else counted: float64 ${text(seconds)}, float32 ${text(seconds / 2)}.`);
  });
});
