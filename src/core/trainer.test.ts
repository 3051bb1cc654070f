import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from './config';
import empiricalGolden from './golden/empirical.json';
import populationGolden from './golden/population.json';
import quadraticGolden from './golden/quadratic.json';
import { columnNorms } from './linalg';
import { countAbove, fractionCurve, testError } from './metrics';
import { createHeldOutOperator, createOperator, EmpiricalDirectOperator, QuadraticDirectOperator } from './operators';
import { loadProblemFile } from './problem';
import { setupRun } from './runSetup';
import { defaultTau, learnabilityBound, stabilityBound } from './theory';
import { Trainer } from './trainer';
import type { HyperParameters, RegularizerForm } from './types';

function columnNormsOf(U: Float64Array, d: number, k: number): Float64Array {
  const norms = new Float64Array(k);
  columnNorms(U, d, k, norms);
  return norms;
}

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
function maxRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

/** A population problem at a test-friendly size with math.md §5's eigenvalues. */
function population(overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    ...DEFAULT_CONFIG,
    model: 'population',
    d: 40,
    k: 40,
    r: 4,
    sigmaStar: [1, 0.833, 0.667, 0.5],
    eta: 0.05,
    fineTuneEta: 0.05,
    steps: 3000,
    checkpointEvery: 500,
    ...overrides,
  };
}

describe('Trainer against the numpy golden trajectories (scripts/make_golden.py)', () => {
  for (const golden of [empiricalGolden, populationGolden, quadraticGolden]) {
    for (const c of golden.cases) {
      const runs: { label: string; hyper: HyperParameters; losses: number[]; objectives?: number[]; finalU: number[]; steps: number }[] = [
        {
          label: 'unregularized',
          hyper: { lambda: 0, beta: 0.01, regularizer: 'B', eta: c.gd.eta, fineTuneEta: c.gd.eta },
          losses: c.gd.losses,
          finalU: c.gd.finalU,
          steps: c.gd.steps,
        },
        ...c.regularized.map((g) => ({
          label: `form ${g.form}`,
          hyper: { lambda: g.lambda, beta: g.beta, regularizer: g.form as RegularizerForm, eta: g.eta, fineTuneEta: g.eta },
          losses: g.losses,
          objectives: g.objectives,
          finalU: g.finalU,
          steps: g.steps,
        })),
      ];
      for (const run of runs) {
        it(`${c.name}, ${run.label}: every loss, objective and the final U to 1e-11`, () => {
          const { problem, U0, k } = loadProblemFile(c.problem);
          const trainer = new Trainer({ problem, operator: createOperator(problem, 'auto', k), U0: U0!, k, hyper: run.hyper, checkpointEvery: 1, tau: 0.1 });
          // Chunks of uneven length must not change the trajectory.
          expect(trainer.run(7).kind).toBe('running');
          expect(trainer.run(run.steps - 7).kind).toBe('running');
          const history = trainer.history.train;
          expect(history.map((h) => h.step)).toEqual(Array.from({ length: run.steps }, (_, i) => i));
          for (let t = 0; t < run.steps; t++) {
            expect(relative(history[t].loss, run.losses[t])).toBeLessThan(1e-11);
            expect(relative(history[t].objective!, run.objectives ? run.objectives[t] : run.losses[t])).toBeLessThan(1e-11);
          }
          expect(maxRelative(trainer.U, run.finalU)).toBeLessThan(1e-11);
        });
      }
    }
  }
});

describe('Trainer history and chunking', () => {
  const config = population({ d: 8, k: 6, r: 2, sigmaStar: [1, 0.5], checkpointEvery: 5 });

  it('records step 0 and every checkpointEvery steps, before the update, independent of chunking', () => {
    const whole = setupRun(config).trainer;
    whole.run(23);
    const chunked = setupRun(config).trainer;
    for (const n of [1, 4, 9, 2, 7]) chunked.run(n);
    expect(chunked.step).toBe(23);
    expect(whole.history.train.map((h) => h.step)).toEqual([0, 5, 10, 15, 20]);
    expect(chunked.history.train).toEqual(whole.history.train);
    expect(chunked.U).toEqual(whole.U);

    const { problem, operator, U0, k } = setupRun(config);
    expect(whole.history.train[0].loss).toBe(operator.value(U0, k));
    expect(whole.history.train[0].testError).toBeCloseTo(Math.sqrt(operator.value(U0, k)), 10);
    // The population loss is ‖UUᵀ − M*‖²: the test error is its root, as the direct sum gives it.
    const snapshot = whole.snapshot();
    expect(snapshot.testError).toBe(Math.sqrt(snapshot.loss));
    expect(Math.abs(snapshot.testError! - testError(whole.U, problem.d, whole.k, problem.Mstar!))).toBeLessThan(1e-12 * snapshot.testError!);
    expect(whole.history.train[0].relativeTestError).toBeGreaterThan(0.99);
    expect(problem.model).toBe('population');
  });

  it('setHyper changes the very next step without a reset', () => {
    const a = setupRun({ ...config, checkpointEvery: 1 }).trainer;
    a.run(10);
    const before = a.U.slice();
    a.setHyper({ lambda: 0, eta: 0.01 });
    expect(a.step).toBe(10);
    a.run(1);
    const { operator, k, problem } = setupRun(config);
    const grad = new Float64Array(problem.d * k);
    operator.valueAndGradient(before, k, grad);
    const expected = before.map((u, i) => u - 0.01 * grad[i]);
    expect(maxRelative(a.U, expected)).toBeLessThan(1e-14);
    expect(a.history.train[10].objective).toBe(a.history.train[10].loss);
    expect(a.hyper.eta).toBe(0.01);
  });

  it('snapshot reports the state after the last step and leaves the trajectory alone', () => {
    const a = setupRun(config).trainer;
    const b = setupRun(config).trainer;
    a.run(12);
    const snap = a.snapshot();
    a.run(8);
    b.run(20);
    expect(a.U).toEqual(b.U);
    expect(snap.step).toBe(12);
    expect(snap.k).toBe(config.k);
    expect(snap.columnNorms.length).toBe(config.k);
    expect(snap.objective).toBeGreaterThanOrEqual(snap.loss);
    a.setTau(0);
    expect(a.snapshot().aboveTau).toBe(config.k);
  });
});

describe('Trainer divergence', () => {
  const config = population({ d: 10, k: 10, r: 2, sigmaStar: [1, 0.5], checkpointEvery: 10, eta: 1.5 });

  it('stops with the step, the reason and a step size below the stability bound, and stays stopped', () => {
    const { trainer, problem } = setupRun(config);
    const status = trainer.run(1000);
    expect(status.kind).toBe('diverged');
    if (status.kind !== 'diverged') return;
    const bound = stabilityBound(config.lambda, config.beta, problem.sigmaStar[0], 'B');
    expect(status.suggestedEta).toBeLessThan(bound);
    expect(status.suggestedEta).toBeGreaterThan(0);
    expect(status.reason).toMatch(new RegExp(`^objective .* at step ${status.step} with η₁ = 1\\.5; rolled back to step \\d+$`));
    // Only what happened: the suggestion is the presenter's (theory's divergenceAdvice), said once.
    expect(status.reason).not.toMatch(/try|≤/i);
    expect(status.reason.match(/at step/g)).toHaveLength(1);
    // Rolled back to the last checkpoint, where the state was finite.
    expect(trainer.step).toBeLessThanOrEqual(status.step);
    expect(trainer.step % config.checkpointEvery).toBe(0);
    expect(Array.from(trainer.U).every(Number.isFinite)).toBe(true);
    expect(trainer.run(10)).toEqual(status);
    expect(trainer.step).toBeLessThanOrEqual(status.step);

    trainer.setHyper({ eta: status.suggestedEta });
    expect(trainer.run(50).kind).toBe('running');
    expect(trainer.history.train.every((h) => Number.isFinite(h.loss))).toBe(true);
  });

  it('catches a blow-up of the fine-tuning loss too, naming η₂', () => {
    const { trainer } = setupRun({ ...config, eta: 0.05, fineTuneEta: 2 });
    trainer.run(300);
    trainer.prune(defaultTau(config.beta));
    const status = trainer.run(500);
    expect(status.kind).toBe('diverged');
    if (status.kind === 'diverged') expect(status.reason).toMatch(/^loss .* at step \d+ with η₂ = 2; rolled back to step \d+$/);
  });
});

describe('Trainer pruning', () => {
  it('keeps the original indices of the columns above τ and fine-tunes only those', () => {
    const config = population({ d: 12, k: 10, r: 2, sigmaStar: [1, 0.5], steps: 1500, checkpointEvery: 100 });
    const { trainer } = setupRun(config);
    trainer.run(config.steps);
    const norms = columnNormsOf(trainer.U, 12, 10);
    const tau = defaultTau(config.beta);
    const expected = Array.from(norms.keys()).filter((i) => norms[i] >= tau);
    const trained = trainer.U.slice();
    const kept = trainer.prune(tau);
    expect(kept).toEqual(expected);
    expect(kept.length).toBe(2);
    expect(trainer.kept).toEqual(kept);
    expect(trainer.trainedU).toEqual(trained);
    expect(trainer.phase).toBe('finetune');
    expect(trainer.step).toBe(0);
    expect(trainer.k).toBe(2);
    expect(trainer.U.length).toBe(12 * 2);
    for (let i = 0; i < 12; i++) kept.forEach((c, j) => expect(trainer.U[i * 2 + j]).toBe(trained[i * 10 + c]));
    trainer.run(200);
    const ft = trainer.history.finetune;
    expect(ft[0].step).toBe(0);
    expect(ft[0].objective).toBeUndefined();
    expect(ft[0].aboveTau).toBeUndefined();
    expect(ft[ft.length - 1].loss).toBeLessThan(1e-3 * ft[0].loss);
    expect(() => trainer.prune(tau)).toThrow(/already pruned/);
    trainer.reset();
    expect(trainer.phase).toBe('train');
    expect(trainer.k).toBe(10);
    expect(trainer.history.finetune).toEqual([]);
  });

  it('counts a column whose norm is exactly τ as above it in the history, the snapshot and pruning alike', () => {
    // A norm n = √s with n·n > s: comparing s ≥ τ² (as squared norms invite) would call it below τ = n.
    const base = setupRun(population({ d: 8, k: 40, r: 2, sigmaStar: [1, 0.5], checkpointEvery: 1 }));
    const squared = new Float64Array(base.k);
    for (let c = 0; c < base.k; c++) for (let i = 0; i < 8; i++) squared[c] += base.U0[i * base.k + c] ** 2;
    const boundary = Array.from(squared).findIndex((s) => Math.sqrt(s) * Math.sqrt(s) > s);
    expect(boundary).toBeGreaterThanOrEqual(0);
    const tau = Math.sqrt(squared[boundary]);
    const trainer = setupRun(population({ d: 8, k: 40, r: 2, sigmaStar: [1, 0.5], checkpointEvery: 1, tau })).trainer;
    const atStart = trainer.snapshot();
    trainer.run(1);
    const norms = columnNormsOf(base.U0, 8, base.k);
    expect(trainer.history.train[0].aboveTau).toBe(countAbove(norms, tau));
    expect(atStart.aboveTau).toBe(countAbove(norms, tau));
    expect(norms[boundary]).toBe(tau);
  });

  it('with nothing kept, fine-tuning reports the zero model and is done', () => {
    const { trainer } = setupRun(population({ d: 6, k: 4, r: 1, sigmaStar: [1], checkpointEvery: 10 }));
    trainer.run(5);
    expect(trainer.prune(10)).toEqual([]);
    expect(trainer.run(10)).toEqual({ kind: 'done' });
    expect(trainer.history.finetune).toHaveLength(1);
    expect(trainer.history.finetune[0].relativeTestError).toBe(1);
    expect(trainer.snapshot().k).toBe(0);
  });
});

describe('Trainer held-out loss', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  for (const model of ['empirical', 'quadratic'] as const) {
    it(`${model}: every checkpoint of both phases records L_test(U), evaluated only there`, () => {
      const config: RunConfig = { ...DEFAULT_CONFIG, model, d: 5, k: 6, r: 2, n: 60, checkpointEvery: 7, operator: 'gram' };
      const { trainer, problem, U0, k } = setupRun(config);
      const heldOut = createHeldOutOperator(problem.d, problem.heldOut)!;
      const value = vi.spyOn(model === 'empirical' ? EmpiricalDirectOperator.prototype : QuadraticDirectOperator.prototype, 'value');
      trainer.run(30);
      // Checkpoints at steps 0, 7, 14, 21, 28: one evaluation each, none in between.
      expect(value).toHaveBeenCalledTimes(5);
      expect(trainer.history.train.map((h) => h.heldOutLoss)).toHaveLength(5);
      expect(trainer.history.train[0].heldOutLoss).toBe(heldOut.value(U0, k));
      expect(trainer.history.train.every((h) => h.heldOutLoss! > 0)).toBe(true);
      const kept = trainer.prune(1e-9);
      trainer.run(8);
      expect(trainer.history.finetune.map((h) => h.step)).toEqual([0, 7]);
      expect(trainer.history.finetune[0].heldOutLoss).toBe(heldOut.value(trainer.trainedU!.filter((_, e) => kept.includes(e % k)), kept.length));
    });
  }

  it('with nothing kept, the zero model\'s held-out loss is the mean square of the held-out y', () => {
    const { trainer, problem } = setupRun({ ...DEFAULT_CONFIG, d: 4, k: 3, r: 1, n: 20, checkpointEvery: 5 });
    trainer.run(3);
    expect(trainer.prune(10)).toEqual([]);
    const y = problem.heldOut!.y;
    expect(trainer.history.finetune[0].heldOutLoss).toBeCloseTo(y.reduce((s, v) => s + v * v, 0) / y.length, 12);
  });

  it('is absent for the population model and for a loaded problem file', () => {
    const { trainer } = setupRun(population({ d: 6, k: 4, r: 1, sigmaStar: [1], checkpointEvery: 2 }));
    trainer.run(5);
    expect(trainer.history.train.some((h) => 'heldOutLoss' in h)).toBe(false);
    const loaded = loadProblemFile({ model: 'quadratic', d: 2, k: 2, X: [1, 0, 0, 1, 1, 1], y: [1, 2, 3] });
    const fromFile = new Trainer({
      problem: loaded.problem, operator: createOperator(loaded.problem, 'direct', 2), U0: new Float64Array([0.1, 0, 0, 0.1]), k: 2,
      hyper: { lambda: 0, beta: 0.01, regularizer: 'B', eta: 0.01, fineTuneEta: 0.01 }, checkpointEvery: 1, tau: 0.1,
    });
    fromFile.run(2);
    expect(fromFile.history.train.some((h) => 'heldOutLoss' in h)).toBe(false);
  });
});

describe('math.md §5 facts on the population model', () => {
  // Sizes: d = k = 40 instead of math.md's 100 to keep the test fast. Measured with numpy
  // (same update rule, 4 initializations, 3000 steps, α = 1e-3, η = 0.05): regularized →
  // exactly 4 columns above √(2β) every time, the 5th largest norm below 1e-100;
  // λ = 0 → 33–38 of 40 columns above √(2β) and 30–75% of columns ≥ 0.5·max.
  it('λ = 0.05, β = 0.01: exactly r columns above √(2β), the rest ≈ 0', () => {
    const config = population();
    const { trainer } = setupRun(config);
    expect(trainer.run(config.steps).kind).toBe('running');
    const norms = columnNormsOf(trainer.U, config.d, config.k);
    const tau = defaultTau(config.beta);
    expect(countAbove(norms, tau)).toBe(config.r);
    const sorted = Array.from(norms).sort((a, b) => b - a);
    expect(sorted[config.r - 1]).toBeGreaterThan(0.5);
    expect(sorted[config.r]).toBeLessThan(1e-6);
  });

  it('λ = 0: many columns near the largest, no threshold isolates r', () => {
    const config = population({ lambda: 0 });
    const { trainer } = setupRun(config);
    trainer.run(config.steps);
    const norms = columnNormsOf(trainer.U, config.d, config.k);
    expect(countAbove(norms, defaultTau(config.beta))).toBeGreaterThanOrEqual(config.k / 2);
    expect(fractionCurve(norms, [0.5])[0]).toBeGreaterThanOrEqual(0.2);
  });

  it('λ above the learnability bound of every direction: stuck at 0', () => {
    const base = population({ d: 20, k: 20, steps: 2000 });
    const lambda = 1.2 * learnabilityBound(base.sigmaStar![0], base.beta, 'B');
    const { trainer } = setupRun({ ...base, lambda });
    trainer.run(base.steps);
    const norms = columnNormsOf(trainer.U, base.d, base.k);
    expect(Math.max(...norms)).toBeLessThan(1e-6);
    expect(trainer.snapshot().relativeTestError).toBeCloseTo(1, 6);
  });
});
