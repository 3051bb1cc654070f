import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, HELD_OUT_MAX, type RunConfig } from './config';
import { fitLinearRate } from './metrics';
import { generateProblem, initialU } from './problem';
import { resolveSeeds } from './rng';
import { runComparison, runPipeline, type RunProgress } from './run';
import { type RunResult } from './runResult';
import { setupRun, tauOf } from './runSetup';
import { defaultTau, finiteSampleErrorScale } from './theory';
import type { HistoryEntry } from './types';

/**
 * A smaller classroom: empirical, d = k = 15, r = 2, n = 600, σ = 0.1. Measured before
 * writing the test (seeds 1–3): exactly 2 columns above √(2β) by step 2000, fine-tuned test
 * error 0.019–0.026 against σ√(rd/n) = 0.022, loss-gap rate ρ ≈ 0.93–0.94 per step.
 */
const small: RunConfig = { ...DEFAULT_CONFIG, d: 15, k: 15, r: 2, n: 600, steps: 3000, checkpointEvery: 10, fineTuneSteps: 300 };

describe('runPipeline', () => {
  const progress: RunProgress[] = [];
  const result = runPipeline(small, { onProgress: (p) => progress.push(p) });

  it('trains, prunes to exactly r columns and fine-tunes to the noise level σ√(rd/n)', () => {
    expect(result.status).toEqual({ kind: 'completed' });
    expect(result.tau).toBe(defaultTau(small.beta));
    expect(result.phase1.final.aboveTau).toBe(small.r);
    expect(result.kept).toHaveLength(small.r);
    const scale = finiteSampleErrorScale(small.noise, small.r, small.d, small.n);
    expect(result.theory.finiteSampleErrorScale).toBe(scale);
    const error = result.finetune!.final.testError!;
    expect(error).toBeLessThan(2 * scale);
    expect(error).toBeGreaterThan(scale / 3);
    // Fine-tuning removes the regularization bias: the pruned model was worse.
    expect(result.finetune!.history[0].testError!).toBeGreaterThan(error);
  });

  it('fine-tuning converges linearly: fitted ρ < 1 with a clean fit, and ρ_loss ≈ ρ_grad²', () => {
    const rate = result.rate!;
    expect(rate.rho).toBeLessThan(0.99);
    expect(rate.r2).toBeGreaterThan(0.98);
    const gradRate = result.gradNormRate!;
    expect(gradRate.rho).toBeLessThan(1);
    expect(Math.abs(rate.rho - gradRate.rho ** 2)).toBeLessThan(0.02);
  });

  it('returns the documented, JSON-stable shape', () => {
    const json = JSON.parse(JSON.stringify(result));
    expect(json.phase1.U).toHaveLength(small.d * small.k);
    expect(json.finetune.U).toHaveLength(small.d * small.r);
    expect(json.kept).toEqual(result.kept);
    expect(json.operatorKind).toBe('gram');
    expect(json.seeds).toEqual(resolveSeeds(small));
    for (const entry of json.phase1.history) {
      expect(typeof entry.step).toBe('number');
      expect(typeof entry.loss).toBe('number');
      expect(typeof entry.objective).toBe('number');
    }
    for (const entry of json.finetune.history) expect(entry.objective).toBeUndefined();
    expect(json.phase1.history.map((h: { step: number }) => h.step)).toEqual(Array.from({ length: 300 }, (_, i) => 10 * i));
    expect(json.phase1.final.step).toBe(small.steps);
    expect(json.phase1.eigenvalues).toHaveLength(small.d);
    expect(progress[progress.length - 1]).toEqual({ phase: 'finetune', step: small.fineTuneSteps, steps: small.fineTuneSteps });
  });

  it('is deterministic and honours overrides of the problem and U₀', () => {
    const problem = generateProblem({ ...small, seed: 99 }, resolveSeeds({ ...small, seed: 99 }));
    const U0 = initialU(small.d, small.k, small.initScale, 123);
    const setup = setupRun(small, { problem, U0 });
    expect(setup.problem).toBe(problem);
    expect(setup.U0).toBe(U0);
    expect(setup.trainer.U).toEqual(U0);
    const short = { ...small, steps: 40, fineTuneSteps: 20 };
    expect(runPipeline(short)).toEqual(runPipeline(short));
  });

  it('records the held-out loss, ≈ testError² on fresh Gaussian A_i (n_test = min(n, HELD_OUT_MAX))', () => {
    const nTest = Math.min(small.n, HELD_OUT_MAX);
    for (const entry of [...result.phase1.history, ...result.finetune!.history]) {
      const ratio = entry.heldOutLoss! / entry.testError! ** 2;
      // ⟨A, Δ⟩² has standard deviation √2 times its mean: allow four standard errors.
      expect(Math.abs(ratio - 1)).toBeLessThan(4 * Math.sqrt(2 / nTest));
    }
  });

  it('testSeed moves the held-out loss and nothing else: same data, U₀, trajectory and kept columns', () => {
    const short: RunConfig = { ...small, steps: 60, fineTuneSteps: 20, checkpointEvery: 10, testSeed: 1 };
    const first = runPipeline(short);
    const other = runPipeline({ ...short, testSeed: 2 });
    const withoutHeldOut = (run: RunResult) => {
      const strip = (history: HistoryEntry[]) => history.map(({ heldOutLoss: _, ...rest }) => rest);
      return {
        ...run, config: { ...run.config, testSeed: null }, seeds: { ...run.seeds, test: 0 },
        phase1: { ...run.phase1, history: strip(run.phase1.history) },
        finetune: run.finetune && { ...run.finetune, history: strip(run.finetune.history) },
      };
    };
    expect(withoutHeldOut(other)).toEqual(withoutHeldOut(first));
    expect(other.phase1.history[0].heldOutLoss).not.toBe(first.phase1.history[0].heldOutLoss);
    expect(runPipeline(short).phase1.history).toEqual(first.phase1.history);
  });

  it('stops at divergence with the message, keeps phase 1 and does not prune', () => {
    const diverged = runPipeline({ ...small, eta: 3, steps: 500 });
    expect(diverged.status.kind).toBe('diverged');
    if (diverged.status.kind !== 'diverged') return;
    expect(diverged.status.phase).toBe('train');
    expect(diverged.status.reason).toMatch(/at step \d+ with η₁ = 3; rolled back to step \d+$/);
    expect(diverged.kept).toBeNull();
    expect(diverged.finetune).toBeNull();
    expect(diverged.phase1.U.every(Number.isFinite)).toBe(true);
  });
});

describe('linear vs sublinear convergence (population, d = k = 20, r = 3)', () => {
  // numpy, same sizes: the overparameterized loss creeps from 3.00e-11 to 2.97e-11 between
  // steps 1000 and 8000, while the pruned k = r model reaches 1e-23 within 100 steps.
  it('overparameterized GD without pruning converges markedly slower than the pruned model', () => {
    const config: RunConfig = {
      ...DEFAULT_CONFIG, model: 'population', d: 20, k: 20, r: 3, eta: 0.05, fineTuneEta: 0.05,
      steps: 3000, fineTuneSteps: 300, checkpointEvery: 100,
    };
    const pruned = runPipeline(config);
    expect(pruned.kept).toHaveLength(3);
    const prunedLoss = pruned.finetune!.final.loss;

    const { trainer } = setupRun({ ...config, lambda: 0 });
    trainer.run(config.steps);
    const before = trainer.snapshot().loss;
    trainer.run(config.fineTuneSteps);
    const overLoss = trainer.snapshot().loss;
    // Over the same 300 extra steps the pruned model gains many orders of magnitude, the
    // overparameterized one almost nothing.
    expect(overLoss).toBeGreaterThan(0.5 * before);
    expect(prunedLoss).toBeLessThan(1e-8 * overLoss);
    const fit = fitLinearRate(
      pruned.finetune!.history.map((h) => h.step),
      pruned.finetune!.history.map((h) => h.gradNorm),
    )!;
    expect(fit.rho).toBeLessThan(0.95);
  });
});

describe('runComparison', () => {
  it('trains the same problem and U₀ with and without λ, pruned at the same τ', () => {
    const config = { ...small, steps: 2500, checkpointEvery: 50, fineTuneSteps: 150 };
    const comparison = runComparison(config);
    const { regularized: reg, unregularized: unreg } = comparison;
    expect(comparison.tau).toBe(tauOf(config));
    expect(unreg.lambda).toBe(0);
    expect(reg.result.phase1.history[0].loss).toBe(unreg.result.phase1.history[0].loss);
    expect(reg.result.seeds).toEqual(unreg.result.seeds);
    expect(reg.columnsAboveTau).toBe(config.r);
    expect(unreg.columnsAboveTau).toBeGreaterThan(3 * config.r);
    expect(reg.fractionAtHalfMax).toBeLessThanOrEqual(config.r / config.k);
    expect(unreg.fractionAtHalfMax).toBeGreaterThan(reg.fractionAtHalfMax);
    for (const arm of [reg, unreg]) {
      expect(arm.testErrorBeforePruning).toBeGreaterThan(0);
      expect(arm.testErrorAfterPruning).toBe(arm.result.finetune!.history[0].testError);
      expect(arm.testErrorAfterFineTune).toBe(arm.result.finetune!.final.testError);
    }
    // Pruning the regularized model keeps it intact; fine-tuning then removes the bias.
    expect(reg.testErrorAfterFineTune!).toBeLessThan(reg.testErrorBeforePruning!);
  });
});
