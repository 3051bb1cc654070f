import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from './config';
import { jsBackend } from './kernels/jsBackend';
import type { KernelBackend } from './kernels/types';
import { testError } from './metrics';
import { runPipeline } from './run';
import { setupRun } from './runSetup';
import { LabSession } from './session';

const config: RunConfig = { ...DEFAULT_CONFIG, d: 6, k: 8, r: 2, n: 300, steps: 500, fineTuneSteps: 30, checkpointEvery: 20 };

describe('LabSession', () => {
  it('names the kernels its operator computes on: a float32 backend that fell back to the JavaScript operator is not labelled float32', () => {
    // What a wasm backend hands out when it cannot allocate the operator's memory: the JavaScript operator.
    const fellBack: KernelBackend = { ...jsBackend, info: { name: 'wasm', precision: 'f32', threads: 2 } };
    const session = new LabSession({ ...config, kernel: 'wasm-f32' }, ['regularized'], { backend: fellBack });
    expect(session.kernel).toEqual({ name: 'js', precision: 'f64', threads: 1 });
    expect(session.kernelNote).toMatch(/JavaScript kernels run$/);
    session.advance('regularized', 20);
    expect(session.result('regularized', { config: 'as-run' }).kernel).toEqual({ name: 'js', precision: 'f64', threads: 1 });
    expect(new LabSession(config, ['regularized']).kernelNote).toBeNull();
  });

  it('records the milestones when they happen: live before pruning, frozen at the pruning moment, then after fine-tuning', () => {
    const session = new LabSession(config, ['regularized']);
    session.advance('regularized', 450);
    const live = session.report('regularized');
    expect(live.milestones).toEqual({ beforePrune: live.testError, afterPrune: null, afterFineTune: null });

    const kept = session.prune('regularized', session.tau);
    const pruned = session.report('regularized');
    expect(pruned.pruning?.snapshot.step).toBe(450);
    expect(kept.length).toBeGreaterThan(0);
    expect(pruned.milestones.beforePrune).toBe(live.testError);
    // The pruned model's own error, not a checkpoint's: fine-tuning has taken no step yet.
    const { U } = session.report('regularized');
    expect(pruned.milestones.afterPrune).toBe(testError(U, 6, kept.length, session.problem.Mstar as Float64Array));
    expect(pruned.milestones.afterFineTune).toBeNull();

    session.advance('regularized', 7);
    const tuned = session.report('regularized');
    expect(tuned.milestones).toEqual({ beforePrune: live.testError, afterPrune: pruned.milestones.afterPrune, afterFineTune: tuned.testError });
  });

  it('fine-tunes the r largest columns from the state at pruning, whenever a report first asks for it', () => {
    const session = new LabSession(config, ['regularized']);
    session.advance('regularized', 450);
    const eager = setupRun(config).trainer;
    eager.run(450);
    const expected = eager.largestColumnsFineTunedError(config.r, config.fineTuneSteps);
    expect(expected).toBeTypeOf('number');
    session.prune('regularized', session.tau);
    // Fine-tuning on and a changed fine-tuning step size do not move what pruning captured.
    session.advance('regularized', 12);
    session.setHyper({ fineTuneEta: config.fineTuneEta / 2 });
    expect(session.report('regularized').largestColumnsFineTunedTestError).toBe(expected);
    expect(session.report('regularized').largestColumnsFineTunedTestError).toBe(expected);
    session.reset();
    expect(session.report('regularized').largestColumnsFineTunedTestError).toBeNull();
  });

  it('keeps the held-out loss of the last phase-1 checkpoint, and the fine-tuned one only past step 0', () => {
    const session = new LabSession(config, ['regularized']);
    session.advance('regularized', 445);
    const lastTrain = session.history('regularized').train.at(-1)?.heldOutLoss;
    expect(lastTrain).toBeTypeOf('number');
    session.prune('regularized', session.tau);
    session.advance('regularized', 10);
    expect(session.report('regularized').heldOutMilestones).toEqual({ beforePrune: lastTrain, afterFineTune: null });
    session.advance('regularized', 15);
    const fine = session.history('regularized').finetune.at(-1)?.heldOutLoss;
    expect(session.report('regularized')).toMatchObject({ heldOutLoss: fine, heldOutMilestones: { beforePrune: lastTrain, afterFineTune: fine } });
  });

  it('records events in order for a presenter to take', () => {
    const session = new LabSession({ ...config, eta: 50 }, ['regularized', 'unregularized']);
    session.advance('regularized', 10);
    const [diverged] = session.takeEvents();
    expect(diverged).toMatchObject({ kind: 'diverged', lane: 'regularized', phase: 'train' });
    expect(session.takeEvents()).toEqual([]);
    // Asking a diverged lane again reports the same divergence, not a new event.
    session.advance('regularized', 10);
    expect(session.takeEvents()).toEqual([]);
    const kept = session.prune('unregularized', 0.5);
    expect(session.takeEvents()).toEqual([{ kind: 'pruned', lane: 'unregularized', step: 0, tau: 0.5, kept }]);
  });

  it('builds the same RunResult as the pipeline when driven the same way', () => {
    const session = new LabSession(config, ['regularized']);
    session.advance('regularized', config.steps);
    session.prune('regularized', session.tau);
    session.advance('regularized', config.fineTuneSteps);
    expect(session.result('regularized', { config: 'as-configured' })).toEqual(runPipeline(config));
  });

  it('states a lab run as run: the steps taken, the live λ and the τ it was pruned at', () => {
    const session = new LabSession(config, ['regularized', 'unregularized']);
    session.advance('regularized', 400);
    session.setHyper({ lambda: 0.08 });
    expect(session.liveEdited('regularized')).toBe(true);
    expect(session.liveEdited('unregularized')).toBe(false);
    session.prune('regularized', 0.3);
    session.advance('regularized', 5);
    const result = session.result('regularized', { config: 'as-run' });
    expect(result.config).toMatchObject({ lambda: 0.08, steps: 400, fineTuneSteps: 5, tau: 0.3 });
    const untouched = session.result('unregularized', { config: 'as-run' });
    expect(untouched.config).toMatchObject({ lambda: 0, steps: 0, fineTuneSteps: config.fineTuneSteps, tau: session.tau });
    expect(untouched.kept).toBeNull();
  });
});
