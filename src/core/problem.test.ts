import { EigenvalueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, HELD_OUT_MAX, type RunConfig, sigmaStarOf } from './config';
import empiricalGolden from './golden/empirical.json';
import populationGolden from './golden/population.json';
import quadraticGolden from './golden/quadratic.json';
import { frobeniusNorm } from './linalg';
import { generateProblem, initialU, loadProblemFile, ProblemFileError, toMatrix } from './problem';
import type { Problem } from './types';
import { resolveSeeds } from './rng';

const config = (patch: Partial<RunConfig>): RunConfig => ({ ...DEFAULT_CONFIG, ...patch });

describe('sigmaStarOf', () => {
  it('spaces eigenvalues evenly from 1 down to 1/κ', () => {
    expect(Array.from(sigmaStarOf(config({ r: 3, kappa: 2 })))).toEqual([1, 0.75, 0.5]);
    expect(Array.from(sigmaStarOf(config({ r: 1, kappa: 5 })))).toEqual([1]);
    const four = sigmaStarOf(config({ r: 4, kappa: 4 }));
    expect(four[0]).toBe(1);
    expect(four[3]).toBeCloseTo(0.25, 15);
  });

  it('takes an explicit list in decreasing order', () => {
    expect(Array.from(sigmaStarOf(config({ r: 3, sigmaStar: [0.2, 3, 1] })))).toEqual([3, 1, 0.2]);
  });
});

describe('generateProblem', () => {
  it('builds a PSD M* of rank r with the requested eigenvalues', () => {
    const cfg = config({ model: 'population', d: 12, r: 4, sigmaStar: [1, 0.833, 0.667, 0.5] });
    const problem = generateProblem(cfg, resolveSeeds(cfg));
    expect(problem.Mstar).not.toBeNull();
    const values = new EigenvalueDecomposition(toMatrix(problem.Mstar!, 12, 12), { assumeSymmetric: true }).realEigenvalues.sort((a, b) => b - a);
    const expected = [1, 0.833, 0.667, 0.5, 0, 0, 0, 0, 0, 0, 0, 0];
    values.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    expect(Array.from(problem.sigmaStar)).toEqual([1, 0.833, 0.667, 0.5]);
    expect(problem.n).toBe(0);
    expect(problem.A).toBeNull();
    expect(problem.y).toBeNull();
  });

  it('empirical: noise-free y_i = ⟨A_i, M*⟩ and noise of the requested size', () => {
    const clean = config({ d: 6, r: 2, n: 400, noise: 0 });
    const seeds = resolveSeeds(clean);
    const problem = generateProblem(clean, seeds);
    const { A, y, Mstar } = problem;
    expect(A!.length).toBe(400 * 36);
    for (let i = 0; i < 400; i++) {
      let s = 0;
      for (let e = 0; e < 36; e++) s += A![i * 36 + e] * Mstar![e];
      expect(y![i]).toBeCloseTo(s, 12);
    }
    const noisy = generateProblem({ ...clean, noise: 0.3 }, seeds);
    expect(noisy.A).toEqual(A);
    let sq = 0;
    for (let i = 0; i < 400; i++) sq += (noisy.y![i] - y![i]) ** 2;
    expect(Math.sqrt(sq / 400)).toBeGreaterThan(0.25);
    expect(Math.sqrt(sq / 400)).toBeLessThan(0.35);
  });

  it('quadratic: noise-free y_i = x_iᵀ M* x_i', () => {
    const cfg = config({ model: 'quadratic', d: 7, r: 3, n: 50, noise: 0 });
    const problem = generateProblem(cfg, resolveSeeds(cfg));
    const { X, y, Mstar } = problem;
    expect(X!.length).toBe(50 * 7);
    for (let i = 0; i < 50; i++) {
      let s = 0;
      for (let a = 0; a < 7; a++) for (let b = 0; b < 7; b++) s += X![i * 7 + a] * Mstar![a * 7 + b] * X![i * 7 + b];
      expect(y![i]).toBeCloseTo(s, 12);
    }
  });

  it('is deterministic, and each seed stream moves only its own part', () => {
    const cfg = config({ d: 8, r: 2, n: 30 });
    const seeds = resolveSeeds(cfg);
    const base = generateProblem(cfg, seeds);
    expect(generateProblem(cfg, seeds)).toEqual(base);
    const U0 = initialU(8, 8, 1e-3, seeds.init);

    // Same init, new data: a new sensing seed changes A and y but neither U* nor U₀.
    const resensed = resolveSeeds({ ...cfg, sensingSeed: seeds.sensing + 1 });
    const other = generateProblem(cfg, resensed);
    expect(other.Mstar).toEqual(base.Mstar);
    expect(other.A).not.toEqual(base.A);
    expect(initialU(8, 8, 1e-3, resensed.init)).toEqual(U0);

    const retruthed = generateProblem(cfg, { ...seeds, truth: seeds.truth + 1 });
    expect(retruthed.Mstar).not.toEqual(base.Mstar);
    expect(retruthed.A).toEqual(base.A);

    const renoised = generateProblem(cfg, { ...seeds, noise: seeds.noise + 1 });
    expect(renoised.A).toEqual(base.A);
    expect(renoised.y).not.toEqual(base.y);
  });
});

describe('held-out test set', () => {
  const withoutHeldOut = ({ heldOut: _, ...rest }: Problem) => rest;

  it('empirical: n_test = min(n, HELD_OUT_MAX) fresh A_i with noise-free y_i = ⟨A_i, M*⟩', () => {
    const cfg = config({ d: 5, r: 2, n: 40, noise: 0.5 });
    const problem = generateProblem(cfg, resolveSeeds(cfg));
    const heldOut = problem.heldOut!;
    expect(heldOut.n).toBe(40);
    expect(heldOut.A!.length).toBe(40 * 25);
    expect(heldOut.X).toBeNull();
    for (let i = 0; i < heldOut.n; i++) {
      let s = 0;
      for (let e = 0; e < 25; e++) s += heldOut.A![i * 25 + e] * problem.Mstar![e];
      expect(heldOut.y[i]).toBe(s);
    }
    // Fresh draws, not a copy of the training matrices.
    expect(heldOut.A![0]).not.toBe(problem.A![0]);
    const many = config({ d: 3, r: 1, n: HELD_OUT_MAX + 700 });
    expect(generateProblem(many, resolveSeeds(many)).heldOut!.n).toBe(HELD_OUT_MAX);
  });

  it('quadratic: fresh x_i with noise-free y_i = x_iᵀ M* x_i', () => {
    const cfg = config({ model: 'quadratic', d: 6, r: 2, n: 30, noise: 0.5 });
    const problem = generateProblem(cfg, resolveSeeds(cfg));
    const heldOut = problem.heldOut!;
    expect([heldOut.n, heldOut.X!.length, heldOut.A]).toEqual([30, 30 * 6, null]);
    for (let i = 0; i < heldOut.n; i++) {
      let s = 0;
      for (let a = 0; a < 6; a++) for (let b = 0; b < 6; b++) s += heldOut.X![i * 6 + a] * problem.Mstar![a * 6 + b] * heldOut.X![i * 6 + b];
      expect(heldOut.y[i]).toBeCloseTo(s, 12);
    }
  });

  it('is drawn from the test stream only: testSeed changes it and nothing else', () => {
    for (const model of ['empirical', 'quadratic'] as const) {
      const cfg = config({ model, d: 4, r: 2, n: 50, testSeed: 11 });
      const first = generateProblem(cfg, resolveSeeds(cfg));
      expect(generateProblem(cfg, resolveSeeds(cfg))).toEqual(first);
      const moved = { ...cfg, testSeed: 12 };
      const other = generateProblem(moved, resolveSeeds(moved));
      expect(withoutHeldOut(other)).toEqual(withoutHeldOut(first));
      expect(other.heldOut!.y).not.toEqual(first.heldOut!.y);
    }
  });

  it('does not exist for the population model or a loaded problem file', () => {
    const cfg = config({ model: 'population', d: 4, r: 1 });
    expect(generateProblem(cfg, resolveSeeds(cfg)).heldOut).toBeNull();
    const loaded = loadProblemFile({ model: 'quadratic', d: 2, k: 2, X: [1, 0, 0, 1], y: [1, 2] });
    expect(loaded.problem.heldOut).toBeNull();
  });
});

describe('initialU', () => {
  it('draws α Z / √d: E‖U₀‖_F² = α² k', () => {
    const U0 = initialU(40, 50, 0.01, 3);
    expect(U0.length).toBe(2000);
    const ratio = frobeniusNorm(U0) ** 2 / (0.01 ** 2 * 50);
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
    expect(initialU(40, 50, 0.02, 3)[7]).toBeCloseTo(2 * U0[7], 15);
  });
});

describe('loadProblemFile', () => {
  it('reads every model of the golden fixtures back exactly', () => {
    for (const golden of [empiricalGolden, quadraticGolden, populationGolden]) {
      for (const c of golden.cases) {
        const file = c.problem as Record<string, unknown>;
        const { problem, U0, k } = loadProblemFile(file);
        const d = file.d as number;
        expect(problem.model).toBe(file.model);
        expect(problem.d).toBe(d);
        expect(k).toBe(file.k);
        expect(Array.from(U0!)).toEqual(file.U0);
        expect(Array.from(problem.Mstar!)).toEqual(file.Mstar);
        if (file.y) expect(Array.from(problem.y!)).toEqual(file.y);
        if (file.A) expect(Array.from(problem.A!)).toEqual(file.A);
        if (file.X) expect(Array.from(problem.X!)).toEqual(file.X);
        expect(problem.n).toBe(file.y ? (file.y as number[]).length : 0);
        // The rank is read off M*'s eigenvalues.
        expect(problem.r).toBeGreaterThan(0);
        expect(problem.r).toBe(problem.sigmaStar.length);
      }
    }
  });

  it('accepts a problem without M* or U₀', () => {
    const { problem, U0, k } = loadProblemFile({ model: 'quadratic', d: 2, k: 3, X: [1, 0, 0, 1], y: [1, 2] });
    expect(U0).toBeNull();
    expect(k).toBe(3);
    expect(problem.Mstar).toBeNull();
    expect(problem.r).toBe(0);
    expect(problem.sigmaStar.length).toBe(0);
    expect(problem.n).toBe(2);
  });

  const good = { model: 'empirical', d: 2, k: 2, A: [1, 0, 0, 1, 0, 1, 1, 0], y: [1, 2] };
  const cases: Array<[string, unknown, RegExp]> = [
    ['not an object', [1, 2], /must be a JSON object/],
    ['unknown key', { ...good, noise: 1 }, /unknown key "noise"/],
    ['bad model', { ...good, model: 'linear' }, /"model" must be one of/],
    ['missing d', { model: 'empirical', k: 2, A: good.A, y: good.y }, /lacks "d"/],
    ['fractional k', { ...good, k: 1.5 }, /k must be a whole number from 1 to 1000 \(got 1.5\)/],
    ['d out of range', { ...good, d: 5000 }, /d must be a whole number from 1 to 1000/],
    ['d as a string', { ...good, d: '2' }, /d must be a number \(got "2"\)/],
    ['wrong A length', { ...good, A: [1, 2, 3] }, /"A" has 3 numbers but must have 8/],
    ['non-finite entry', { ...good, y: [1, 'x'] }, /"y"\[1\] is "x"; every entry must be a finite number/],
    ['null entry', { ...good, A: [1, 0, 0, null, 0, 1, 1, 0] }, /"A"\[3\] is null/],
    ['missing A', { model: 'empirical', d: 2, k: 2, y: [1] }, /needs "A"/],
    ['missing y', { model: 'quadratic', d: 2, k: 2, X: [1, 2] }, /needs "y"/],
    ['empty y', { ...good, A: [], y: [] }, /"y" is empty/],
    ['X for empirical', { ...good, X: [1, 2] }, /takes "A", not "X"/],
    ['A for quadratic', { model: 'quadratic', d: 2, k: 2, X: [1, 2], A: [1], y: [1] }, /takes "X", not "A"/],
    ['population without M*', { model: 'population', d: 2, k: 2 }, /population model needs "Mstar"/],
    ['population with y', { model: 'population', d: 1, k: 1, Mstar: [1], y: [1] }, /takes no "y"/],
    ['wrong U0 length', { ...good, U0: [1, 2, 3] }, /"U0" has 3 numbers but must have 4/],
    ['asymmetric M*', { ...good, Mstar: [1, 2, 0, 1] }, /"Mstar" must be symmetric/],
  ];
  it('reports every problem of a file at once, on one line', () => {
    const file = { ...good, noise: 1, seed: 2, A: [1, 2, 3], U0: [1], X: [1] };
    expect(() => loadProblemFile(file)).toThrow(
      /^unknown key "noise".*; unknown key "seed".*; "U0" has 1 numbers but must have 4.*; the empirical model takes "A", not "X".*; "A" has 3 numbers but must have 8 [^;]*$/,
    );
    // Sizes that are wrong stop the checks that need them, but not the others.
    expect(() => loadProblemFile({ model: 'linear', d: 0, k: 'x', extra: 1 })).toThrow(/^unknown key "extra".*; "model" must be one of .*; in the problem file, d must be .*; in the problem file, k must be a number/);
  });

  for (const [name, file, message] of cases) {
    it(`refuses a file with ${name}`, () => {
      expect(() => loadProblemFile(file)).toThrow(ProblemFileError);
      expect(() => loadProblemFile(file)).toThrow(message);
    });
  }
});
