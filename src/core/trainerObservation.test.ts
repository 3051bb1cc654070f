// Trainer.run(steps, true): the chunk's last step keeps the state it found, and that
// observation is exactly the snapshot a twin trainer takes one step earlier.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from './config';
import { setupRun } from './runSetup';
import type { Trainer } from './trainer';

// The observed step is step 10: a checkpoint in the first (checkpoints record the same measures), not in the others.
const configs: Array<[string, RunConfig]> = [
  ['population', { ...DEFAULT_CONFIG, model: 'population', d: 12, k: 9, r: 2, eta: 0.05, lambda: 0.05, checkpointEvery: 5 }],
  ['empirical', { ...DEFAULT_CONFIG, model: 'empirical', operator: 'direct', d: 8, k: 8, r: 2, n: 200, lambda: 0.05, checkpointEvery: 11 }],
  ['quadratic network', { ...DEFAULT_CONFIG, model: 'quadratic', operator: 'direct', d: 6, k: 5, r: 2, n: 300, checkpointEvery: 3 }],
];

const twins = (config: RunConfig): [Trainer, Trainer] => [setupRun(config).trainer, setupRun(config).trainer];

/** The twin runs `steps − 1` steps, snapshots, and takes the last step. */
function snapshotOneStepBefore(twin: Trainer, steps: number) {
  twin.run(steps - 1);
  const snapshot = twin.snapshot();
  const U = twin.U.slice();
  twin.run(1);
  return { snapshot, U };
}

describe('the observation of a chunk\'s last step', () => {
  for (const [name, config] of configs) {
    it(`${name}: is the snapshot one step before, without changing the run (phase 1, then fine-tuning)`, () => {
      const [observer, twin] = twins(config);
      expect(observer.run(4).kind).toBe('running');
      expect(observer.run(7, true).kind).toBe('running');
      const expected = snapshotOneStepBefore(twin, 11);
      expect(observer.observation?.snapshot).toEqual(expected.snapshot);
      expect(Array.from(observer.observation!.U)).toEqual(Array.from(expected.U));
      expect(Array.from(observer.U)).toEqual(Array.from(twin.U));
      expect(observer.history).toEqual(twin.history);
      expect(observer.thresholdEvents).toEqual(twin.thresholdEvents);

      const tau = observer.snapshot().columnNorms.reduce((a, b) => Math.max(a, b), 0) / 3;
      expect(observer.prune(tau)).toEqual(twin.prune(tau));
      expect(observer.observation).toBeNull();
      observer.run(6, true);
      const fineTuned = snapshotOneStepBefore(twin, 6);
      expect(observer.observation?.snapshot).toEqual(fineTuned.snapshot);
      expect(Array.from(observer.observation!.U)).toEqual(Array.from(fineTuned.U));
      expect(Array.from(observer.U)).toEqual(Array.from(twin.U));
      expect(observer.history).toEqual(twin.history);
    });
  }

  it('is gone once anything happened since: another chunk, τ, hyper-parameters, reset, divergence', () => {
    const [trainer] = twins(configs[0][1]);
    const observe = (): void => {
      trainer.run(3, true);
      expect(trainer.observation).not.toBeNull();
    };
    observe();
    trainer.run(2);
    expect(trainer.observation).toBeNull();
    observe();
    trainer.setTau(trainer.snapshot().columnNorms[0] + 1);
    expect(trainer.observation).toBeNull();
    observe();
    trainer.setHyper({ lambda: 0.01 });
    expect(trainer.observation).toBeNull();
    observe();
    trainer.reset();
    expect(trainer.observation).toBeNull();
    trainer.setHyper({ eta: 5 });
    expect(trainer.run(500, true).kind).toBe('diverged');
    expect(trainer.observation).toBeNull();
  });
});
