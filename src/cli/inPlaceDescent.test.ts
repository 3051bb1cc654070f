// The population and Gram operators' gradient step in their own memory (InPlaceDescent: column
// norms and update split between threads) against the trainer's JavaScript step on the same
// operator: the same bits, for U, every history entry and every threshold event, in both phases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../core/config';
import type { KernelBackend } from '../core/kernels/types';
import { generateProblem, initialU } from '../core/problem';
import { resolveSeeds } from '../core/rng';
import { setupRun } from '../core/runSetup';
import { takesStepsInPlace, type LossOperator } from '../core/types';
import { loadNodeBackend } from './kernelBackend';

const backends: Array<[string, () => Promise<KernelBackend>]> = [
  ['wasm f64 · 1 thread', () => loadNodeBackend({ precision: 'f64', threads: 1 })],
  ['wasm f64 · 2 threads', () => loadNodeBackend({ precision: 'f64', threads: 2 })],
  ['float32 · 1 thread', () => loadNodeBackend({ precision: 'f32', threads: 1 })],
  ['float32 · 2 threads', () => loadNodeBackend({ precision: 'f32', threads: 2 })],
];

const loaded = new Map<string, KernelBackend>();
beforeAll(async () => {
  for (const [name, load] of backends) loaded.set(name, await load());
});
afterAll(() => loaded.forEach((backend) => backend.dispose()));

/** The operator with only the LossOperator methods: the trainer then steps in JavaScript. */
function withoutInPlaceStep(operator: LossOperator): LossOperator {
  return {
    kind: operator.kind,
    d: operator.d,
    precision: operator.precision,
    value: (U, k) => operator.value(U, k),
    valueAndGradient: (U, k, grad) => operator.valueAndGradient(U, k, grad),
    flopsPerStep: (k) => operator.flopsPerStep(k),
  };
}

const population = (patch: Partial<RunConfig>): RunConfig => ({
  ...DEFAULT_CONFIG,
  model: 'population',
  r: 3,
  eta: 0.05,
  fineTuneEta: 0.05,
  lambda: 0.05,
  checkpointEvery: 7,
  ...patch,
});

const cases: Array<[string, RunConfig]> = [
  ['d = 37, k = 101, form B', population({ d: 37, k: 101 })],
  ['d = 101, k = 37, form A', population({ d: 101, k: 37, regularizer: 'A' })],
  ['d = 20, k = 1', population({ d: 20, k: 1, r: 1 })],
  ['d = 30, k = 30 without the penalty', population({ d: 30, k: 30, lambda: 0 })],
  // k a multiple of four: the gradient norm's vector path.
  ['d = 24, k = 40, checkpoints at every step', population({ d: 24, k: 40, checkpointEvery: 1 })],
  // Large enough that the team splits the norms (by columns, cut at an odd k) and the update (by rows).
  ['d = 203, k = 501', population({ d: 203, k: 501, eta: 0.02 })],
  // The Gram fold: empirical (two blocks of the matvec at d = 15) and the quadratic network.
  ['empirical Gram d = 15, k = 17', { ...DEFAULT_CONFIG, d: 15, k: 17, r: 2, n: 300, operator: 'gram', checkpointEvery: 7 }],
  ['quadratic Gram d = 6, k = 5', { ...DEFAULT_CONFIG, model: 'quadratic', d: 6, k: 5, r: 2, n: 150, eta: 0.005, fineTuneEta: 0.005, operator: 'gram', checkpointEvery: 7 }],
];

/** Trains 40 steps, prunes at τ, fine-tunes 25: returns everything a run reports. */
function trainAndFineTune(config: RunConfig, backend: KernelBackend, inPlace: boolean) {
  const seeds = resolveSeeds(config);
  const problem = generateProblem(config, seeds);
  const built = backend.createOperator(problem, config.operator, config.k);
  expect(takesStepsInPlace(built)).toBe(true);
  const operator = inPlace ? built : withoutInPlaceStep(built);
  const U0 = initialU(config.d, config.k, config.initScale, seeds.init);
  const { trainer } = setupRun(config, { problem, operator, U0, backend });
  // In place, the phases run in chunks that end between checkpoints, where U must come back from the operator.
  for (const steps of inPlace ? [13, 27] : [40]) expect(trainer.run(steps).kind).toBe('running');
  const trained = trainer.U.slice();
  const kept = trainer.prune(trainer.snapshot().columnNorms.reduce((a, b) => Math.max(a, b), 0) / 4);
  for (const steps of inPlace ? [9, 1, 15] : [25]) expect(trainer.run(steps).kind).toBe('running');
  return { trained, kept, U: trainer.U.slice(), history: trainer.history, events: [...trainer.thresholdEvents], snapshot: trainer.snapshot() };
}

describe('the population and Gram operators step in place with the bits of the JavaScript step', () => {
  for (const [backendName] of backends) {
    for (const [caseName, config] of cases) {
      it(`${backendName}, ${caseName}`, () => {
        const backend = loaded.get(backendName)!;
        const inPlace = trainAndFineTune(config, backend, true);
        const inJavaScript = trainAndFineTune(config, backend, false);
        expect(inPlace.kept.length).toBeGreaterThan(0);
        expect(Array.from(inPlace.trained)).toEqual(Array.from(inJavaScript.trained));
        expect(inPlace.kept).toEqual(inJavaScript.kept);
        expect(Array.from(inPlace.U)).toEqual(Array.from(inJavaScript.U));
        expect(inPlace.history).toEqual(inJavaScript.history);
        expect(inPlace.events).toEqual(inJavaScript.events);
        expect(inPlace.snapshot).toEqual(inJavaScript.snapshot);
      });
    }
  }
});

describe('the observation of a chunk\'s last step, in place', () => {
  for (const [backendName] of backends) {
    for (const [caseName, config] of cases.slice(0, 2)) {
      it(`${backendName}, ${caseName}: the JavaScript step's snapshot one step before`, () => {
        const backend = loaded.get(backendName)!;
        const problem = generateProblem(config, resolveSeeds(config));
        const U0 = initialU(config.d, config.k, config.initScale, resolveSeeds(config).init);
        const built = backend.createOperator(problem, 'auto', config.k);
        const observer = setupRun(config, { problem, operator: built, U0, backend }).trainer;
        const twin = setupRun(config, { problem, operator: withoutInPlaceStep(built), U0, backend }).trainer;
        observer.run(13);
        observer.run(27, true);
        twin.run(39);
        const expected = twin.snapshot();
        const expectedU = twin.U.slice();
        twin.run(1);
        expect(observer.observation?.snapshot).toEqual(expected);
        expect(Array.from(observer.observation!.U)).toEqual(Array.from(expectedU));
        expect(Array.from(observer.U)).toEqual(Array.from(twin.U));
        expect(observer.snapshot()).toEqual(twin.snapshot());
      });
    }
  }
});

describe('lanes taking turns on one operator', () => {
  const lanes: Array<[string, RunConfig]> = [
    ['population d = 37, k = 101', population({ d: 37, k: 101 })],
    ['empirical Gram d = 9, k = 7', { ...DEFAULT_CONFIG, model: 'empirical', operator: 'gram', d: 9, k: 7, r: 2, n: 400, lambda: 0.05, checkpointEvery: 7 }],
  ];
  for (const [backendName] of backends) {
    for (const [caseName, config] of lanes) {
      it(`${backendName}, ${caseName}: two lanes and a third caller each keep their own run`, () => {
        const backend = loaded.get(backendName)!;
        const seeds = resolveSeeds(config);
        const problem = generateProblem(config, seeds);
        const U0 = initialU(config.d, config.k, config.initScale, seeds.init);
        const shared = backend.createOperator(problem, config.operator, config.k);
        expect(takesStepsInPlace(shared)).toBe(true);
        const configs = [config, { ...config, lambda: 0 }, { ...config, lambda: 0.2 }];
        const turns = configs.map((c) => setupRun(c, { problem, operator: shared, U0, backend }).trainer);
        const alone = configs.map((c) => setupRun(c, { problem, operator: withoutInPlaceStep(backend.createOperator(problem, config.operator, config.k)), U0, backend }).trainer);
        // The third caller steps now and then, taking a slot from one of the lanes.
        for (let round = 0; round < 12; round++) {
          for (const lane of [0, 1]) turns[lane].run(1 + (round % 3), round % 4 === 3);
          if (round % 5 === 2) turns[2].run(2);
        }
        alone[0].run(24);
        alone[1].run(24);
        alone[2].run(4);
        turns.forEach((trainer, lane) => {
          expect(Array.from(trainer.U)).toEqual(Array.from(alone[lane].U));
          expect(trainer.history).toEqual(alone[lane].history);
          expect(trainer.snapshot()).toEqual(alone[lane].snapshot());
        });
      });
    }
  }
});

describe('a run diverging between checkpoints', () => {
  it('is caught from the in-place step with its step and a suggested η, rolled back to finite values', () => {
    const config = population({ d: 10, k: 10, r: 2, sigmaStar: [1, 0.5], checkpointEvery: 10, eta: 1.5 });
    for (const backend of loaded.values()) {
      const { trainer } = setupRun(config, { backend });
      const status = trainer.run(1000);
      expect(status.kind).toBe('diverged');
      if (status.kind !== 'diverged') return;
      expect(status.step % config.checkpointEvery).not.toBe(0);
      expect(status.reason).toMatch(new RegExp(`at step ${status.step} with η₁ = 1\\.5`));
      expect(status.suggestedEta).toBeLessThan(1.5);
      expect(Array.from(trainer.U).every(Number.isFinite)).toBe(true);
    }
  });
});
