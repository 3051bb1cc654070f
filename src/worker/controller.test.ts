import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import type { RunConfig } from '../core/config';
import { jsBackend } from '../core/kernels/jsBackend';
import { largestColumns, selectColumns, testErrorOfLargestColumns } from '../core/pruning';
import { penaltyValue } from '../core/regularizers';
import { runPipeline } from '../core/run';
import { SETUP_STAGES, STAGE_PROGRESS_STEPS, setupRun } from '../core/runSetup';
import { CHUNK_TARGET_MS, LabController } from './controller';
import type { ControllerHost } from './controller';
import type { FrameResponse, LaneFrame, LaneId, LabRequest, LabResponse } from './labProtocol';

/** A small empirical problem that trains in milliseconds. */
const SMALL: RunConfig = { ...DEFAULT_CONFIG, d: 10, k: 10, r: 2, n: 300, steps: 200, fineTuneSteps: 60, checkpointEvery: 10 };

interface Posted {
  message: LabResponse;
  transfer: Transferable[];
}

/** The controller with a stubbed host: posted messages are collected, scheduled chunks run on demand. */
function harness(options: { msPerNowCall?: number } = {}) {
  const posted: Posted[] = [];
  const tasks: (() => void)[] = [];
  /** The delay each scheduled task asked for. */
  const delays: number[] = [];
  let clock = 0;
  const host: ControllerHost = {
    post: (message, transfer) => posted.push({ message, transfer }),
    schedule: (task, delayMs) => {
      tasks.push(task);
      delays.push(delayMs);
    },
    now: () => (clock += options.msPerNowCall ?? 0),
  };
  const controller = new LabController(host);
  const send = (command: LabRequest): void => controller.handle(command);
  /** For malformed input the types would refuse. */
  const sendRaw = (value: unknown): void => controller.handle(value);
  return {
    posted,
    tasks,
    delays,
    /** Moves the clock forward. */
    wait(ms: number): void {
      clock += ms;
    },
    send,
    sendRaw,
    /** Runs up to `max` scheduled tasks (chunks); returns how many ran. */
    runTasks(max = 1): number {
      let count = 0;
      while (tasks.length && count < max) {
        const task = tasks.shift() as () => void;
        task();
        count++;
      }
      return count;
    },
    frames: (): FrameResponse[] => posted.map((p) => p.message).filter((m): m is FrameResponse => m.type === 'frame'),
    lastFrame(): FrameResponse {
      const all = posted.map((p) => p.message).filter((m): m is FrameResponse => m.type === 'frame');
      return all[all.length - 1];
    },
    ofType<T extends LabResponse['type']>(type: T): Extract<LabResponse, { type: T }>[] {
      return posted.map((p) => p.message).filter((m): m is Extract<LabResponse, { type: T }> => m.type === type);
    },
    /** Acknowledges the latest frame, as the main thread does after drawing it. */
    ackLatest(): void {
      const all = posted.map((p) => p.message).filter((m): m is FrameResponse => m.type === 'frame');
      controller.handle({ type: 'ack', frameId: all[all.length - 1].frameId });
    },
    /** Runs chunks, acknowledging every frame, until the loop stops or `max` chunks ran. */
    runToIdle(max = 10_000): void {
      for (let i = 0; i < max && tasks.length; i++) {
        this.runTasks(1);
        this.ackLatest();
      }
    },
  };
}

const lane = (frame: FrameResponse, id: LaneId): LaneFrame => {
  const found = frame.lanes.find((l) => l.lane === id);
  if (!found) throw new Error(`frame has no ${id} lane`);
  return found;
};

describe('LabController', () => {
  it('reports each slow setup stage before ready, in order, from its start to its end in rising fractions', () => {
    const h = harness();
    h.send({ type: 'init', config: SMALL, lanes: ['regularized', 'unregularized'] });
    const types = h.posted.map((p) => p.message.type);
    const preparing = h.ofType('preparing');
    expect(preparing.map((m) => m.stage).filter((stage, i, all) => stage !== all[i - 1])).toEqual([...SETUP_STAGES]);
    for (const stage of SETUP_STAGES) {
      const fractions = preparing.filter((m) => m.stage === stage).map((m) => m.fraction);
      expect(fractions[0]).toBe(0);
      expect(fractions.every((fraction, i) => i === 0 || fraction > fractions[i - 1])).toBe(true);
      expect(fractions.length).toBeLessThanOrEqual(STAGE_PROGRESS_STEPS + 1);
    }
    // An empirical problem draws its measurements and the Gram fold folds them: both reach the end.
    expect(preparing.filter((m) => m.stage === 'problem').at(-1)?.fraction).toBe(1);
    expect(preparing.filter((m) => m.stage === 'operator').at(-1)?.fraction).toBe(1);
    expect(types.lastIndexOf('preparing')).toBeLessThan(types.indexOf('ready'));
  });

  it('counts in each frame the requests it had handled, acks and refused ones included, so the page can tell frames drawn before a command', () => {
    const h = harness();
    h.send({ type: 'init', config: SMALL, lanes: ['regularized'] });
    expect(h.lastFrame()).toMatchObject({ handled: 1, status: 'idle' });
    h.sendRaw({ type: 'bogus' });
    h.send({ type: 'start' });
    // The ready frame is not acknowledged yet: the start waits for the next frame.
    expect(h.frames()).toHaveLength(1);
    h.ackLatest();
    expect(h.lastFrame()).toMatchObject({ handled: 4, status: 'running' });
  });

  it('sends a running frame as soon as Train is pressed, before the first chunk, even when snapshots are slow', () => {
    // Every clock read advances 1 s, so a snapshot "costs" seconds and frames are spaced out.
    const h = harness({ msPerNowCall: 1000 });
    h.send({ type: 'init', config: SMALL, lanes: ['regularized'] });
    h.ackLatest();
    h.send({ type: 'start' });
    expect(h.tasks).toHaveLength(1);
    expect(h.lastFrame().status).toBe('running');
    h.ackLatest();
    h.send({ type: 'pause' });
    expect(h.lastFrame().status).toBe('paused');
  });

  it('answers init with ready (problem, seeds, theory) and a first frame whose arrays are transferred', () => {
    const h = harness();
    h.send({ type: 'init', config: SMALL, lanes: ['regularized', 'unregularized'] });
    const ready = h.ofType('ready');
    expect(ready).toHaveLength(1);
    const { info } = ready[0];
    expect(info).toMatchObject({ d: 10, k: 10, r: 2, n: 300, lanes: ['regularized', 'unregularized'], heatmap: true });
    expect(info.sigmaStar).toEqual([1, 0.5]);
    expect(Object.keys(info.seeds).sort()).toEqual(['init', 'noise', 'sensing', 'test', 'truth']);
    expect(['direct', 'gram']).toContain(info.operatorKind);
    expect(info.flopsPerStep).toBeGreaterThan(0);
    expect(info.tau).toBeCloseTo(Math.sqrt(2 * SMALL.beta), 12);
    expect(info.theory.learnabilityBounds).toHaveLength(2);
    // No kernels from the host: the JS kernels, as asked; one step timed on U₀ before the run.
    expect(info.kernel).toEqual({ name: 'js', precision: 'f64', threads: 1 });
    expect(info.kernelNotes).toEqual([]);
    expect(info.msPerStep).toBeGreaterThanOrEqual(0);

    const frames = h.frames();
    expect(frames).toHaveLength(1);
    const [frame] = frames;
    expect(frame).toMatchObject({ epoch: ready[0].epoch, status: 'idle', stepsPerSecond: 0 });
    expect(frame.lanes.map((l) => l.lane)).toEqual(['regularized', 'unregularized']);
    for (const l of frame.lanes) {
      expect(l).toMatchObject({ phase: 'train', step: 0, k: 10, state: 'active', keptIndices: null });
      expect(l.columnNorms).toBeInstanceOf(Float64Array);
      expect(l.columnNorms).toHaveLength(10);
      expect(l.U).toBeInstanceOf(Float64Array);
      expect(l.U).toHaveLength(100);
      expect(l.newHistory.train).toEqual([]);
    }
    // Both lanes start from the same U₀.
    expect(Array.from(lane(frame, 'unregularized').U as Float64Array)).toEqual(Array.from(lane(frame, 'regularized').U as Float64Array));
    const transfer = h.posted.find((p) => p.message === frame)?.transfer ?? [];
    expect(transfer).toHaveLength(4);
    expect(transfer).toContain(frame.lanes[0].columnNorms.buffer);
    expect(transfer).toContain(frame.lanes[1].U?.buffer);
  });

  it('builds the run on the kernels the host loaded, times a step on them and passes on why they differ from what was asked', () => {
    const clock = { t: 0 };
    // A stand-in for the wasm backend: its operators say what they compute in, as the wasm ones do.
    const backend = {
      ...jsBackend,
      info: { name: 'wasm', precision: 'f64', threads: 1 } as const,
      createOperator: (...args: Parameters<typeof jsBackend.createOperator>) => Object.assign(jsBackend.createOperator(...args), { precision: 'f64' as const }),
    };
    const posted: LabResponse[] = [];
    const controller = new LabController({
      post: (message) => posted.push(message),
      schedule: () => undefined,
      now: () => (clock.t += 2),
      kernels: () => ({ backend, notes: ['one thread: the page is not cross-origin isolated'] }),
    });
    controller.handle({ type: 'init', config: SMALL, lanes: ['regularized'] });
    const ready = posted.find((m): m is Extract<LabResponse, { type: 'ready' }> => m.type === 'ready');
    expect(ready?.info).toMatchObject({ kernel: backend.info, kernelNotes: ['one thread: the page is not cross-origin isolated'], msPerStep: 2 });
  });

  it('streams frames while running, with the history recorded since the previous frame', () => {
    const h = harness();
    h.send({ type: 'init', config: SMALL, lanes: ['regularized'] });
    h.ackLatest();
    h.send({ type: 'start' });
    h.runToIdle();
    const frames = h.frames();
    expect(frames.length).toBeGreaterThan(3);
    const steps = frames.map((f) => f.lanes[0].step);
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThanOrEqual(steps[i - 1]);
    expect(steps[steps.length - 1]).toBe(SMALL.steps);
    // Concatenated deltas are the complete history: a checkpoint every 10 steps, none twice.
    const history = frames.flatMap((f) => f.lanes[0].newHistory.train.map((e) => e.step));
    expect(history).toEqual(Array.from({ length: SMALL.steps / SMALL.checkpointEvery }, (_, i) => i * SMALL.checkpointEvery));
    expect(h.ofType('done')).toEqual([{ type: 'done', phase: 'train' }]);
    expect(h.lastFrame()).toMatchObject({ status: 'done' });
    expect(h.lastFrame().lanes[0].state).toBe('done');
    expect(h.tasks).toHaveLength(0);
  });

  it('never has two frames in flight: the next frame waits for the ack and carries the batched history', () => {
    const h = harness();
    h.send({ type: 'init', config: SMALL, lanes: ['regularized'] });
    h.send({ type: 'start' });
    h.runTasks(30);
    expect(h.frames()).toHaveLength(1);
    const stepBeforeAck = h.frames()[0].lanes[0].step;
    h.ackLatest();
    const frames = h.frames();
    expect(frames).toHaveLength(2);
    const second = frames[1].lanes[0];
    expect(second.step).toBeGreaterThan(stepBeforeAck);
    // Everything recorded while waiting arrives at once.
    expect(second.newHistory.train.length).toBeGreaterThan(1);
    expect(second.newHistory.train.map((e) => e.step)).toEqual(
      Array.from({ length: Math.floor((second.step - 1) / 10) + 1 }, (_, i) => i * 10),
    );
    // A stale or foreign ack does not release the gate.
    h.send({ type: 'ack', frameId: frames[1].frameId - 1 });
    h.runTasks(5);
    expect(h.frames()).toHaveLength(2);
  });

  it('stops producing steps and frames after pause, and resumes where it stopped', () => {
    const h = harness();
    h.send({ type: 'init', config: SMALL, lanes: ['regularized'] });
    h.ackLatest();
    h.send({ type: 'start' });
    for (let i = 0; i < 4; i++) {
      h.runTasks(1);
      h.ackLatest();
    }
    h.send({ type: 'pause' });
    h.runTasks(10);
    h.ackLatest();
    const paused = h.lastFrame();
    expect(paused.status).toBe('paused');
    const count = h.frames().length;
    h.runTasks(10);
    h.ackLatest();
    expect(h.frames()).toHaveLength(count);
    expect(h.tasks).toHaveLength(0);

    h.send({ type: 'start' });
    h.runTasks(1);
    h.ackLatest();
    expect(h.lastFrame().lanes[0].step).toBeGreaterThan(paused.lanes[0].step);
  });

  it('step advances exactly the requested number of steps, then pauses', () => {
    const h = harness();
    h.send({ type: 'init', config: SMALL, lanes: ['regularized'] });
    h.ackLatest();
    h.send({ type: 'step', steps: 37 });
    h.runToIdle();
    expect(h.lastFrame()).toMatchObject({ status: 'paused' });
    expect(h.lastFrame().lanes[0].step).toBe(37);
  });

  it('never steps past a phase budget, so the step counter and "N of N steps" agree', () => {
    const h = harness();
    h.send({ type: 'init', config: { ...SMALL, steps: 30, fineTuneSteps: 10 }, lanes: ['regularized'] });
    h.ackLatest();
    h.send({ type: 'step', steps: 50 });
    h.runToIdle();
    expect(h.lastFrame()).toMatchObject({ status: 'done' });
    expect(h.lastFrame().lanes[0].step).toBe(30);
    h.send({ type: 'prune', tau: 1e-9 });
    h.ackLatest();
    h.send({ type: 'fineTune' });
    h.runToIdle();
    expect(h.lastFrame().lanes[0]).toMatchObject({ phase: 'finetune', step: 10 });
    h.send({ type: 'step', steps: 1 });
    h.runToIdle();
    expect(h.lastFrame()).toMatchObject({ status: 'done' });
    expect(h.lastFrame().lanes[0].step).toBe(10);
  });

  it('takes a raised step budget live: a finished phase goes on to the new budget', () => {
    const h = harness();
    h.send({ type: 'init', config: { ...SMALL, steps: 30 }, lanes: ['regularized'] });
    h.ackLatest();
    h.send({ type: 'start' });
    h.runToIdle();
    expect(h.lastFrame()).toMatchObject({ status: 'done' });
    h.send({ type: 'setLimits', patch: { steps: 50 } });
    h.ackLatest();
    expect(h.lastFrame()).toMatchObject({ status: 'paused' });
    h.send({ type: 'start' });
    h.runToIdle();
    expect(h.lastFrame()).toMatchObject({ status: 'done' });
    expect(h.lastFrame().lanes[0].step).toBe(50);
    h.send({ type: 'setLimits', patch: { steps: -3 } });
    expect(h.ofType('error').at(-1)?.fields).toEqual(['steps']);
  });

  it('applies setHyper mid-run without a reset; λ goes to the regularized lane only', () => {
    const h = harness();
    h.send({ type: 'init', config: SMALL, lanes: ['regularized', 'unregularized'] });
    h.ackLatest();
    h.send({ type: 'start' });
    for (let i = 0; i < 5; i++) {
      h.runTasks(1);
      h.ackLatest();
    }
    const before = h.lastFrame();
    h.send({ type: 'setHyper', patch: { lambda: 0.2 } });
    h.runTasks(1);
    h.ackLatest();
    const after = h.lastFrame();
    expect(after.epoch).toBe(before.epoch);
    expect(after.status).toBe('running');
    const reg = lane(after, 'regularized');
    expect(reg.step).toBeGreaterThan(lane(before, 'regularized').step);
    // The frame's objective is L + λ Σ ψ_β(‖u_i‖²) with the new λ.
    const sq = reg.columnNorms.map((x) => x * x);
    const penalty = penaltyValue(sq, reg.k, 0.2, SMALL.beta, SMALL.regularizer);
    expect((reg.objective as number) - reg.loss).toBeCloseTo(penalty, 10);
    const unreg = lane(after, 'unregularized');
    expect(unreg.objective).toBeCloseTo(unreg.loss, 12);
  });

  it('refuses an out-of-range hyper-parameter with the schema message', () => {
    const h = harness();
    h.send({ type: 'init', config: SMALL, lanes: ['regularized'] });
    h.send({ type: 'setHyper', patch: { eta: -1 } });
    const [error] = h.ofType('error');
    expect(error.message).toMatch(/eta must be/);
    expect(error.fields).toEqual(['eta']);
  });

  it('reset restores U₀ and the data: the same column norms as the first frame, step 0, a new epoch', () => {
    const h = harness();
    h.send({ type: 'init', config: SMALL, lanes: ['regularized', 'unregularized'] });
    const first = h.lastFrame();
    const firstNorms = first.lanes.map((l) => Array.from(l.columnNorms));
    const firstLoss = first.lanes.map((l) => l.loss);
    h.ackLatest();
    h.send({ type: 'start' });
    h.runToIdle();
    h.send({ type: 'prune', tau: 0.1 });
    h.ackLatest();
    expect(h.lastFrame().lanes[0].phase).toBe('finetune');
    h.send({ type: 'reset' });
    h.ackLatest();
    const reset = h.lastFrame();
    expect(reset.epoch).toBe(first.epoch + 1);
    expect(reset.status).toBe('idle');
    expect(reset.lanes.map((l) => Array.from(l.columnNorms))).toEqual(firstNorms);
    expect(reset.lanes.map((l) => l.loss)).toEqual(firstLoss);
    for (const l of reset.lanes) expect(l).toMatchObject({ phase: 'train', step: 0, k: 10, keptIndices: null });
  });

  it('prunes every lane at τ, then fine-tunes to the step budget', () => {
    const config: RunConfig = { ...SMALL, steps: 1500, checkpointEvery: 50, fineTuneSteps: 100 };
    const h = harness();
    h.send({ type: 'init', config, lanes: ['regularized', 'unregularized'] });
    h.send({ type: 'fineTune' });
    expect(h.ofType('error')[0].message).toMatch(/Prune first/);

    h.ackLatest();
    h.send({ type: 'start' });
    h.runToIdle();
    const trained = h.lastFrame();
    const tau = 0.1;
    h.send({ type: 'prune', tau });
    const pruned = h.ofType('pruned');
    expect(pruned.map((p) => p.lane)).toEqual(['regularized', 'unregularized']);
    for (const p of pruned) {
      const norms = lane(trained, p.lane).columnNorms;
      const expected = Array.from(norms, (n, i) => (n >= tau ? i : -1)).filter((i) => i >= 0);
      expect(p.kept).toEqual(expected);
    }
    const keptRegularized = pruned[0].kept;
    expect(keptRegularized.length).toBeGreaterThan(0);
    h.ackLatest();
    const afterPrune = h.lastFrame();
    const reg = lane(afterPrune, 'regularized');
    expect(reg).toMatchObject({ phase: 'finetune', step: 0, k: keptRegularized.length, objective: null });
    expect(Array.from(reg.keptIndices as Int32Array)).toEqual(keptRegularized);
    expect(reg.columnNorms).toHaveLength(keptRegularized.length);
    expect(afterPrune.status).toBe('paused');
    // Every lane keeps reporting the phase-1 state pruning faced: all k norms, τ, and the
    // test error of keeping only the r largest of those columns.
    const { problem } = setupRun(config);
    for (const id of ['regularized', 'unregularized'] as const) {
      const before = lane(trained, id);
      const after = lane(afterPrune, id);
      expect(after.atPruning?.tau).toBe(tau);
      expect(Array.from(after.atPruning?.columnNorms ?? [])).toEqual(Array.from(before.columnNorms));
      expect(after.largestColumnsTestError).toBe(before.largestColumnsTestError);
      expect(before.atPruning).toBeNull();
    }
    const trainedU = lane(trained, 'unregularized').U as Float64Array;
    expect(lane(afterPrune, 'unregularized').largestColumnsTestError).toBe(
      testErrorOfLargestColumns(trainedU, config.d, config.k, lane(trained, 'unregularized').columnNorms, config.r, problem.Mstar as Float64Array),
    );
    // Keeping the r largest columns and fine-tuning them is plain gradient descent on the
    // unregularized loss with η₂ from those columns: a λ = 0 run from them with η = η₂.
    for (const id of ['regularized', 'unregularized'] as const) {
      const U = lane(trained, id).U as Float64Array;
      const largest = largestColumns(lane(trained, id).columnNorms, config.r);
      const oracle = setupRun(
        { ...config, lambda: 0, eta: config.fineTuneEta, k: config.r },
        { problem, U0: selectColumns(U, config.d, config.k, largest), k: config.r },
      ).trainer;
      oracle.run(config.fineTuneSteps);
      expect(lane(afterPrune, id).largestColumnsFineTunedTestError).toBeCloseTo(oracle.snapshot().testError as number, 12);
      expect(lane(trained, id).largestColumnsFineTunedTestError).toBeNull();
    }
    const transfer = h.posted.find((p) => p.message === afterPrune)?.transfer ?? [];
    for (const l of afterPrune.lanes) expect(transfer).toContain(l.atPruning?.columnNorms.buffer);

    h.send({ type: 'prune', tau });
    expect(h.ofType('error').at(-1)?.message).toMatch(/already pruned/);

    h.send({ type: 'fineTune' });
    h.runToIdle();
    expect(h.ofType('done').at(-1)).toEqual({ type: 'done', phase: 'finetune' });
    const done = h.lastFrame();
    expect(lane(done, 'regularized').step).toBe(100);
    const fineHistory = h.frames().flatMap((f) => lane(f, 'regularized').newHistory.finetune);
    expect(fineHistory[0].step).toBe(0);
    expect(fineHistory.at(-1)?.loss).toBeLessThan(fineHistory[0].loss);
  });

  it('stops a diverging run with the reason and a smaller suggested step size', () => {
    const h = harness();
    h.send({ type: 'init', config: { ...SMALL, eta: 10 }, lanes: ['regularized'] });
    h.ackLatest();
    h.send({ type: 'start' });
    h.runToIdle();
    const [diverged] = h.ofType('diverged');
    expect(diverged.lane).toBe('regularized');
    expect(diverged.reason).toMatch(/η₁/);
    expect(diverged.suggestedEta).toBeGreaterThan(0);
    expect(diverged.suggestedEta).toBeLessThan(10);
    expect(h.lastFrame()).toMatchObject({ status: 'diverged' });
    expect(h.lastFrame().lanes[0].state).toBe('diverged');
    expect(h.lastFrame().lanes[0].divergence).toEqual({ step: diverged.step, reason: diverged.reason, suggestedEta: diverged.suggestedEta });
    expect(Number.isFinite(h.lastFrame().lanes[0].loss)).toBe(true);
    expect(h.tasks).toHaveLength(0);

    h.send({ type: 'setHyper', patch: { eta: diverged.suggestedEta } });
    h.ackLatest();
    expect(h.lastFrame()).toMatchObject({ status: 'paused' });
    expect(h.lastFrame().lanes[0]).toMatchObject({ state: 'active', divergence: null });
  });

  it('refuses an invalid init config with an error that lists what to change', () => {
    const h = harness();
    h.sendRaw({ type: 'init', config: { ...SMALL, d: -3, eta: 'fast' }, lanes: ['regularized'] });
    const [error] = h.ofType('error');
    expect(error.message).toMatch(/d must be a whole number from 1/);
    expect(error.message).toMatch(/eta must be/);
    expect(error.fields).toEqual(['d', 'eta']);
    expect(h.ofType('ready')).toHaveLength(0);
    expect(h.frames()).toHaveLength(0);

    h.send({ type: 'init', config: { ...SMALL, r: 20 }, lanes: ['regularized'] });
    expect(h.ofType('error')[1].message).toMatch(/r = 20 exceeds d = 10/);

    h.send({ type: 'start' });
    expect(h.ofType('error')[2].message).toMatch(/not been initialized/);
  });

  it('reports malformed commands instead of throwing', () => {
    const h = harness();
    h.sendRaw({ type: 'init', config: SMALL, lanes: ['everything'] });
    h.sendRaw({ type: 'warp' });
    h.send({ type: 'step', steps: 0 });
    h.send({ type: 'setTau', tau: Number.NaN });
    h.sendRaw(null);
    h.sendRaw({ type: 'setLimits', steps: 10 });
    const errors = h.ofType('error').map((e) => e.message);
    expect(errors).toHaveLength(6);
    expect(errors[0]).toMatch(/distinct lanes/);
    expect(errors[1]).toMatch(/does not know the command "warp"/);
    expect(errors[2]).toMatch(/whole number of steps/);
    expect(errors[3]).toMatch(/τ must be a positive number/);
    expect(errors[4]).toMatch(/without a type/);
    expect(errors[5]).toMatch(/setLimits needs a patch object/);
  });

  it('counts columns above τ live after setTau, even while paused', () => {
    const h = harness();
    h.send({ type: 'init', config: SMALL, lanes: ['regularized'] });
    h.ackLatest();
    h.send({ type: 'step', steps: 100 });
    h.runToIdle();
    const norms = h.lastFrame().lanes[0].columnNorms;
    const sorted = Array.from(norms).sort((a, b) => b - a);
    const tau = (sorted[2] + sorted[3]) / 2;
    h.send({ type: 'setTau', tau });
    h.ackLatest();
    expect(h.lastFrame().lanes[0].aboveTau).toBe(3);
  });

  it('sizes chunks from measured time: slow steps run one per chunk, fast steps grow the chunk', () => {
    // Every clock read advances 4·CHUNK_TARGET_MS, so each chunk looks far too slow.
    const slow = harness({ msPerNowCall: 4 * CHUNK_TARGET_MS });
    slow.send({ type: 'init', config: SMALL, lanes: ['regularized'] });
    slow.send({ type: 'start' });
    slow.runTasks(6);
    slow.ackLatest();
    expect(slow.lastFrame().lanes[0].step).toBe(6);

    // A clock that never moves: chunks double (1, 2, 4, 8, …).
    const fast = harness();
    fast.send({ type: 'init', config: SMALL, lanes: ['regularized'] });
    fast.send({ type: 'start' });
    fast.runTasks(6);
    fast.ackLatest();
    expect(fast.lastFrame().lanes[0].step).toBe(1 + 2 + 4 + 8 + 16 + 32);
  });

  it('when a step takes about a chunk, running frames report each lane\'s last step (one back) as a snapshot would; a pause reports the state reached', () => {
    const h = harness({ msPerNowCall: 4 * CHUNK_TARGET_MS });
    h.send({ type: 'init', config: SMALL, lanes: ['regularized', 'unregularized'] });
    h.ackLatest();
    h.send({ type: 'start' });
    let chunks = 0;
    const running: FrameResponse[] = [];
    for (; chunks < 12; chunks++) {
      const before = h.frames().length;
      h.runTasks(1);
      // One step per chunk at this speed: a frame after the chunk is one step behind it.
      if (h.frames().length > before) {
        running.push(h.lastFrame());
        expect(h.lastFrame().lanes.map((lane) => lane.step)).toEqual([chunks, chunks]);
      }
      h.ackLatest();
    }
    h.send({ type: 'pause' });
    expect(running.length).toBeGreaterThan(1);
    const paused = h.lastFrame();
    expect(paused.status).toBe('paused');
    expect(paused.lanes.map((lane) => lane.step)).toEqual([chunks, chunks]);
    for (const frame of [...running, paused]) {
      for (const lane of frame.lanes) {
        const twin = setupRun({ ...SMALL, lambda: lane.lane === 'unregularized' ? 0 : SMALL.lambda }).trainer;
        twin.run(lane.step);
        const snapshot = twin.snapshot();
        expect(Array.from(lane.columnNorms)).toEqual(Array.from(snapshot.columnNorms));
        expect([lane.loss, lane.gradNorm, lane.testError]).toEqual([snapshot.loss, snapshot.gradNorm, snapshot.testError]);
        expect(Array.from(lane.U ?? [])).toEqual(Array.from(twin.U));
      }
    }
  });

  it('exports each lane as a RunResult that runPipeline repeats bit for bit', () => {
    const h = harness();
    h.send({ type: 'init', config: SMALL, lanes: ['regularized', 'unregularized'] });
    h.ackLatest();
    // The history's aboveTau counts use the τ in force when recorded, so set it first.
    h.send({ type: 'setTau', tau: 0.05 });
    // Chunking, pauses and single steps do not change the trajectory.
    h.send({ type: 'step', steps: 33 });
    h.runToIdle();
    h.send({ type: 'start' });
    h.runToIdle();
    h.send({ type: 'prune', tau: 0.05 });
    h.send({ type: 'fineTune' });
    h.runTasks(2);
    h.send({ type: 'pause' });
    h.send({ type: 'exportRun', requestId: 7 });
    const [answer] = h.ofType('runExport');
    expect(answer.requestId).toBe(7);
    expect(answer.runs.map((r) => r.lane)).toEqual(['regularized', 'unregularized']);
    for (const { lane: id, result, reproducible } of answer.runs) {
      expect(reproducible).toBe(true);
      expect(result.config.lambda).toBe(id === 'regularized' ? SMALL.lambda : 0);
      expect(result.config.steps).toBe(SMALL.steps);
      expect(result.config.tau).toBe(0.05);
      expect(result.finetune?.final.step).toBe(result.config.fineTuneSteps);
      expect(result.finetune?.final.step).toBeGreaterThan(0);
      const repeated = runPipeline(result.config);
      expect(result).toEqual(repeated);
    }
  });

  it('marks an export as not reproducible after a live hyper-parameter change', () => {
    const h = harness();
    h.send({ type: 'init', config: SMALL, lanes: ['regularized', 'unregularized'] });
    h.send({ type: 'step', steps: 20 });
    h.runTasks(10);
    h.send({ type: 'setHyper', patch: { lambda: 0.1 } });
    h.send({ type: 'exportRun', requestId: 1 });
    const [answer] = h.ofType('runExport');
    // λ only reaches the regularized lane; the unregularized one is still one config.
    expect(answer.runs.map((r) => r.reproducible)).toEqual([false, true]);
    expect(answer.runs[0].result).toMatchObject({ kept: null, finetune: null, rate: null });
    expect(answer.runs[0].result.config).toMatchObject({ lambda: 0.1, steps: 20 });
  });

  it('paces a run to the playback speed: only the steps due, each chunk after a timer, frames between them', () => {
    const h = harness();
    h.send({ type: 'init', config: SMALL, lanes: ['regularized'] });
    h.ackLatest();
    h.send({ type: 'setSpeed', stepsPerSecond: 10 });
    h.send({ type: 'start' });
    expect(h.delays[h.delays.length - 1]).toBe(100);
    h.runTasks(1);
    h.ackLatest();
    expect(lane(h.lastFrame(), 'regularized').step).toBe(0);
    h.wait(100);
    h.runTasks(1);
    h.ackLatest();
    expect(lane(h.lastFrame(), 'regularized').step).toBe(1);
    expect(h.delays[h.delays.length - 1]).toBe(100);
    h.wait(60);
    h.runTasks(1);
    expect(lane(h.lastFrame(), 'regularized').step).toBe(1);
    expect(h.lastFrame().status).toBe('running');
    // The next chunk waits, by a timer, for the second step's time (200 ms).
    expect(h.delays[h.delays.length - 1]).toBe(40);

    h.send({ type: 'setSpeed', stepsPerSecond: null });
    h.ackLatest();
    h.runToIdle();
    expect(lane(h.lastFrame(), 'regularized').step).toBe(SMALL.steps);
    expect(h.delays[h.delays.length - 1]).toBe(0);
  });

  it('refuses a speed that is not a positive number or null', () => {
    const h = harness();
    h.sendRaw({ type: 'setSpeed', stepsPerSecond: -5 });
    expect(h.ofType('error')[0].message).toContain('positive number of steps per second');
  });
});

