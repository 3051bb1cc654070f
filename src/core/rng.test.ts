import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import { deriveSeed, resolveSeeds, Rng } from './rng';
import { SEED_STREAMS } from './types';

describe('Rng', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 20 }, () => a.nextUint32());
    const seqB = Array.from({ length: 20 }, () => b.nextUint32());
    const seqC = Array.from({ length: 20 }, () => c.nextUint32());
    expect(seqB).toEqual(seqA);
    expect(seqC).not.toEqual(seqA);
    expect(seqA.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32)).toBe(true);
  });

  it('draws uniform floats in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = new Rng(7);
    const count = 100_000;
    let sum = 0;
    let sumSq = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < count; i++) {
      const u = rng.nextFloat();
      sum += u;
      sumSq += u * u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    const mean = sum / count;
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(sumSq / count - mean * mean - 1 / 12)).toBeLessThan(0.003);
  });

  it('draws standard normals with the right first four moments', () => {
    const samples = new Rng(2024).fillNormal(new Float64Array(200_000));
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    for (const z of samples) {
      m1 += z;
      m2 += z * z;
      m3 += z * z * z;
      m4 += z * z * z * z;
    }
    const count = samples.length;
    expect(Math.abs(m1 / count)).toBeLessThan(0.01);
    expect(Math.abs(m2 / count - 1)).toBeLessThan(0.015);
    expect(Math.abs(m3 / count)).toBeLessThan(0.03);
    expect(Math.abs(m4 / count - 3)).toBeLessThan(0.08);
  });

  it('fillNormal scales the same draws as normal()', () => {
    const scaled = new Rng(5).fillNormal(new Float64Array(9), 0.5);
    const plain = new Rng(5);
    for (const v of scaled) expect(v).toBe(0.5 * plain.normal());
  });
});

describe('seeds', () => {
  it('derives a distinct 32-bit seed per stream and per base', () => {
    const seeds = SEED_STREAMS.map((s) => deriveSeed(1, s));
    expect(new Set(seeds).size).toBe(SEED_STREAMS.length);
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
    expect(deriveSeed(2, 'truth')).not.toBe(deriveSeed(1, 'truth'));
    expect(deriveSeed(1, 'truth')).toBe(deriveSeed(1, 'truth'));
  });

  it('honors per-stream seeds and derives the others from the base seed', () => {
    const derived = resolveSeeds(DEFAULT_CONFIG);
    for (const stream of SEED_STREAMS) expect(derived[stream]).toBe(deriveSeed(DEFAULT_CONFIG.seed, stream));
    const mixed = resolveSeeds({ ...DEFAULT_CONFIG, sensingSeed: 99, initSeed: 0 });
    expect(mixed.sensing).toBe(99);
    expect(mixed.init).toBe(0);
    expect(mixed.truth).toBe(derived.truth);
    expect(mixed.noise).toBe(derived.noise);
    expect(mixed.test).toBe(derived.test);
  });

  it('gives streams of one base seed unrelated sequences', () => {
    const seeds = resolveSeeds(DEFAULT_CONFIG);
    const truth = new Rng(seeds.truth).fillNormal(new Float64Array(2000));
    const sensing = new Rng(seeds.sensing).fillNormal(new Float64Array(2000));
    let cross = 0;
    for (let i = 0; i < truth.length; i++) cross += truth[i] * sensing[i];
    // The sample correlation of independent streams is O(1/√2000) ≈ 0.022.
    expect(Math.abs(cross / truth.length)).toBeLessThan(0.1);
  });
});
