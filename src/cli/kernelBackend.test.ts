// The WebAssembly kernels under Node: every wasm operator against the JS operators and the
// numpy golden fixtures, 1 thread against 2 threads bit for bit, float32 against float64,
// and divergence inside a wasm kernel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../core/config';
import { describeGoldenOperators, relative, relativeError } from '../core/golden/goldenOperatorSuite';
import type { KernelBackend } from '../core/kernels/types';
import { createOperator } from '../core/operators';
import { generateProblem, initialU } from '../core/problem';
import { resolveSeeds } from '../core/rng';
import { setupRun } from '../core/runSetup';
import type { OperatorChoice } from '../core/types';
import { loadNodeBackend } from './kernelBackend';


/** FNV-1a over the bytes of U: equal hashes mean equal bits. */
function hashBits(U: Float64Array): string {
  const bytes = new Uint8Array(U.buffer, U.byteOffset, U.byteLength);
  let h = 0x811c9dc5;
  for (const byte of bytes) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h.toString(16);
}

let f64: KernelBackend;
let f64Threads: KernelBackend;
let f32: KernelBackend;
beforeAll(async () => {
  [f64, f64Threads, f32] = await Promise.all([
    loadNodeBackend({ precision: 'f64', threads: 1 }),
    loadNodeBackend({ precision: 'f64', threads: 2 }),
    loadNodeBackend({ precision: 'f32', threads: 1 }),
  ]);
});
afterAll(() => [f64, f64Threads, f32].forEach((backend) => backend.dispose()));

describe('loadNodeBackend', () => {
  it('says what runs', () => {
    expect(f64.info).toEqual({ name: 'wasm', precision: 'f64', threads: 1 });
    expect(f64Threads.info).toEqual({ name: 'wasm', precision: 'f64', threads: 2 });
    expect(f32.info).toEqual({ name: 'wasm', precision: 'f32', threads: 1 });
  });
});

describeGoldenOperators('wasm f64 operators match the numpy golden fixtures to 1e-12', (problem, choice, k) => f64.createOperator(problem, choice, k));

function problemOf(model: RunConfig['model'], d: number, k: number, n: number) {
  const config: RunConfig = { ...DEFAULT_CONFIG, model, d, k, r: Math.min(3, d), n, noise: 0.05 };
  return generateProblem(config, resolveSeeds(config));
}

const kinds: Array<[RunConfig['model'], OperatorChoice]> = [
  ['population', 'auto'],
  ['empirical', 'direct'],
  ['empirical', 'gram'],
  ['quadratic', 'direct'],
  ['quadratic', 'gram'],
];

describe('wasm f64 operators match the JS operators to 1e-12 at odd sizes', () => {
  for (const [model, choice] of kinds) {
    // 150 × 140 sums over more terms than one gemm panel (KC = 128).
    const sizes = model === 'population' ? [[37, 101], [101, 37], [37, 1], [150, 140]] : [[9, 13], [13, 9], [7, 1]];
    for (const [d, k] of sizes) {
      it(`${model} ${choice}, d = ${d}, k = ${k}`, () => {
        const problem = problemOf(model, d, k, 3 * d + 5);
        const wasm = f64.createOperator(problem, choice, k);
        const js = createOperator(problem, choice, k);
        expect(wasm.kind).toBe(js.kind);
        const U = initialU(d, k, 0.7, 11);
        const gWasm = new Float64Array(d * k);
        const gJs = new Float64Array(d * k);
        expect(relative(wasm.valueAndGradient(U, k, gWasm), js.valueAndGradient(U, k, gJs))).toBeLessThan(1e-12);
        expect(relativeError(gWasm, gJs)).toBeLessThan(1e-12);
        expect(wasm.value(U, k)).toBe(wasm.valueAndGradient(U, k, gWasm));
        // Fewer columns after pruning, then more than at creation (an operator shared between runs).
        for (const k2 of [Math.max(1, k - 3), k + 4]) {
          const V = initialU(d, k2, 0.7, 12);
          const hWasm = new Float64Array(d * k2);
          const hJs = new Float64Array(d * k2);
          expect(relative(wasm.valueAndGradient(V, k2, hWasm), js.valueAndGradient(V, k2, hJs))).toBeLessThan(1e-12);
          expect(relativeError(hWasm, hJs)).toBeLessThan(1e-12);
        }
      });
    }
  }
});

describe('threads', () => {
  const configs: Array<[string, RunConfig]> = [
    ['population d = k = 140', { ...DEFAULT_CONFIG, model: 'population', d: 140, k: 140, r: 3, eta: 0.05 }],
    ['empirical Gram d = 12', { ...DEFAULT_CONFIG, model: 'empirical', operator: 'gram', d: 12, k: 12, r: 2, n: 400 }],
    ['empirical direct d = 12', { ...DEFAULT_CONFIG, model: 'empirical', operator: 'direct', d: 12, k: 12, r: 2, n: 400 }],
    ['quadratic direct d = 20', { ...DEFAULT_CONFIG, model: 'quadratic', operator: 'direct', d: 20, k: 16, r: 2, n: 2000 }],
  ];
  for (const [name, config] of configs) {
    it(`${name}: 1 and 2 threads give identical bits after 60 trainer steps`, () => {
      const hashes = [f64, f64Threads].map((backend) => {
        const { trainer } = setupRun(config, { backend });
        expect(trainer.run(60).kind).toBe('running');
        return hashBits(trainer.U);
      });
      expect(hashes[1]).toBe(hashes[0]);
    });
  }
});

describe('float32', () => {
  it('stays within 1e-5 relative of float64 over 200 steps at population d = 100', () => {
    const config: RunConfig = { ...DEFAULT_CONFIG, model: 'population', d: 100, k: 100, r: 5, eta: 0.05 };
    const [single, double] = [f32, f64].map((backend) => {
      const { trainer } = setupRun(config, { backend });
      expect(trainer.run(200).kind).toBe('running');
      return trainer;
    });
    expect(relativeError(single.U, double.U)).toBeLessThan(1e-5);
    const lossOf = (t: typeof single) => t.history.train[t.history.train.length - 1].loss;
    expect(relative(lossOf(single), lossOf(double))).toBeLessThan(1e-5);
  });
});

describe('divergence inside a wasm kernel', () => {
  it('is caught by the trainer with its step and a suggested η', () => {
    const config: RunConfig = { ...DEFAULT_CONFIG, model: 'population', d: 10, k: 10, r: 2, sigmaStar: [1, 0.5], checkpointEvery: 10, eta: 1.5 };
    for (const backend of [f64, f64Threads, f32]) {
      const { trainer } = setupRun(config, { backend });
      const status = trainer.run(1000);
      expect(status.kind).toBe('diverged');
      if (status.kind !== 'diverged') return;
      expect(status.reason).toMatch(new RegExp(`at step ${status.step} with η₁ = 1\\.5`));
      expect(status.suggestedEta).toBeGreaterThan(0);
      expect(status.suggestedEta).toBeLessThan(1.5);
      expect(Array.from(trainer.U).every(Number.isFinite)).toBe(true);
    }
  });
});

describe('progress of the wasm Gram fold', () => {
  it('rises block by block to 1 and builds the same operator as a fold nobody listens to', () => {
    for (const model of ['empirical', 'quadratic'] as const) {
      const problem = problemOf(model, 7, 7, 300);
      const U = initialU(7, 7, 0.5, 3);
      for (const backend of [f64, f64Threads]) {
        const fractions: number[] = [];
        const reported = backend.createOperator(problem, 'gram', 7, (fraction) => fractions.push(fraction));
        expect(fractions.length).toBeGreaterThan(1);
        expect(fractions.every((fraction, i) => fraction > 0 && (i === 0 || fraction > fractions[i - 1]))).toBe(true);
        expect(fractions.at(-1)).toBe(1);
        expect(reported.value(U, 7)).toBe(backend.createOperator(problem, 'gram', 7).value(U, 7));
      }
    }
  });
});
