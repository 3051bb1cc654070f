import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig, type RunConfig } from './config';
import { setupRun } from './runSetup';
import { rateComparison, rateComparisonFlops, rateComparisonFrom } from './rateComparison';

function config(patch: Partial<RunConfig>): RunConfig {
  const parsed = parseConfig(patch);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.config;
}

describe('rateComparison', () => {
  it('population: the pruned model converges linearly while the overparameterized one barely moves', () => {
    const result = rateComparison(config({ model: 'population', steps: 3000, eta: 0.05, fineTuneEta: 0.05 }));
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(result.pruned.k).toBe(DEFAULT_CONFIG.r);
    expect(result.overparameterized.k).toBe(DEFAULT_CONFIG.k);
    expect(result.pruned.steps[0]).toBe(0);
    expect(result.pruned.steps.at(-1)).toBe(DEFAULT_CONFIG.fineTuneSteps);
    expect(result.overparameterized.steps.at(-1)).toBe(DEFAULT_CONFIG.fineTuneSteps);
    expect(result.pruned.fit?.rho).toBeLessThan(0.95);
    expect(result.pruned.fit?.r2).toBeGreaterThan(0.99);
    expect(result.pruned.decades).toBeGreaterThan(8);
    expect(result.overparameterized.decades).toBeLessThan(0.1 * result.pruned.decades);
    expect(result.overparameterized.fit?.rho).toBeGreaterThan(result.pruned.fit?.rho ?? 1);
  });

  it('empirical: same contrast from the same U₀ and measurements', () => {
    const result = rateComparison(config({ d: 20, k: 20, r: 2, n: 600, steps: 3000 }));
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(result.pruned.k).toBe(2);
    expect(result.pruned.fit?.rho).toBeLessThan(1);
    expect(result.pruned.decades).toBeGreaterThan(3);
    expect(result.overparameterized.decades).toBeLessThan(0.1 * result.pruned.decades);
  });

  it('says once where a diverged continuation went wrong and which step size to try', () => {
    const result = rateComparison(config({ model: 'population', steps: 3000, eta: 0.05, fineTuneEta: 5 }), { steps: 50 });
    expect(result.kind).toBe('failed');
    if (result.kind !== 'failed') return;
    expect(result.reason).toMatch(/^The pruned fine-tuning run diverged: .* at step \d+ .*\. Try η₂ ≤ [\d.]+, below the stability bound .* \[derived\]\.$/);
    expect(result.reason.match(/at step/g)).toHaveLength(1);
    expect(result.reason.match(/Try/g)).toHaveLength(1);
  });

  it('reports why when no column survives pruning', () => {
    const result = rateComparison(config({ model: 'population', lambda: 1, steps: 200 }), { steps: 10 });
    expect(result).toMatchObject({ kind: 'failed' });
    if (result.kind === 'failed') expect(result.reason).toContain('No column reached τ');
  });

  it('counts two phase-1 runs and two continuations, or only the continuations from the lab', () => {
    expect(rateComparisonFlops(DEFAULT_CONFIG, 1000)).toBe(1000 * 2 * (DEFAULT_CONFIG.steps + DEFAULT_CONFIG.fineTuneSteps));
    expect(rateComparisonFlops(DEFAULT_CONFIG, 1000, true)).toBe(1000 * 2 * DEFAULT_CONFIG.fineTuneSteps);
  });

  it('gives the same curves when started from phase-1 matrices computed elsewhere', () => {
    const c = config({ model: 'population', d: 12, k: 12, r: 2, steps: 1500, fineTuneSteps: 100, eta: 0.05, fineTuneEta: 0.05 });
    const regularized = setupRun(c);
    const unregularized = setupRun({ ...c, lambda: 0 }, { problem: regularized.problem, U0: regularized.U0, operator: regularized.operator });
    regularized.trainer.run(c.steps);
    unregularized.trainer.run(c.steps);
    const start = { regularizedU: regularized.trainer.U.slice(), unregularizedU: unregularized.trainer.U.slice(), phase1Steps: c.steps };
    expect(rateComparisonFrom(c, start)).toEqual(rateComparison(c));
  });
});
