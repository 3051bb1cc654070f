import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config';
import { presetConfig } from '../core/presets';
import { main, type CliIo } from './cli';
import { figure1Config } from './args';
import { figure1Outputs } from './compare';
import fixture from './fixtures/problem-trajectory.json';

const workDir = mkdtempSync(path.join(os.tmpdir(), 'prunelab-commands-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function silentIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  let clock = 0;
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    stderrIsTTY: false,
    now: () => (clock += 1),
  };
}

interface Entry {
  step: number;
  loss: number;
  objective?: number;
  gradNorm: number;
  testError?: number;
}

/** Largest relative difference |a − b| / max(|b|, floor) over matching entries. */
function relativeGap(actual: readonly number[], expected: readonly number[], floor: number): number {
  expect(actual).toHaveLength(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), floor));
  }
  return worst;
}

function historyGap(actual: Entry[], expected: Entry[], keys: (keyof Entry)[]): number {
  expect(actual.map((e) => e.step)).toEqual(expected.map((e) => e.step));
  return Math.max(...keys.map((key) => relativeGap(actual.map((e) => e[key] as number), expected.map((e) => e[key] as number), 1e-300)));
}

describe('run --problem with U0 follows math.md exactly (numpy reference, scripts/cli_reference.py)', () => {
  const problemFile = path.join(workDir, 'problem.json');
  writeFileSync(problemFile, JSON.stringify(fixture.problem));

  // The direct operator does the same sums as the reference; the Gram fold regroups them.
  for (const [operator, tolerance] of [['direct', 1e-12], ['gram', 1e-10]] as const) {
    it(`matches the numpy trajectory step by step with the ${operator} operator`, async () => {
      const configFile = path.join(workDir, `config-${operator}.json`);
      writeFileSync(configFile, JSON.stringify({ ...fixture.config, operator }));
      const out = path.join(workDir, `out-${operator}`);
      const io = silentIo();
      expect(await main(['run', '--config', configFile, '--problem', problemFile, '--out', out], io)).toBe(0);
      expect(io.err).toEqual([]);
      const run = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
      const expected = fixture.expected;

      expect(run.problemFile).toBe(problemFile);
      expect(run.operatorKind).toBe(operator);
      expect(run.config).toMatchObject({ model: 'empirical', d: fixture.problem.d, k: fixture.problem.k, n: fixture.problem.y.length, r: 2 });
      expect(historyGap(run.phase1.history, expected.phase1.history, ['loss', 'objective', 'gradNorm', 'testError'])).toBeLessThan(tolerance);
      expect(run.kept).toEqual(expected.kept);
      // A problem file carries no held-out test set.
      expect([...run.phase1.history, ...run.finetune.history].some((entry: Entry) => 'heldOutLoss' in entry)).toBe(false);
      expect(historyGap(run.finetune.history, expected.finetune.history, ['loss', 'gradNorm', 'testError'])).toBeLessThan(tolerance);
      // Final U after each phase, relative to the matrix's scale.
      const scale = (values: number[]) => Math.max(...values.map(Math.abs));
      expect(relativeGap(run.phase1.U, expected.phase1.U, scale(expected.phase1.U))).toBeLessThan(tolerance);
      expect(relativeGap(run.finetune.U, expected.finetune.U, scale(expected.finetune.U))).toBeLessThan(tolerance);
    });
  }
});

describe('figure1', () => {
  it('runs the figure1 preset, phase 1 only, with --steps and --seed applied', () => {
    const preset = presetConfig('figure1');
    const config = figure1Config({ steps: 7, seed: 9 });
    expect(config).toEqual({ ...preset, steps: 7, seed: 9, fineTuneSteps: 0 });
    expect(parseConfig(config).ok).toBe(true);
    expect(figure1Config()).toMatchObject({ model: 'population', d: 500, k: 500, r: 4, steps: preset.steps });
  });

  it('writes the fraction curve and histogram of both runs as SVG and CSV', () => {
    const parsed = parseConfig({ ...presetConfig('figure1'), d: 20, k: 20, steps: 300, fineTuneSteps: 0 });
    if (!parsed.ok) throw new Error('test configuration refused');
    const out = path.join(workDir, 'figure1');
    const io = silentIo();
    const comparison = figure1Outputs(parsed.config, out, io);
    expect(comparison.regularized.lambda).toBeGreaterThan(0);
    expect(comparison.unregularized.lambda).toBe(0);

    const fraction = readFileSync(path.join(out, 'fraction.csv'), 'utf8').trim().split(/\r?\n/);
    expect(fraction[0]).toMatch(/^x,F\(x\) λ = 0\.05 \(group Lasso\),F\(x\) λ = 0 \(no penalty\)$/);
    expect(fraction).toHaveLength(1 + 101);
    expect(fraction[1]).toBe('0,1,1');
    const last = fraction[fraction.length - 1].split(',').map(Number);
    expect(last[0]).toBe(1);
    // F(1) counts the columns at the maximum: at least one of k.
    expect(last[1]).toBeGreaterThanOrEqual(1 / 20);

    const histogram = readFileSync(path.join(out, 'histogram.csv'), 'utf8').trim().split(/\r?\n/);
    expect(histogram[0]).toBe('binStart,binEnd,count λ = 0.05 (group Lasso),count λ = 0 (no penalty)');
    const counts = histogram.slice(1).map((line) => line.split(',').map(Number));
    expect(counts.reduce((sum, row) => sum + row[2], 0)).toBe(20);
    expect(counts.reduce((sum, row) => sum + row[3], 0)).toBe(20);
    for (const name of ['fraction.svg', 'histogram.svg']) {
      expect(readFileSync(path.join(out, name), 'utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
    expect(io.out.join('')).toMatch(/λ = 0: \d+ of 20 columns ≥ τ/);
  });
});

describe('figure1 tells the reader what its numbers are (finding 12)', () => {
  const small = (steps: number) => {
    const parsed = parseConfig({ ...presetConfig('figure1'), d: 20, k: 20, steps, checkpointEvery: 10, fineTuneSteps: 0 });
    if (!parsed.ok) throw new Error('test configuration refused');
    return parsed.config;
  };

  it('says when phase 1 has not settled, from the columns above τ still changing', () => {
    const io = silentIo();
    figure1Outputs(small(40), path.join(workDir, 'figure1-short'), io);
    expect(io.out.join('')).toMatch(/phase 1 has not settled: the columns above τ went from \d+ to \d+ between steps 20 and 40, .*train longer \(--steps more than 40\)/);
  });

  it('says nothing of settling once the counts held still', () => {
    const io = silentIo();
    figure1Outputs(small(3000), path.join(workDir, 'figure1-long'), io);
    expect(io.out.join('')).not.toContain('has not settled');
  });

  it('refuses an output file it cannot write before training, not after', () => {
    const out = path.join(workDir, 'figure1-blocked');
    mkdirSync(path.join(out, 'histogram.svg'), { recursive: true });
    const io = silentIo();
    expect(() => figure1Outputs(small(40), out, io)).toThrow(/cannot write .*histogram\.svg: it is a directory/);
    expect(io.err.join('')).toBe('');
    expect(() => readFileSync(path.join(out, 'fraction.svg'))).toThrow();
  });
});

describe('the CLI as a process', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const cli = path.join(root, 'src', 'cli', 'main.ts');

  it('exits 2 with one line and no stack trace on a bad flag', async () => {
    const failure = await promisify(execFile)(tsx, [cli, 'run', '--out', workDir, '--bogus'], { cwd: root }).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure).not.toBeNull();
    expect(failure?.code).toBe(2);
    expect(failure?.stdout).toBe('');
    expect(failure?.stderr).toBe('prunelab: unknown flag --bogus for run; it takes --config, --out, --seed, --problem, --threads (see --help)\n');
  });
});
