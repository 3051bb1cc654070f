// Seeded random streams. xoshiro128** (Blackman & Vigna) with its state filled by
// splitmix32: small, fast on 32-bit integer arithmetic (which JS does exactly with Math.imul
// and >>> 0) and deterministic everywhere. Every purpose (truth, sensing, noise, init, test)
// has its own seed so one stream can change while the others stay put.
import { log, sinCos } from './libm';
import type { RunConfig } from './config';
import { SEED_STREAMS, type SeedSet, type SeedStream } from './types';

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const TWO_PI = 2 * Math.PI;
/** sin and cos of the Box–Muller angle. */
const trig = new Float64Array(2);

/** One step of splitmix32; returns the new state and the mixed output. */
function splitmix32(state: number): { state: number; value: number } {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return { state: next, value: z >>> 0 };
}

/** Murmur3's 32-bit finalizer: a bijective avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Box–Muller makes normals in pairs; the second one waits here. */
  private spareNormal = 0;
  private hasSpare = false;

  constructor(seed: number) {
    let state = seed >>> 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const out = splitmix32(state);
      state = out.state;
      words.push(out.value);
    }
    // xoshiro's all-zero state is a fixed point; splitmix32 cannot give four zeros, but guard anyway.
    if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1;
    this.s0 = words[0] | 0;
    this.s1 = words[1] | 0;
    this.s2 = words[2] | 0;
    this.s3 = words[3] | 0;
  }

  /** Next uniform 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    const m = Math.imul(s1, 5);
    const rotated = (m << 7) | (m >>> 25);
    const result = Math.imul(rotated, 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    this.s1 = s1 ^ n2;
    this.s0 = s0 ^ n3;
    this.s2 = n2 ^ t;
    this.s3 = (n3 << 11) | (n3 >>> 21);
    return result;
  }

  /** Uniform float in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / TWO_POW_53;
  }

  /** Standard normal by the Box–Muller transform (deterministic, no rejection). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    // 1 − u lies in (0, 1], so the logarithm is finite.
    const u1 = 1 - this.nextFloat();
    const u2 = this.nextFloat();
    // libm's log/sin/cos, not Math's: engines round those differently in the last place,
    // and the same seed must give the same data in Node (CLI) and in every browser.
    const radius = Math.sqrt(-2 * log(u1));
    sinCos(TWO_PI * u2, trig);
    this.spareNormal = radius * trig[0];
    this.hasSpare = true;
    return radius * trig[1];
  }

  /** Fills `out` with independent standard normals, in index order. */
  fillNormal(out: Float64Array, scale = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = scale * this.normal();
    return out;
  }

  /** Writes the state in the layout of NORMAL_STATE_BYTES: xoshiro's words and the spare flag into words[0…4], the spare into spare[0]. */
  saveState(words: Int32Array, spare: Float64Array): void {
    words[0] = this.s0;
    words[1] = this.s1;
    words[2] = this.s2;
    words[3] = this.s3;
    words[4] = this.hasSpare ? 1 : 0;
    spare[0] = this.spareNormal;
  }

  /** Takes back a state that saveState wrote and a bulk draw advanced. */
  restoreState(words: Int32Array, spare: Float64Array): void {
    this.s0 = words[0] | 0;
    this.s1 = words[1] | 0;
    this.s2 = words[2] | 0;
    this.s3 = words[3] | 0;
    this.hasSpare = words[4] !== 0;
    this.spareNormal = spare[0];
  }
}

/**
 * Bytes of a stream's state where a kernel backend draws normals in bulk: xoshiro's four
 * words and the spare flag (Int32 at 0…16), the spare (Float64 at 24), 16 bytes of scratch.
 */
export const NORMAL_STATE_BYTES = 48;

/**
 * Draws like rng.fillNormal(out, scale): the same doubles, rng advanced alike. A kernel
 * backend may bring a faster one (WebAssembly); fillNormals is the JavaScript one.
 */
export type NormalFill = (rng: Rng, out: Float64Array, scale: number) => void;

export const fillNormals: NormalFill = (rng, out, scale) => {
  rng.fillNormal(out, scale);
};

/**
 * A seed for one named stream, derived from a base seed by hashing the stream name
 * (FNV-1a) and mixing it with the base, so streams of the same base are unrelated.
 */
export function deriveSeed(base: number, stream: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < stream.length; i++) {
    h ^= stream.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  const low = base >>> 0;
  const high = Math.floor(base / TWO_POW_32) >>> 0;
  return fmix32(fmix32(h ^ low) + Math.imul(high, 0x9e3779b9) + 0x632be5ab);
}

const SEED_KEYS: Record<SeedStream, 'truthSeed' | 'sensingSeed' | 'noiseSeed' | 'initSeed' | 'testSeed'> = {
  truth: 'truthSeed',
  sensing: 'sensingSeed',
  noise: 'noiseSeed',
  init: 'initSeed',
  test: 'testSeed',
};

/** The seed of every stream: the configured one when set, otherwise derived from `seed`. */
export function resolveSeeds(config: Pick<RunConfig, 'seed' | 'truthSeed' | 'sensingSeed' | 'noiseSeed' | 'initSeed' | 'testSeed'>): SeedSet {
  const seeds = {} as SeedSet;
  for (const stream of SEED_STREAMS) {
    const own = config[SEED_KEYS[stream]];
    seeds[stream] = own ?? deriveSeed(config.seed, stream);
  }
  return seeds;
}
