import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSweepFile } from '../core/sweepFile';
import { runCli } from './testing';

const workDir = mkdtempSync(path.join(os.tmpdir(), 'prunelab-sweep-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));


function writeJson(name: string, value: unknown): string {
  const file = path.join(workDir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

const readText = (file: string): string => readFileSync(file, 'utf8');

/** A population problem small enough for a dozen cells in a second. */
const SMALL = { model: 'population', d: 6, k: 6, r: 2, steps: 200, fineTuneSteps: 30, eta: 0.05 };
const GRID = { lambda: [0.01, 0.1, 1], seed: [1, 2], beta: [0.01] };
const CELLS = 6;

describe('sweep and merge', () => {
  const config = writeJson('small.json', SMALL);
  const grid = writeJson('grid.json', GRID);
  const sweep = (out: string, extra: string[] = [], env: Record<string, string> = {}) =>
    runCli(['sweep', '--config', config, '--grid', grid, '--out', path.join(workDir, out), ...extra], env);
  let whole: Awaited<ReturnType<typeof runCli>>;
  let wholeText: string;
  beforeAll(async () => {
    whole = await sweep('whole');
    wholeText = readText(path.join(workDir, 'whole', 'sweep.json'));
  });

  it('runs the whole grid: one cell per grid point with its keys, kept and testError', async () => {
    expect(whole.stderr).toBe('');
    expect(whole.code).toBe(0);
    expect(whole.stdout).toMatch(/whole grid: 6 of 6 cells over lambda × seed/);
    const file = JSON.parse(wholeText);
    expect(file).toMatchObject({ format: 'prunelab-sweep', formatVersion: 2, grid: GRID, cellCount: CELLS, shard: null });
    expect(file.config).toMatchObject(SMALL);
    expect(file.cells).toHaveLength(CELLS);
    expect(file.cells[3].values).toEqual({ lambda: 0.1, seed: 2, beta: 0.01 });
    for (const cell of file.cells) {
      expect(typeof cell.result.kept).toBe('number');
      expect(cell.result).toHaveProperty('testError');
      // The CLI's default kernels (auto: wasm f64), on one thread for steps this small, like run files record them.
      expect(cell.result.kernel).toEqual({ name: 'wasm', precision: 'f64', threads: 1 });
    }
    expect(whole.stdout).toContain('; kernels wasm f64 · 1 thread');
    expect(parseSweepFile(file).ok).toBe(true);
  });

  it('runs each cell on the kernels of its kernel key, which the grid may vary, on --threads threads', async () => {
    const kernels = writeJson('kernel-grid.json', { kernel: ['js', 'wasm', 'wasm-f32'] });
    const result = await runCli(['sweep', '--config', config, '--grid', kernels, '--out', path.join(workDir, 'kernels'), '--threads', '2']);
    expect(result.code).toBe(0);
    const file = JSON.parse(readText(path.join(workDir, 'kernels', 'sweep.json')));
    expect(file.cells.map((cell: { result: { kernel: unknown } }) => cell.result.kernel)).toEqual([
      { name: 'js', precision: 'f64', threads: 1 },
      { name: 'wasm', precision: 'f64', threads: 2 },
      { name: 'wasm', precision: 'f32', threads: 2 },
    ]);
    expect(result.stdout).toContain('; kernels js f64 · 1 thread, wasm f64 · 2 threads, wasm float32 (fast) · 2 threads');
  });

  it('sharded by flag and merged equals the unsharded run, byte for byte', async () => {
    const parts = [];
    for (const i of [1, 2, 3]) parts.push(await sweep(`flag-${i}`, ['--shard', `${i}/3`]));
    for (const part of parts) expect(part.code).toBe(0);
    expect(JSON.parse(readText(path.join(workDir, 'flag-2', 'sweep.json')))).toMatchObject({ shard: { index: 2, count: 3 } });
    const merged = await runCli(['merge', '--out', path.join(workDir, 'merged'), ...[1, 2, 3].map((i) => path.join(workDir, `flag-${i}`))]);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(readText(path.join(workDir, 'merged', 'sweep.json'))).toBe(wholeText);
  });

  it('takes the shard from a Slurm job array or a Kubernetes Indexed Job', async () => {
    const slurm = (id: number) => ({ SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: '4', SLURM_ARRAY_TASK_COUNT: '2' });
    expect((await sweep('slurm-a', [], slurm(4))).stdout).toMatch(/shard 1\/2 \(from the Slurm array\): 3 of 6 cells/);
    expect((await sweep('slurm-b', [], slurm(5))).code).toBe(0);
    const k8s = (index: number) => ({ JOB_COMPLETION_INDEX: String(index), PRUNELAB_SHARDS: '4' });
    for (const index of [0, 1, 2]) expect((await sweep(`k8s-${index}`, [], k8s(index))).code).toBe(0);
    expect((await sweep('k8s-3', ['--shards', '4'], { JOB_COMPLETION_INDEX: '3' })).stdout).toMatch(/shard 4\/4 \(from the Kubernetes Indexed Job\): 1 of 6/);
    const mergeOf = (out: string, dirs: string[]) => runCli(['merge', '--out', path.join(workDir, out), ...dirs.map((d) => path.join(workDir, d))]);
    expect((await mergeOf('merged-slurm', ['slurm-b', 'slurm-a'])).code).toBe(0);
    expect(readText(path.join(workDir, 'merged-slurm', 'sweep.json'))).toBe(wholeText);
    expect((await mergeOf('merged-k8s', ['k8s-0', 'k8s-1', 'k8s-2', 'k8s-3'])).code).toBe(0);
    expect(readText(path.join(workDir, 'merged-k8s', 'sweep.json'))).toBe(wholeText);
    // The flag wins over the environment.
    expect((await sweep('flag-over-env', ['--shard', '2/2'], slurm(4))).stdout).toMatch(/shard 2\/2: 3 of 6/);
  });

  it('refuses missing, overlapping and mismatched shards with one line each', async () => {
    const cases: [string[], RegExp][] = [
      [['flag-1', 'flag-2'], /2 of 6 cells are missing: 2 \(lambda = 0\.1, seed = 1, beta = 0\.01\), 5 .*merge the output of every shard/],
      [['flag-1', 'flag-2', 'flag-3', 'slurm-a'], /cell 0 \(lambda = 0\.01, seed = 1, beta = 0\.01\) is in both .*flag-1.* and .*slurm-a/],
      [['nowhere'], /cannot read the shard .*nowhere: no such file or directory/],
    ];
    for (const [dirs, pattern] of cases) {
      const result = await runCli(['merge', '--out', path.join(workDir, 'refused'), ...dirs.map((d) => path.join(workDir, d))]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(pattern);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    const other = await runCli(['sweep', '--config', config, '--grid', '{"lambda": [0.01, 0.1, 1], "seed": [1, 3], "beta": [0.01]}', '--out', path.join(workDir, 'other'), '--shard', '2/2']);
    expect(other.code).toBe(0);
    const mismatch = await runCli(['merge', '--out', path.join(workDir, 'refused'), path.join(workDir, 'flag-1'), path.join(workDir, 'other')]);
    expect(mismatch.stderr).toMatch(/has a different grid than/);
    const otherConfig = writeJson('other-config.json', { ...SMALL, steps: 100 });
    await runCli(['sweep', '--config', otherConfig, '--grid', grid, '--out', path.join(workDir, 'other-config'), '--shard', '2/2']);
    const configMismatch = await runCli(['merge', '--out', path.join(workDir, 'refused'), path.join(workDir, 'slurm-a'), path.join(workDir, 'other-config')]);
    expect(configMismatch.stderr).toMatch(/different base configuration than .* \(differs in steps\)/);
  });

  it('refuses bad grids and shard settings before running anything', async () => {
    const cases: [string[], Record<string, string>, number, RegExp][] = [
      [['--grid', '{"lambda": 0.1}'], {}, 1, /grid key "lambda" must be a non-empty list of values/],
      [['--grid', '{"lamda": [0.1]}'], {}, 1, /unknown grid key "lamda"; allowed keys are model, d, k/],
      [['--grid', '{"eta": [0.1, -1]}'], {}, 1, /grid key "eta": eta must be a number greater than 0/],
      [['--grid', '{"r": [2, 9]}'], {}, 1, /1 of 2 grid combinations are not valid configurations: r = 9: r = 9 exceeds d = 6/],
      [['--grid', '{"seed": [1, 1]}'], {}, 1, /grid key "seed" lists a value twice/],
      [['--grid', '{"seed": [1'], {}, 1, /the inline --grid is not valid JSON/],
      [['--grid', path.join(workDir, 'none.json')], {}, 1, /cannot read the grid file .*none\.json: no such file/],
      [['--grid', grid, '--shard', '3/2'], {}, 2, /--shard must be i\/N with 1 ≤ i ≤ N/],
      [['--grid', grid, '--shard', '0/2'], {}, 2, /counted from 1/],
      [['--grid', grid], { SLURM_ARRAY_TASK_ID: '9', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '4' }, 2, /Slurm task 9 is not one of the 4 tasks from 0: use a contiguous array/],
      [['--grid', grid], { JOB_COMPLETION_INDEX: '0' }, 2, /JOB_COMPLETION_INDEX is set but the number of shards is not: pass --shards N/],
      [['--grid', grid], { JOB_COMPLETION_INDEX: '4', PRUNELAB_SHARDS: '4' }, 2, /JOB_COMPLETION_INDEX 4 is not below the 4 shards/],
      [['--grid', grid, '--shards', '3'], {}, 2, /--shards needs a Kubernetes Indexed Job/],
    ];
    for (const [flags, env, code, pattern] of cases) {
      const result = await runCli(['sweep', '--config', config, '--out', path.join(workDir, 'refused-sweep'), ...flags], env);
      expect(result.stderr).toMatch(pattern);
      expect(result.code).toBe(code);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('scaling', () => {
  const config = writeJson('scaling.json', { d: 6, k: 6, r: 2, n: 300, steps: 400, fineTuneSteps: 60, eta: 0.05, fineTuneEta: 0.05 });
  const out = path.join(workDir, 'scaling');
  let result: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    result = await runCli(['scaling', '--config', config, '--n', '200,400,800', '--seeds', '2', '--out', out]);
  });

  it('writes scaling.json with every point, the slope as a number and its interval', async () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const doc = JSON.parse(readText(path.join(out, 'scaling.json')));
    expect(doc).toMatchObject({ format: 'prunelab-scaling', formatVersion: 1, n: [200, 400, 800], seeds: [1, 2], predictedSlope: -0.5 });
    expect(doc.points).toHaveLength(6);
    expect(typeof doc.slope).toBe('number');
    expect(doc.slopeInterval.low).toBeLessThan(doc.slope);
    expect(doc.slopeInterval.high).toBeGreaterThan(doc.slope);
    expect(doc.slopeMethod).toMatch(/Student-t/);
    for (const point of doc.points) {
      expect(point.reference).toBeCloseTo(0.1 * Math.sqrt((2 * 6) / point.n), 12);
      expect(point.kernel).toEqual({ name: 'wasm', precision: 'f64', threads: 1 });
    }
    expect(result.stdout).toMatch(/testError: slope -?\d/);
    expect(result.stdout).toContain('; kernels wasm f64 · 1 thread');
  });

  it('draws scaling.svg on log-log axes', async () => {
    const doc = new new JSDOM().window.DOMParser().parseFromString(readText(path.join(out, 'scaling.svg')), 'image/svg+xml');
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(doc.documentElement.textContent).toContain('σ√(rd/n)');
    expect(doc.documentElement.textContent).toContain('exact r recovered: n = 200:');
  });

  it('refuses the population model, λ = 0 and a grid of one n', async () => {
    const population = writeJson('population.json', { model: 'population' });
    expect((await runCli(['scaling', '--config', population, '--n', '200,400', '--out', out])).stderr).toMatch(/needs samples: use model "empirical" or "quadratic"/);
    const noPenalty = writeJson('no-penalty.json', { lambda: 0 });
    expect((await runCli(['scaling', '--config', noPenalty, '--n', '200,400', '--out', out])).stderr).toMatch(/needs lambda > 0/);
    expect((await runCli(['scaling', '--config', config, '--n', '200', '--out', out])).stderr).toMatch(/give at least two values of n/);
    expect((await runCli(['scaling', '--config', config, '--n', '200,abc', '--out', out])).code).toBe(2);
  });
});
