// Property-based fuzzing of the models: a few steps of generated small configurations of
// every model, operator and regularizer form, with the other hyper-parameters over their
// whole schema range, through the pipeline. A run either completes with finite numbers
// everywhere or is reported as diverged with a reason and a suggested step size.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELDS, type RunConfig } from './config';
import { FUZZ_SEED, smallConfig } from './fuzzing';
import { runComparison, runPipeline } from './run';
import type { PhaseSummary, RunResult } from './runResult';
import type { HistoryEntry } from './types';

const RUNS = 300;
const COMPARISONS = 100;

const notNaN = (what: string, x: number | null | undefined): void => {
  if (x !== null && x !== undefined) expect(Number.isNaN(x), `${what} is NaN`).toBe(false);
};
const finite = (what: string, x: number | null | undefined): void => {
  if (x !== null && x !== undefined) expect(Number.isFinite(x), `${what} = ${x}`).toBe(true);
};

function expectFiniteSummary(what: string, summary: PhaseSummary): void {
  for (const key of ['loss', 'objective', 'testError', 'relativeTestError', 'gradNorm', 'aboveTau'] as const) finite(`${what}.${key}`, summary[key]);
  summary.columnNorms.forEach((x, i) => finite(`${what}.columnNorms[${i}]`, x));
}

function expectFiniteHistory(what: string, history: readonly HistoryEntry[]): void {
  history.forEach((entry, i) => {
    for (const [key, value] of Object.entries(entry)) finite(`${what}[${i}].${key}`, value as number);
  });
}

/** What a result may show: finite numbers unless the run is reported as diverged (and even then never NaN where it stopped). */
function expectHonest(config: RunConfig, result: RunResult): void {
  expect(result.theory.learnabilityBounds.every((x) => !Number.isNaN(x))).toBe(true);
  for (const key of ['stabilityBound', 'predictedBias', 'finiteSampleErrorScale', 'learnableDirections'] as const) notNaN(`theory.${key}`, result.theory[key]);
  expect(result.tau).toBeGreaterThan(0);
  finite('tau', result.tau);
  if (result.status.kind === 'diverged') {
    expect(result.status.reason.trim().length).toBeGreaterThan(0);
    expect(result.status.suggestedEta).toBeGreaterThan(0);
    finite('suggestedEta', result.status.suggestedEta);
    const stopped = result.status.phase === 'train' ? result.phase1 : result.finetune;
    expect(stopped).not.toBeNull();
    return;
  }
  expect(result.phase1.final.step).toBe(config.steps);
  expectFiniteSummary('phase1.final', result.phase1.final);
  expectFiniteHistory('phase1.history', result.phase1.history);
  result.phase1.U.forEach((x, i) => finite(`phase1.U[${i}]`, x));
  result.phase1.eigenvalues.forEach((x, i) => finite(`phase1.eigenvalues[${i}]`, x));
  expect(result.kept).not.toBeNull();
  expect(result.finetune).not.toBeNull();
  if (!result.finetune) return;
  // With no column kept there is nothing to fine-tune: the phase ends at step 0.
  expect(result.finetune.final.step).toBe(result.kept?.length ? config.fineTuneSteps : 0);
  expectFiniteSummary('finetune.final', result.finetune.final);
  expectFiniteHistory('finetune.history', result.finetune.history);
  for (const fit of [result.rate, result.gradNormRate]) {
    if (fit) for (const key of ['rho', 'C', 'r2'] as const) notNaN(`rate.${key}`, fit[key]);
  }
  notNaN('lossLimit', result.lossLimit?.value);
}

describe('the models under fuzzing', () => {
  it(`run ${RUNS} generated small configurations of every model to a clean result or a reported divergence`, () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(smallConfig, (config) => {
        seen.add(`${config.model}/${config.model === 'population' ? '-' : config.operator}/${config.regularizer}`);
        expectHonest(config, runPipeline(config));
      }),
      { seed: FUZZ_SEED, numRuns: RUNS },
    );
    // Every model, operator and regularizer form the schema offers was run.
    const models = FIELDS.model.type === 'enum' ? FIELDS.model.options : [];
    const operators = FIELDS.operator.type === 'enum' ? FIELDS.operator.options : [];
    const forms = FIELDS.regularizer.type === 'enum' ? FIELDS.regularizer.options : [];
    for (const model of models) {
      for (const operator of model === 'population' ? ['-'] : operators) {
        for (const form of forms) expect(seen, `${model}/${operator}/${form}`).toContain(`${model}/${operator}/${form}`);
      }
    }
  });

  it(`run ${COMPARISONS} generated comparisons (both lanes of one session) to clean results or reported divergences`, () => {
    fc.assert(
      fc.property(smallConfig, (config) => {
        const comparison = runComparison(config);
        expectHonest(config, comparison.regularized.result);
        expectHonest({ ...config, lambda: 0 }, comparison.unregularized.result);
        for (const arm of [comparison.regularized, comparison.unregularized]) {
          for (const key of ['fractionAtHalfMax', 'testErrorBeforePruning', 'testErrorAfterPruning', 'testErrorAfterFineTune'] as const) {
            if (arm.result.status.kind === 'completed') finite(key, arm[key]);
          }
        }
      }),
      { seed: FUZZ_SEED + 1, numRuns: COMPARISONS },
    );
  });
});
