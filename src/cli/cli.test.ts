import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_KEYS, DEFAULT_CONFIG, parseConfig, type RunConfig } from '../core/config';
import { defaultThreads } from '../core/kernelChoice';
import { runPipeline } from '../core/run';
import { HISTORY_CSV_COLUMNS, RUN_FILE_FORMAT, RUN_FILE_VERSION, compareRunFiles, parseRunFile, runFileFromResult } from '../core/runFile';
import { runCli, type CliRun } from './testing';
import { configTable } from './help';
import { defaultCliThreads, withKernels } from './kernels';

const workDir = mkdtempSync(path.join(os.tmpdir(), 'prunelab-cli-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));


function writeJson(name: string, value: unknown): string {
  const file = path.join(workDir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

function expectWellFormedSvg(file: string): Document {
  const { DOMParser } = new JSDOM().window;
  const doc = new DOMParser().parseFromString(readFileSync(file, 'utf8'), 'image/svg+xml');
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  expect(doc.documentElement.tagName).toBe('svg');
  return doc;
}

/** A small empirical problem that separates in a few hundred steps. */
const TINY = { d: 8, k: 8, r: 2, n: 300, steps: 600, fineTuneSteps: 60, checkpointEvery: 20 };

describe('run', () => {
  const out = path.join(workDir, 'run');
  const config = writeJson('tiny.json', TINY);
  let result: CliRun;
  beforeAll(async () => {
    result = await runCli(['run', '--config', config, '--out', out, '--seed', '3']);
  });

  it('exits 0, prints a summary and writes every documented file', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/phase 1: 600 steps/);
    // kernel "auto": WebAssembly SIMD in float64 on Node; a step this small runs on one thread.
    expect(result.stdout).toMatch(/; kernels wasm f64 · 1 thread; seed 3/);
    expect(result.stdout).toMatch(/kept columns \(0-based\): \d/);
    for (const name of ['run.json', 'history.csv', 'column-norms.svg', 'fraction.svg', 'histogram.svg', 'finetune-loss.svg']) {
      expect(result.stdout).toContain(path.join(out, name));
    }
  });

  it('writes run.json with the documented keys and shapes', () => {
    const run = readJson(path.join(out, 'run.json'));
    expect(run.format).toBe(RUN_FILE_FORMAT);
    expect(run.formatVersion).toBe(RUN_FILE_VERSION);
    expect(run.problemFile).toBeNull();
    expect(run.kernel).toEqual({ name: 'wasm', precision: 'f64', threads: 1 });
    const config = run.config as Record<string, unknown>;
    expect(Object.keys(config).sort()).toEqual([...CONFIG_KEYS].sort());
    expect(config.seed).toBe(3);
    expect(Object.keys(run.seeds as object).sort()).toEqual(['init', 'noise', 'sensing', 'test', 'truth']);
    const phase1 = run.phase1 as { U: number[]; rows: number; cols: number; history: Record<string, number>[]; eigenvalues: number[] };
    expect(phase1.U).toHaveLength(TINY.d * TINY.k);
    expect([phase1.rows, phase1.cols]).toEqual([TINY.d, TINY.k]);
    expect(phase1.eigenvalues).toHaveLength(TINY.d);
    expect(phase1.history[0]).toMatchObject({ step: 0 });
    for (const entry of phase1.history) {
      expect(typeof entry.loss).toBe('number');
      expect(typeof entry.objective).toBe('number');
      expect(typeof entry.aboveTau).toBe('number');
      expect(entry.heldOutLoss).toBeGreaterThan(0);
    }
    expect(phase1.history.map((h) => h.step)).toEqual(Array.from({ length: TINY.steps / TINY.checkpointEvery }, (_, i) => i * TINY.checkpointEvery));
    const kept = run.kept as number[];
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept.every((i) => Number.isInteger(i) && i >= 0 && i < TINY.k)).toBe(true);
    const finetune = run.finetune as { U: number[]; rows: number; cols: number; history: Record<string, number>[] };
    expect(finetune.U).toHaveLength(TINY.d * kept.length);
    expect([finetune.rows, finetune.cols]).toEqual([TINY.d, kept.length]);
    expect(finetune.history[0].step).toBe(0);
    expect(finetune.history.every((h) => typeof h.loss === 'number' && h.objective === undefined && h.heldOutLoss > 0)).toBe(true);
    expect(run.tau).toBeCloseTo(Math.sqrt(2 * DEFAULT_CONFIG.beta), 12);
    expect(run.status).toEqual({ kind: 'completed' });
    expect(run.rate).toMatchObject({ rho: expect.any(Number), C: expect.any(Number), r2: expect.any(Number) });
    expect(run.theory).toMatchObject({ learnableDirections: TINY.r, stabilityBound: expect.any(Number) });
  });

  it('writes run.json in the lab\'s run file format, so the lab imports it and re-running it on the same kernels repeats it bit for bit', async () => {
    const parsed = parseRunFile(readFileSync(path.join(out, 'run.json'), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    expect(parsed.warnings).toEqual([]);
    expect(parsed.replayConfig.seed).toBe(3);
    // Another thread count gives the same bits; another kernel would only agree to 1e-10.
    const rerun = await withKernels(parsed.replayConfig.kernel, 1, (backend) => runFileFromResult(runPipeline(parsed.replayConfig, { overrides: { backend } })));
    expect(compareRunFiles(parsed.run, rerun)).toMatchObject({ identical: true, difference: null });
  });

  it('writes history.csv with both phases', () => {
    const lines = readFileSync(path.join(out, 'history.csv'), 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe(HISTORY_CSV_COLUMNS.join(','));
    const phases = new Set(lines.slice(1).map((line) => line.split(',')[0]));
    expect(phases).toEqual(new Set(['train', 'finetune']));
    const heldOut = lines[0].split(',').indexOf('heldOutLoss');
    expect(lines.slice(1).every((line) => Number(line.split(',')[heldOut]) > 0)).toBe(true);
  });

  it('draws τ on the column norms and the fitted rate on the fine-tuning loss', () => {
    const norms = expectWellFormedSvg(path.join(out, 'column-norms.svg'));
    expect([...norms.querySelectorAll('.pl-tau-label')].some((t) => t.textContent?.startsWith('τ = 0.141'))).toBe(true);
    expect(norms.querySelector('line.pl-tau-line')).not.toBeNull();
    const loss = expectWellFormedSvg(path.join(out, 'finetune-loss.svg'));
    expect([...loss.querySelectorAll('.pl-figure-line')].some((t) => /ρ = 0\.\d+ per step/.test(t.textContent ?? ''))).toBe(true);
    expect(loss.querySelectorAll('.pl-y-axis text').length).toBeGreaterThan(0);
    expectWellFormedSvg(path.join(out, 'fraction.svg'));
    expectWellFormedSvg(path.join(out, 'histogram.svg'));
  });

  it('is reproducible from the same configuration and seed', async () => {
    const again = path.join(workDir, 'run-again');
    expect((await runCli(['run', '--config', config, '--out', again, '--seed', '3'])).code).toBe(0);
    expect(readFileSync(path.join(again, 'run.json'), 'utf8')).toBe(readFileSync(path.join(out, 'run.json'), 'utf8'));
  });
});

describe('run with λ above the learnability bound', () => {
  it('keeps no column, explains why and writes no fine-tuning figure', async () => {
    const out = path.join(workDir, 'stuck');
    const { code, stdout } = await runCli(['run', '--config', writeJson('stuck.json', { ...TINY, steps: 200, lambda: 0.5 }), '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/kept columns: none, so there is nothing to fine-tune; λ = 0\.5 is above the learnability bound [\d.]+ \[derived\] of every direction/);
    expect(readJson(path.join(out, 'run.json')).kept).toEqual([]);
    expect(stdout).not.toContain('finetune-loss.svg');
  });
});

describe('compare', () => {
  const out = path.join(workDir, 'compare');
  let result: CliRun;
  beforeAll(async () => {
    result = await runCli(['compare', '--config', writeJson('tiny-compare.json', TINY), '--out', out]);
  });

  it('prints the side-by-side table', () => {
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.some((line) => /^\s+λ = 0\.05\s+λ = 0$/.test(line))).toBe(true);
    for (const metric of [
      'columns ≥ τ after phase 1',
      'fraction of columns ≥ 0.5·max',
      'test error before pruning',
      'test error after pruning',
      'test error after prune + fine-tune',
      'test error keeping the r largest + fine-tune',
    ]) {
      expect(lines.some((line) => line.startsWith(metric))).toBe(true);
    }
  });

  it('writes compare.json and compare.csv with both arms', () => {
    const comparison = readJson(path.join(out, 'compare.json'));
    expect(comparison.format).toBe('prunelab-cli-compare');
    expect(comparison.formatVersion).toBe(2);
    const arms = [comparison.regularized, comparison.unregularized] as Record<string, unknown>[];
    expect(arms.map((arm) => arm.lambda)).toEqual([DEFAULT_CONFIG.lambda, 0]);
    for (const arm of arms) {
      for (const key of ['columnsAboveTau', 'fractionAtHalfMax', 'testErrorBeforePruning', 'testErrorAfterPruning', 'testErrorAfterFineTune', 'testErrorLargestColumnsFineTuned']) {
        expect(typeof arm[key]).toBe('number');
      }
    }
    const reg = (comparison.regularized as { result: { phase1: { history: { loss: number }[] } } }).result;
    expect(parseRunFile((comparison.regularized as { result: unknown }).result).ok).toBe(true);
    const unreg = (comparison.unregularized as { result: { phase1: { history: { loss: number }[] } } }).result;
    // Same problem and U₀: the loss before the first step is the same in both arms.
    expect(reg.phase1.history[0].loss).toBe(unreg.phase1.history[0].loss);
    expect((comparison.regularized as { columnsAboveTau: number }).columnsAboveTau).toBeLessThan(
      (comparison.unregularized as { columnsAboveTau: number }).columnsAboveTau,
    );
    const csv = readFileSync(path.join(out, 'compare.csv'), 'utf8').trim().split(/\r?\n/);
    expect(csv[0]).toBe('metric,λ = 0.05,λ = 0');
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual([
      'columnsAboveTau',
      'fractionAtHalfMax',
      'testErrorBeforePruning',
      'testErrorAfterPruning',
      'testErrorAfterFineTune',
      'testErrorLargestColumnsFineTuned',
    ]);
    expectWellFormedSvg(path.join(out, 'fraction.svg'));
    expectWellFormedSvg(path.join(out, 'histogram.svg'));
  });
});

describe('help', () => {
  it('lists every configuration key with its default from DEFAULT_CONFIG', async () => {
    const { code, stdout } = await runCli(['run', '--help']);
    expect(code).toBe(0);
    for (const key of CONFIG_KEYS) {
      const line = stdout.split('\n').find((l) => l.trimStart().startsWith(`${key} `));
      expect(line, key).toBeDefined();
      expect(line).toContain(JSON.stringify(DEFAULT_CONFIG[key]));
    }
  });

  it('is copied verbatim into the README', () => {
    const docs = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(docs).toContain(`\n${configTable()}\n`);
  });

  it('shows the figure1 preset for figure1', async () => {
    const { code, stdout } = await runCli(['figure1', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/model\s+"population"/);
    expect(stdout).toMatch(/d\s+500/);
    expect(stdout).toMatch(/fineTuneSteps\s+0/);
  });
});

describe('bad inputs', () => {
  const out = path.join(workDir, 'bad');
  const cases: [string, string[], number, RegExp][] = [
    ['unknown flag', ['run', '--out', out, '--fast'], 2, /unknown flag --fast for run/],
    ['unknown config key', ['run', '--config', writeJson('unknown.json', { d: 8, speed: 2 }), '--out', out], 1, /unknown key "speed"; allowed keys are model, d/],
    ['out-of-range value', ['run', '--config', writeJson('range.json', { eta: -1 }), '--out', out], 1, /eta must be a number greater than 0/],
    ['invalid JSON', ['run', '--config', writeJson('broken.json', '{"d": 8,'), '--out', out], 1, /broken\.json is not valid JSON/],
    ['missing file', ['run', '--config', path.join(workDir, 'nope.json'), '--out', out], 1, /cannot read the config file .*nope\.json: no such file/],
    ['several errors on one line', ['run', '--config', writeJson('two.json', { d: 0, k: 'x' }), '--out', out], 1, /d must be .*; k must be/],
    ['bad problem file', ['run', '--problem', writeJson('problem-bad.json', { model: 'empirical', d: 2, k: 2, y: [1], A: [1, 2] }), '--out', out], 1, /problem file .*"A" has 2 numbers but must have 4/],
    [
      'config contradicting the problem file',
      ['run', '--config', writeJson('contradict.json', { d: 5 }), '--problem', writeJson('problem-ok.json', { model: 'population', d: 2, k: 2, Mstar: [1, 0, 0, 0.5] }), '--out', out],
      1,
      /sets d = 5 but the problem file .* has d = 2; drop "d"/,
    ],
    ['output path is a file', ['run', '--config', writeJson('ok.json', { d: 4, k: 4, r: 1, n: 20, steps: 1, fineTuneSteps: 1 }), '--out', writeJson('a-file', 'x')], 1, /cannot create the output directory/],
    [
      'diverging step size',
      ['run', '--config', writeJson('diverge.json', { ...TINY, eta: 10, steps: 200 }), '--out', out],
      1,
      /^prunelab: phase 1 diverged: objective .* at step \d+ with η₁ = 10; rolled back to step \d+\. Try eta ≤ [\d.]+, below the stability bound .* \[derived\]\.\n$/,
    ],
    ['a file where a parent directory should be', ['run', '--config', writeJson('ok2.json', { d: 4, k: 4, r: 1, n: 20, steps: 1, fineTuneSteps: 1 }), '--out', path.join(writeJson('parent-file', 'x'), 'sub', 'dir')], 1, /cannot create the output directory .*sub[/\\]dir: .*parent-file is not a directory/],
    ['field and cross-field errors together', ['run', '--config', writeJson('mixed.json', { d: 10, r: 20, eta: 0 }), '--out', out], 1, /eta must be a number greater than 0.*; r = 20 exceeds d = 10; choose r ≤ d/],
    ['unknown key beside a cross-field error', ['run', '--config', writeJson('lamda.json', { d: 10, r: 20, lamda: 1 }), '--out', out], 1, /unknown key "lamda".*; r = 20 exceeds d = 10/],
  ];
  for (const [name, argv, status, pattern] of cases) {
    it(`${name}: exit ${status} with one line on stderr`, async () => {
      const { code, stderr } = await runCli(argv);
      expect(code).toBe(status);
      expect(stderr).toMatch(pattern);
      expect(stderr.startsWith('prunelab: ')).toBe(true);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    });
  }
});

describe('kernels', () => {
  it('run a small step on one thread and a large one on this machine\'s cores unless --threads says otherwise', () => {
    const parse = (overrides: Partial<RunConfig>) => {
      const parsed = parseConfig(overrides);
      if (!parsed.ok) throw new Error('invalid test configuration');
      return parsed.config;
    };
    expect(defaultCliThreads(parse(TINY))).toBe(1);
    expect(defaultCliThreads(parse({ d: 50, k: 50, n: 3000, operator: 'gram' }))).toBe(1);
    expect(defaultCliThreads(parse({ model: 'population', d: 500, k: 500, r: 4 }))).toBe(defaultThreads(os.availableParallelism()));
  });

  it('float32 runs say so in the summary and the figures; --threads and js are honoured', async () => {
    const config = writeJson('f32.json', { model: 'population', d: 12, k: 10, r: 2, steps: 60, fineTuneSteps: 10, kernel: 'wasm-f32' });
    const out = path.join(workDir, 'f32');
    const result = await runCli(['run', '--config', config, '--out', out, '--threads', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/60 steps, float32 \(fast\); operator population; kernels wasm float32 \(fast\) · 1 thread;/);
    expect(readFileSync(path.join(out, 'fraction.svg'), 'utf8')).toContain('float32 (fast)');
    expect(readJson(path.join(out, 'run.json')).kernel).toEqual({ name: 'wasm', precision: 'f32', threads: 1 });
    const js = await runCli(['run', '--config', writeJson('js.json', { ...TINY, kernel: 'js' }), '--out', path.join(workDir, 'js')]);
    expect(js.stdout).toContain('; kernels js f64 · 1 thread;');
  });

  it('label what computed, not what was asked: wasm-f32 on a model without float32 kernels runs and says float64 everywhere', async () => {
    const out = path.join(workDir, 'asked-fast');
    const result = await runCli(['run', '--config', writeJson('asked-fast.json', { ...TINY, kernel: 'wasm-f32' }), '--out', out, '--threads', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('; kernels wasm f64 · 1 thread (float32 kernels exist for the population model only, so this model runs in float64);');
    expect(result.stdout.replace(/\(float32 kernels exist[^)]*\)/, '')).not.toMatch(/f32|float32/);
    const run = readJson(path.join(out, 'run.json'));
    expect(run.kernel).toEqual({ name: 'wasm', precision: 'f64', threads: 1 });
    expect(run.config).toMatchObject({ kernel: 'wasm-f32' });
    for (const figure of ['column-norms.svg', 'fraction.svg', 'histogram.svg', 'finetune-loss.svg']) {
      expect(readFileSync(path.join(out, figure), 'utf8')).not.toMatch(/f32|float32/);
    }
  });
});
