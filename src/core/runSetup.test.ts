import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from './config';
import { generateProblem } from './problem';
import { Rng, resolveSeeds } from './rng';
import { SETUP_STAGES, STAGE_PROGRESS_STEPS, setupFractionText, setupRun, stageProgress, type SetupStage } from './runSetup';

const config = (patch: Partial<RunConfig>): RunConfig => ({ ...DEFAULT_CONFIG, ...patch });

describe('stageProgress', () => {
  it('reports the start, then each whole percent reached once, never going back, however many units the loop has', () => {
    const reports: [SetupStage, number][] = [];
    const advance = stageProgress((stage, fraction) => reports.push([stage, fraction]), 'operator');
    expect(reports).toEqual([['operator', 0]]);
    const units = 1_000_003;
    for (let i = 1; i <= units; i++) advance?.(i / units);
    advance?.(0.5);
    expect(reports).toHaveLength(STAGE_PROGRESS_STEPS + 1);
    expect(reports.every(([stage]) => stage === 'operator')).toBe(true);
    expect(reports.map(([, fraction]) => fraction)).toEqual(Array.from({ length: STAGE_PROGRESS_STEPS + 1 }, (_, i) => i / STAGE_PROGRESS_STEPS));
  });

  it('skips percents a coarse loop jumps over and needs no listener', () => {
    const fractions: number[] = [];
    const advance = stageProgress((_stage, fraction) => fractions.push(fraction), 'problem');
    for (const fraction of [1 / 3, 2 / 3, 1]) advance?.(fraction);
    expect(fractions).toEqual([0, 0.33, 0.66, 1]);
    expect(stageProgress(undefined, 'problem')).toBeUndefined();
  });

  it('prints the fraction as whole percent', () => {
    expect(setupFractionText(0)).toBe('0%');
    expect(setupFractionText(0.42)).toBe('42%');
    expect(setupFractionText(1)).toBe('100%');
  });
});

describe('setupRun progress', () => {
  it('reports the problem and the Gram fold from start to end, in order, without changing what it builds', () => {
    const cfg = config({ d: 8, k: 8, r: 2, n: 700, operator: 'gram' });
    const reports: [SetupStage, number][] = [];
    const reported = setupRun(cfg, { onStage: (stage, fraction) => reports.push([stage, fraction]) });
    const quiet = setupRun(cfg);

    expect(reports.map(([stage]) => stage).filter((stage, i, all) => stage !== all[i - 1])).toEqual(SETUP_STAGES.slice(0, 2));
    for (const stage of ['problem', 'operator'] as const) {
      const fractions = reports.filter(([s]) => s === stage).map(([, fraction]) => fraction);
      expect(fractions[0]).toBe(0);
      expect(fractions.at(-1)).toBe(1);
      expect(fractions.every((fraction, i) => i === 0 || fraction > fractions[i - 1])).toBe(true);
      // 700 measurements in blocks of 64 give fewer reports than percents; the draw gives one per percent.
      expect(fractions.length).toBeGreaterThan(stage === 'problem' ? STAGE_PROGRESS_STEPS / 2 : 10);
    }
    expect(reported.problem.A).toEqual(quiet.problem.A);
    expect(reported.problem.y).toEqual(quiet.problem.y);
    expect(reported.operator.value(reported.U0, reported.k)).toBe(quiet.operator.value(quiet.U0, quiet.k));
  });

  it('draws the measurements row by row as the same numbers as one draw of the whole array', () => {
    const cfg = config({ d: 5, k: 5, r: 2, n: 40 });
    const seeds = resolveSeeds(cfg);
    const problem = generateProblem(cfg, seeds, () => undefined);
    expect(problem.A).toEqual(new Rng(seeds.sensing).fillNormal(new Float64Array(cfg.n * cfg.d * cfg.d)));
  });

  it('reports nothing for what it is given instead of building', () => {
    const cfg = config({ d: 6, k: 6, r: 2, n: 300 });
    const first = setupRun(cfg);
    const stages: SetupStage[] = [];
    setupRun(cfg, { problem: first.problem, operator: first.operator, onStage: (stage) => stages.push(stage) });
    expect(stages).toEqual([]);
  });
});
