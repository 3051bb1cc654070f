import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../config';
import { resolveSeeds } from '../rng';
import { runPipeline } from '../run';
import {
  APP_VERSION,
  RUN_FILE_FORMAT,
  AGREEMENT_TOLERANCE,
  compareRunFiles,
  RUN_FILE_KEYS,
  RUN_FILE_VERSION,
  encodeRunFile,
  historyToCsv,
  parseRunFile,
  runFileFromResult,
  serializeRunFile,
  withExplicitSeeds,
  type RunFile,
} from '.';

const tinyConfig: RunConfig = { ...DEFAULT_CONFIG, d: 3, k: 4, r: 1, n: 20, steps: 4, fineTuneSteps: 2, checkpointEvery: 2 };

/** A small hand-made run with every awkward double JSON cannot write natively. */
function handMadeRun(): RunFile {
  const U = new Float64Array(12);
  for (let i = 0; i < U.length; i++) U[i] = (i - 5.5) / 7;
  U[0] = -0;
  U[1] = 5e-324;
  U[2] = 0.1 + 0.2;
  return {
    appVersion: APP_VERSION,
    exportedAt: '2026-01-02T03:04:05.000Z',
    config: tinyConfig,
    seeds: resolveSeeds(tinyConfig),
    operatorKind: 'direct',
    kernel: { name: 'wasm', precision: 'f64', threads: 2 },
    tau: Math.sqrt(2 * tinyConfig.beta),
    problemFile: null,
    phase1: {
      U,
      history: [
        { step: 0, loss: 1.5, objective: 1.6, testError: 0.9, relativeTestError: 0.8, gradNorm: 2, aboveTau: 4, heldOutLoss: 0.7 },
        { step: 2, loss: Infinity, objective: NaN, gradNorm: -Infinity, aboveTau: 1 },
      ],
      final: { step: 4, loss: 0.5, objective: 0.6, testError: 0.3, relativeTestError: 0.2, gradNorm: 0.1, aboveTau: 2, columnNorms: [0.5, -0, 0.25, 1e-300] },
      eigenvalues: [2.5, 0.125, -0],
    },
    kept: [1, 3],
    finetune: {
      U: Float64Array.from([1, 2, 3, 4, 5, 6].map((x) => x / 3)),
      history: [{ step: 0, loss: 0.25, gradNorm: 0.5, testError: 0.1, relativeTestError: 0.05 }],
      final: { step: 2, loss: 0.125, objective: null, testError: null, relativeTestError: null, gradNorm: 0.25, aboveTau: 2, columnNorms: [1, 2] },
    },
    rate: { rho: 0.9, C: 1.25, r2: 0.999, fittedFrom: 0, fittedTo: 2, points: 3 },
    gradNormRate: null,
    lossLimit: { value: 0.01, converged: false },
    theory: { learnabilityBounds: [0.75], learnableDirections: 1, stabilityBound: 0.4, predictedBias: 1e-3, finiteSampleErrorScale: null },
    status: { kind: 'diverged', phase: 'finetune', step: 2, reason: 'the loss grew past 1e6 × its start', suggestedEta: 0.01 },
    reproducible: true,
  };
}

function expectSameNumbers(a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) throw new Error(`entry ${i}: ${a[i]} is not ${b[i]}`);
  }
}

function mutated(edit: (doc: Record<string, unknown>) => void): string {
  const doc = JSON.parse(serializeRunFile(handMadeRun())) as Record<string, unknown>;
  edit(doc);
  return JSON.stringify(doc);
}

function errorsOf(text: string): string[] {
  const result = parseRunFile(text);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.errors;
}

describe('run file round trip', () => {
  it('writes the format tag, version and explicit seeds', () => {
    const doc = encodeRunFile(handMadeRun());
    expect(doc.format).toBe(RUN_FILE_FORMAT);
    expect(doc.formatVersion).toBe(RUN_FILE_VERSION);
    const config = doc.config as RunConfig;
    const seeds = resolveSeeds(tinyConfig);
    expect([config.truthSeed, config.sensingSeed, config.noiseSeed, config.initSeed, config.testSeed]).toEqual([
      seeds.truth, seeds.sensing, seeds.noise, seeds.init, seeds.test,
    ]);
  });

  it('records the kernels that computed the run; a file without them ran on the JavaScript kernels', () => {
    const written = parseRunFile(serializeRunFile(handMadeRun()));
    expect(written.ok && written.run.kernel).toEqual({ name: 'wasm', precision: 'f64', threads: 2 });
    const older = parseRunFile(mutated((doc) => delete doc.kernel));
    expect(older.ok && older.run.kernel).toEqual({ name: 'js', precision: 'f64', threads: 1 });
    expect(errorsOf(mutated((doc) => (doc.kernel = { name: 'gpu', precision: 'f64', threads: 1 })))).toEqual([
      'kernel must be { "name": "js" | "wasm", "precision": "f64" | "f32", "threads": a whole number ≥ 1 } (got {"name":"gpu","precision":"f64","threads":1})',
    ]);
    const run = handMadeRun();
    expect(compareRunFiles(run, { ...run, kernel: { name: 'js', precision: 'f64', threads: 1 } }).identical).toBe(true);
  });

  it('keeps every double exactly, including −0, NaN, ±Infinity and subnormals', () => {
    const run = handMadeRun();
    const parsed = parseRunFile(serializeRunFile(run));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    expect(parsed.warnings).toEqual([]);
    expectSameNumbers(parsed.run.phase1.U, run.phase1.U);
    expectSameNumbers(parsed.run.finetune!.U, run.finetune!.U);
    const [, second] = parsed.run.phase1.history;
    expect(Object.is(second.loss, Infinity) && Number.isNaN(second.objective) && Object.is(second.gradNorm, -Infinity)).toBe(true);
    expect(parsed.run.phase1.history[0]).toEqual(run.phase1.history[0]);
    expect(parsed.run.finetune!.history).toEqual(run.finetune!.history);
    expect(parsed.run.kept).toEqual([1, 3]);
    expect(parsed.run.rate).toEqual(run.rate);
    expect(Object.is(parsed.run.tau, run.tau)).toBe(true);
    expect(parsed.run.exportedAt).toBe(run.exportedAt);
    expect(parsed.replayConfig).toEqual(withExplicitSeeds(tinyConfig, run.seeds));
  });

  it('accepts an unpruned run with no fine-tuning', () => {
    const run: RunFile = { ...handMadeRun(), kept: null, finetune: null, rate: null };
    const parsed = parseRunFile(serializeRunFile(run));
    expect(parsed.ok && parsed.run.finetune === null && parsed.run.kept === null).toBe(true);
  });

  it('accepts an already parsed object as well as text', () => {
    expect(parseRunFile(encodeRunFile(handMadeRun())).ok).toBe(true);
  });

  it('writes each U flat and row-major with its rows and cols beside it, as the CLI\'s run.json', () => {
    const run = handMadeRun();
    const doc = JSON.parse(serializeRunFile(run)) as Record<string, Record<string, unknown>>;
    expect(doc.phase1.U).toEqual(Array.from(run.phase1.U, (x) => (Object.is(x, -0) ? '-0' : x)));
    expect([doc.phase1.rows, doc.phase1.cols]).toEqual([3, 4]);
    expect(doc.finetune.U).toEqual(Array.from(run.finetune!.U));
    expect([doc.finetune.rows, doc.finetune.cols]).toEqual([3, 2]);
    expect(doc.phase1.eigenvalues).toEqual([2.5, 0.125, '-0']);
    expect(doc.problemFile).toBeNull();
  });

  it('round-trips the theory guides and eigenvalues', () => {
    const run = handMadeRun();
    const parsed = parseRunFile(serializeRunFile(run));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    expect(parsed.run.theory).toEqual(run.theory);
    expectSameNumbers(parsed.run.phase1.eigenvalues, run.phase1.eigenvalues);
  });

  it('records the problem file of a loaded problem and warns that the config cannot regenerate it', () => {
    const run: RunFile = { ...handMadeRun(), problemFile: 'problems/p.json' };
    const parsed = parseRunFile(serializeRunFile(run));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    expect(parsed.run.problemFile).toBe('problems/p.json');
    expect(parsed.warnings).toEqual([
      'this run was trained on the problem file problems/p.json, which the lab cannot load: re-running its config generates a different problem of the same sizes; the file\'s own numbers are exact',
    ]);
    expect(errorsOf(mutated((doc) => { doc.problemFile = 3; }))).toEqual(['problemFile must be null or the path of the problem file the run was trained on']);
  });
});

/** Walks two values in step; every number must be the same double (Object.is), everything else equal. */
function expectIdentical(a: unknown, b: unknown, path = 'run'): number {
  if (typeof a === 'number') {
    if (!Object.is(a, b)) throw new Error(`${path}: ${String(a)} differs from ${String(b)}`);
    return 1;
  }
  if (a instanceof Float64Array || Array.isArray(a)) {
    const other = b as ArrayLike<unknown>;
    if (!(b instanceof Float64Array || Array.isArray(b)) || a.length !== other.length) throw new Error(`${path}: lengths differ`);
    let count = 0;
    for (let i = 0; i < a.length; i++) count += expectIdentical(a[i], other[i], `${path}[${i}]`);
    return count;
  }
  if (typeof a === 'object' && a !== null) {
    if (typeof b !== 'object' || b === null) throw new Error(`${path}: ${JSON.stringify(b)} is not an object`);
    const keys = Object.keys(a).sort();
    expect(Object.keys(b).sort(), path).toEqual(keys);
    let count = 0;
    for (const key of keys) count += expectIdentical((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    return count;
  }
  expect(b, path).toBe(a);
  return 0;
}

describe('importing a run reproduces it bit for bit', () => {
  const cases: [string, RunConfig][] = [
    ['empirical', { ...DEFAULT_CONFIG, d: 5, k: 8, r: 2, n: 80, seed: 7, steps: 120, fineTuneSteps: 40, checkpointEvery: 10 }],
    ['population', { ...DEFAULT_CONFIG, model: 'population', d: 6, k: 6, r: 2, steps: 150, fineTuneSteps: 30, checkpointEvery: 15, initSeed: 99 }],
    ['quadratic', { ...DEFAULT_CONFIG, model: 'quadratic', d: 4, k: 6, r: 1, n: 60, steps: 90, fineTuneSteps: 20, checkpointEvery: 9, lambda: 0.02 }],
  ];
  for (const [label, config] of cases) {
    it(`re-running an exported ${label} run gives identical numbers`, () => {
      const original = runFileFromResult(runPipeline(config), { exportedAt: '2026-01-01T00:00:00.000Z' });
      expect(original.phase1.history.length).toBeGreaterThan(5);
      expect(original.finetune && original.finetune.history.length).toBeGreaterThan(1);

      const parsed = parseRunFile(serializeRunFile(original));
      if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
      expect(parsed.warnings).toEqual([]);
      const numbersInFile = expectIdentical(parsed.run, original);
      expect(numbersInFile).toBeGreaterThan(config.d * config.k);

      const rerun = runFileFromResult(runPipeline(parsed.replayConfig), { exportedAt: original.exportedAt });
      expect(rerun.seeds).toEqual(resolveSeeds(config));
      expect(expectIdentical(rerun, parsed.run)).toBe(numbersInFile);
    });
  }

  it('compares runs bit for bit and names the first difference', () => {
    const config = cases[0][1];
    const first = runFileFromResult(runPipeline(config), { exportedAt: '2026-01-01T00:00:00.000Z' });
    const again = runFileFromResult(runPipeline(config), { exportedAt: '2026-02-02T00:00:00.000Z' });
    const same = compareRunFiles(first, again);
    expect(same).toEqual({ identical: true, compared: same.compared, difference: null, largestRelativeDifference: 0 });
    expect(same.compared).toBeGreaterThan(2 * config.d * config.k);

    const U = first.phase1.U.slice();
    U[7] = U[7] + U[7] * Number.EPSILON;
    const nudged = compareRunFiles(first, { ...first, phase1: { ...first.phase1, U } });
    expect(nudged.identical).toBe(false);
    expect(nudged.difference).toBe(`phase1.U[7]: ${first.phase1.U[7]} vs ${U[7]}`);
    const signOfZero = compareRunFiles({ ...first, tau: 0 }, { ...first, tau: -0 });
    expect(signOfZero.difference).toBe('tau: 0 vs "-0"');
    const otherSeed = runFileFromResult(runPipeline({ ...config, noiseSeed: 5 }));
    expect(compareRunFiles(first, otherSeed).difference).toMatch(/^config\.noiseSeed: \d+ vs 5$/);
  });

  it('with a tolerance, accepts differences within it relative to each array\'s scale and names the first beyond', () => {
    const run = runFileFromResult(runPipeline(cases[0][1]));
    const scale = Math.max(...run.phase1.U.map(Math.abs));
    const smallest = run.phase1.U.reduce((best, x, i) => (Math.abs(x) < Math.abs(run.phase1.U[best]) ? i : best), 0);
    const shifted = (by: number) => {
      const U = run.phase1.U.slice();
      U[smallest] += by * scale;
      return { ...run, phase1: { ...run.phase1, U } };
    };
    const close = compareRunFiles(run, shifted(3e-11), AGREEMENT_TOLERANCE);
    expect(close).toMatchObject({ identical: false, difference: null });
    expect(close.largestRelativeDifference).toBeCloseTo(3e-11, 13);
    const far = compareRunFiles(run, shifted(3e-9), AGREEMENT_TOLERANCE);
    expect(far.difference).toMatch(new RegExp(`^phase1\\.U\\[${smallest}\\]: `));
    expect(compareRunFiles(run, { ...run, kept: [0] }, AGREEMENT_TOLERANCE).difference).toMatch(/^kept: \d+ vs 1 entries$/);
  });

  it('refuses a result whose U does not have the config\'s sizes', () => {
    const result = runPipeline(cases[0][1]);
    expect(() => runFileFromResult({ ...result, d: result.d + 1 })).toThrow("this run's U is 6×8 but its config says d = 5, k = 8; set d and k to the problem's sizes");
  });

  it('writes τ into the config, so a default τ and the same τ typed in give the same file', () => {
    const config = cases[0][1];
    const byDefault = runFileFromResult(runPipeline({ ...config, tau: null }));
    expect(byDefault.config.tau).toBe(Math.sqrt(2 * config.beta));
    const typedIn = runFileFromResult(runPipeline({ ...config, tau: byDefault.config.tau }));
    expect(compareRunFiles(byDefault, typedIn)).toMatchObject({ identical: true });
  });

  it('ignores what follows from the rest (theory guides, eigenvalues, rate fits) when comparing', () => {
    const run = runFileFromResult(runPipeline(cases[0][1]));
    expect(run.theory.learnabilityBounds).toHaveLength(2);
    expect(run.phase1.eigenvalues).toHaveLength(5);
    const theory = { ...run.theory, predictedBias: 2 * run.theory.predictedBias };
    const eigenvalues = run.phase1.eigenvalues.map((x) => 2 * x);
    expect(compareRunFiles(run, { ...run, theory, phase1: { ...run.phase1, eigenvalues } }).identical).toBe(true);
    const nudgedFit = { ...run.rate!, C: run.rate!.C * (1 + Number.EPSILON) };
    expect(compareRunFiles(run, { ...run, rate: nudgedFit, gradNormRate: null }).identical).toBe(true);
  });
});

describe('parseRunFile refuses bad files with a message that says what to change', () => {
  it('refuses text that is not JSON', () => {
    expect(errorsOf('{"format": ')[0]).toMatch(/not valid JSON.*choose a run exported from PruneLab/);
  });

  it('refuses a JSON file of another kind', () => {
    expect(errorsOf('{"d": 30}')[0]).toMatch(/not a PruneLab run.*"Export run JSON"/);
    expect(errorsOf('[1, 2]')[0]).toMatch(/must be a JSON object/);
  });

  it('refuses a newer format and names the versions', () => {
    const errors = errorsOf(mutated((doc) => { doc.formatVersion = RUN_FILE_VERSION + 1; }));
    expect(errors[0]).toContain(`format ${RUN_FILE_VERSION + 1} by a newer PruneLab`);
    expect(errors[0]).toContain('Update PruneLab');
  });

  it('refuses an older or malformed format version and says what to do', () => {
    expect(errorsOf(mutated((doc) => { doc.formatVersion = RUN_FILE_VERSION - 1; }))).toEqual([
      `the run is in format ${RUN_FILE_VERSION - 1}, which PruneLab ${APP_VERSION} does not read (it reads format ${RUN_FILE_VERSION}); export the run again from a current PruneLab`,
    ]);
    expect(errorsOf(mutated((doc) => { delete doc.formatVersion; }))).toEqual(['formatVersion must be a whole number ≥ 1 (got undefined)']);
    expect(errorsOf(mutated((doc) => { doc.formatVersion = '2'; }))).toEqual(['formatVersion must be a whole number ≥ 1 (got "2")']);
  });

  it('needs the eigenvalues, the theory guides and the problem file entry that every version-2 file has', () => {
    expect(errorsOf(mutated((doc) => { delete (doc.phase1 as Record<string, unknown>).eigenvalues; }))).toEqual(['phase1.eigenvalues must be an array of numbers']);
    expect(errorsOf(mutated((doc) => { doc.theory = null; }))[0]).toMatch(/^theory must be \{"learnabilityBounds"/);
    expect(errorsOf(mutated((doc) => { delete doc.problemFile; }))).toEqual(['problemFile must be null or the path of the problem file the run was trained on']);
  });

  it('validates the config with the one schema, strictly', () => {
    const outOfRange = errorsOf(mutated((doc) => { (doc.config as Record<string, unknown>).d = 0; }));
    expect(outOfRange).toEqual(['config: d must be a whole number from 1 to 1000 (got 0)']);
    const unknownKey = errorsOf(mutated((doc) => { (doc.config as Record<string, unknown>).learningRate = 1; }));
    expect(unknownKey[0]).toMatch(/^config: unknown key "learningRate"; allowed keys are model, d, k/);
    const cross = errorsOf(mutated((doc) => { (doc.config as Record<string, unknown>).r = 5; }));
    expect(cross.some((m) => m.includes('r = 5 exceeds k = 4'))).toBe(true);
  });

  it('refuses seeds that disagree with the config', () => {
    const errors = errorsOf(mutated((doc) => { (doc.seeds as Record<string, number>).init += 1; }));
    expect(errors[0]).toMatch(/config\.initSeed = \d+ disagrees with seeds\.init = \d+; make them equal/);
    const outOfRange = errorsOf(mutated((doc) => { (doc.seeds as Record<string, number>).noise = 2 ** 32; }));
    expect(outOfRange).toEqual(['seeds.noise must be a whole number from 0 to 4294967295 (got 4294967296)']);
  });

  it('warns when the file comes from another version or its seeds are not derivable here', () => {
    const text = mutated((doc) => {
      doc.appVersion = '0.0.1';
      const config = doc.config as Record<string, unknown>;
      const seeds = doc.seeds as Record<string, number>;
      seeds.truth = (seeds.truth + 1) % 2 ** 32;
      config.truthSeed = null;
    });
    const parsed = parseRunFile(text);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    expect(parsed.warnings[0]).toContain('exported by PruneLab "0.0.1"');
    expect(parsed.warnings[1]).toMatch(/^seeds truth differ from what seed 1 derives/);
    expect(parsed.replayConfig.truthSeed).toBe(parsed.run.seeds.truth);
  });

  it('refuses a matrix of the wrong shape or a truncated one', () => {
    const shape = errorsOf(mutated((doc) => { (doc.phase1 as Record<string, unknown>).cols = 5; }));
    expect(shape[0]).toBe('phase1 is 3×5 but the config implies 3×4; export the run again or restore d and k');
    const truncated = errorsOf(mutated((doc) => { ((doc.phase1 as Record<string, unknown>).U as unknown[]).pop(); }));
    expect(truncated[0]).toBe('phase1.U has 11 numbers but 3×4 needs 12; the file looks truncated, export it again');
    const notNumber = errorsOf(mutated((doc) => { ((doc.finetune as Record<string, unknown>).U as unknown[])[2] = 'x'; }));
    expect(notNumber[0]).toMatch(/^finetune\.U\[2\] is "x"; every entry must be a number/);
    const nested = errorsOf(mutated((doc) => { (doc.phase1 as Record<string, unknown>).U = { rows: 3, cols: 4, data: [] }; }));
    expect(nested[0]).toBe('phase1.U must be the flat row-major array of the 3×4 matrix, with "rows": 3 and "cols": 4 beside it');
    const eigenvalues = errorsOf(mutated((doc) => { (doc.phase1 as Record<string, unknown>).eigenvalues = [1]; }));
    expect(eigenvalues[0]).toBe('phase1.eigenvalues has 1 numbers but needs 3; the file looks truncated, export it again');
    const theory = errorsOf(mutated((doc) => { (doc.theory as Record<string, unknown>).stabilityBound = 'high'; }));
    expect(theory).toEqual(['theory.stabilityBound must be a number (got "high")']);
  });

  it('refuses bad kept columns', () => {
    expect(errorsOf(mutated((doc) => { doc.kept = [1, 4]; }))[0]).toBe('kept[1] = 4 is not a column index from 0 to 3');
    expect(errorsOf(mutated((doc) => { doc.kept = [3, 1]; }))[0]).toMatch(/ascending order \(kept\[1\] = 1 follows 3\)/);
    expect(errorsOf(mutated((doc) => { doc.kept = null; }))[0]).toMatch(/finetune must be null when kept is null/);
  });

  it('refuses bad history entries', () => {
    const history = (doc: Record<string, unknown>) => (doc.phase1 as { history: Record<string, unknown>[] }).history;
    expect(errorsOf(mutated((doc) => { delete history(doc)[0].gradNorm; }))[0]).toBe(
      'phase1.history[0] lacks "gradNorm"; every history entry needs "loss" and "gradNorm"',
    );
    expect(errorsOf(mutated((doc) => { history(doc)[1].step = 0; }))[0]).toMatch(/step = 0 does not increase after 0/);
    expect(errorsOf(mutated((doc) => { history(doc)[0].loss = 'big'; }))[0]).toBe('phase1.history[0].loss must be a number (got "big")');
    expect(errorsOf(mutated((doc) => { history(doc)[0].lr = 1; }))[0]).toMatch(/unknown field "lr"; allowed are step, loss/);
  });

  it('warns that a live-edited run cannot be repeated from its config', () => {
    const parsed = parseRunFile(serializeRunFile({ ...handMadeRun(), reproducible: false }));
    expect(parsed.ok && parsed.warnings).toEqual([
      'this run was edited while it ran (a hyper-parameter changed after its first step), so re-running its config gives a different run; the file\'s own numbers are exact',
    ]);
    expect(errorsOf(mutated((doc) => { delete doc.reproducible; }))).toEqual(['reproducible must be true or false']);
  });

  it('refuses a bad final state or status', () => {
    const final = (doc: Record<string, unknown>) => (doc.phase1 as { final: Record<string, unknown> }).final;
    expect(errorsOf(mutated((doc) => { final(doc).columnNorms = [1, 2]; }))).toEqual(['phase1.final.columnNorms must list 4 numbers, one per column']);
    expect(errorsOf(mutated((doc) => { final(doc).testError = 'low'; }))).toEqual(['phase1.final.testError must be a number or null (got "low")']);
    expect(errorsOf(mutated((doc) => { doc.status = { kind: 'crashed' }; }))[0]).toMatch(/^status must be \{"kind": "completed"\} or/);
    expect(errorsOf(mutated((doc) => { doc.lossLimit = { value: 1 }; }))[0]).toMatch(/^lossLimit must be null or/);
  });

  it('refuses unknown top-level keys and names them, as a config does', () => {
    const errors = errorsOf(mutated((doc) => { doc.notes = 'mine'; doc.extra = 1; }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^unknown top-level keys "notes", "extra"; remove them \(a run file has format, formatVersion/);
  });

  it('writes exactly the top-level keys it reads', () => {
    expect(Object.keys(encodeRunFile(handMadeRun()))).toEqual([...RUN_FILE_KEYS]);
  });

  it('refuses NaN or ±Infinity in a run marked completed, which only a damaged file has', () => {
    const completed = (doc: Record<string, unknown>) => {
      doc.status = { kind: 'completed' };
      (doc.phase1 as { history: unknown[] }).history.splice(1);
    };
    expect(parseRunFile(mutated(completed)).ok).toBe(true);
    expect(errorsOf(mutated((doc) => { completed(doc); (doc.finetune as { final: Record<string, unknown> }).final.loss = 'NaN'; }))).toEqual([
      'finetune.final.loss = NaN in a run marked completed: a completed run has finite numbers throughout, so the file was edited or damaged; export the run again',
    ]);
    expect(errorsOf(mutated((doc) => { completed(doc); (doc.phase1 as { U: unknown[] }).U[2] = '-Infinity'; }))[0]).toMatch(/^phase1\.U\[2\] = -Infinity in a run marked completed/);
    expect(errorsOf(mutated((doc) => { completed(doc); (doc.rate as Record<string, unknown>).r2 = 'NaN'; }))[0]).toMatch(/^rate holds NaN in a run marked completed/);
  });

  it('reports several independent problems at once', () => {
    const errors = errorsOf(mutated((doc) => {
      doc.operatorKind = 'fast';
      doc.tau = -1;
      (doc.rate as Record<string, unknown>).rho = 'x';
      (doc.rate as Record<string, unknown>).points = 1.5;
    }));
    expect(errors).toEqual([
      'operatorKind must be one of "direct", "gram", "population", "quadratic-direct", "quadratic-gram" (got "fast")',
      'tau must be a positive number (got -1)',
      'rate.rho must be a number (got "x")',
      'rate.points must be a whole number ≥ 0 (got 1.5)',
    ]);
  });
});

describe('history CSV', () => {
  it('writes both phases under one header, leaving absent fields empty', () => {
    const run = handMadeRun();
    const csv = historyToCsv({ train: run.phase1.history, finetune: run.finetune!.history });
    expect(csv.split('\r\n')).toEqual([
      'phase,step,loss,objective,testError,relativeTestError,gradNorm,aboveTau,heldOutLoss',
      'train,0,1.5,1.6,0.9,0.8,2,4,0.7',
      'train,2,Infinity,NaN,,,-Infinity,1,',
      'finetune,0,0.25,,0.1,0.05,0.5,,',
      '',
    ]);
  });

  it('writes numbers that read back exactly', () => {
    const loss = 0.1 + 0.2;
    const csv = historyToCsv({ train: [{ step: 0, loss, gradNorm: 1 / 3 }] });
    const cells = csv.split('\r\n')[1].split(',');
    expect(Object.is(Number(cells[2]), loss) && Object.is(Number(cells[6]), 1 / 3)).toBe(true);
  });

  it('writes only the header for an empty history', () => {
    expect(historyToCsv({})).toBe('phase,step,loss,objective,testError,relativeTestError,gradNorm,aboveTau,heldOutLoss\r\n');
  });
});
