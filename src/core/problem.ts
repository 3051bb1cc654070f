// Problem generation (math.md §1) and the CLI's problem-file format (issue 2).
import { EigenvalueDecomposition, Matrix, QrDecomposition } from 'ml-matrix';
import { heldOutCount, parseField, sigmaStarOf, type RunConfig } from './config';
import { outerGram } from './linalg';
import { fillNormals, Rng, type NormalFill } from './rng';
import type { HeldOutSet, ModelKind, Problem, SeedSet } from './types';

/** An ml-matrix copy of a flat row-major rows×cols matrix (for decompositions only). */
export function toMatrix(flat: Float64Array, rows: number, cols: number): Matrix {
  return new Matrix(Array.from({ length: rows }, (_, i) => Array.from(flat.subarray(i * cols, (i + 1) * cols))));
}

/** U* = Q · diag(√σ*) (d×r), Q the orthonormal factor of a Gaussian d×r matrix from the truth stream. */
export function groundTruthFactor(d: number, sigmaStar: Float64Array, truthSeed: number): Float64Array {
  const r = sigmaStar.length;
  const gaussian = new Rng(truthSeed).fillNormal(new Float64Array(d * r));
  const Q = new QrDecomposition(toMatrix(gaussian, d, r)).orthogonalMatrix;
  const Ustar = new Float64Array(d * r);
  for (let j = 0; j < r; j++) {
    const scale = Math.sqrt(sigmaStar[j]);
    for (let i = 0; i < d; i++) Ustar[i * r + j] = Q.get(i, j) * scale;
  }
  return Ustar;
}

/** ⟨A, M*⟩ for one sensing matrix A (d×d, row-major), in the order of the flat entries. */
const sensedValue = (Mstar: Float64Array) => (A: Float64Array): number => {
  let s = 0;
  for (let e = 0; e < Mstar.length; e++) s += A[e] * Mstar[e];
  return s;
};

/** ‖U*ᵀ x‖² for one input x of length d (U* is d×r). */
const networkValue = (Ustar: Float64Array, d: number, r: number) => (x: Float64Array): number => {
  let s = 0;
  for (let j = 0; j < r; j++) {
    let z = 0;
    for (let a = 0; a < d; a++) z += Ustar[a * r + j] * x[a];
    s += z * z;
  }
  return s;
};

/**
 * n measurements of `width` standard normal inputs each from `inputs`, and their values
 * y_i = value(input_i) + σ·ε_i (σ·ε_i only when noise is given), drawn one measurement at a
 * time: the same numbers as one fill of the whole array, and the caller hears `onProgress`
 * with the fraction drawn after each (a large n·d² draw takes seconds). `fill` draws the
 * inputs' normals.
 */
function drawMeasurements(
  n: number,
  width: number,
  inputs: Rng,
  value: (input: Float64Array) => number,
  noise: { sigma: number; rng: Rng } | null,
  fill: NormalFill,
  onProgress?: (fraction: number) => void,
): { inputs: Float64Array; y: Float64Array } {
  const all = new Float64Array(n * width);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const input = all.subarray(i * width, (i + 1) * width);
    fill(inputs, input, 1);
    const s = value(input);
    y[i] = noise ? s + noise.sigma * noise.rng.normal() : s;
    onProgress?.((i + 1) / n);
  }
  return { inputs: all, y };
}

/** The truth of a generated problem: U* (d×r) and M* = U* U*ᵀ. */
export interface Truth {
  d: number;
  r: number;
  Ustar: Float64Array;
  Mstar: Float64Array;
}

/**
 * n_test noise-free measurements of the empirical or quadratic model from the test stream.
 * generateProblem draws heldOutCount(config) of them; tests draw more to check expectations.
 */
export function drawHeldOutSet(
  model: 'empirical' | 'quadratic',
  nTest: number,
  truth: Truth,
  testSeed: number,
  onProgress?: (fraction: number) => void,
  fill: NormalFill = fillNormals,
): HeldOutSet {
  const { d, r, Ustar, Mstar } = truth;
  const test = new Rng(testSeed);
  if (model === 'empirical') {
    const { inputs, y } = drawMeasurements(nTest, d * d, test, sensedValue(Mstar), null, fill, onProgress);
    return { n: nTest, A: inputs, X: null, y };
  }
  const { inputs, y } = drawMeasurements(nTest, d, test, networkValue(Ustar, d, r), null, fill, onProgress);
  return { n: nTest, A: null, X: inputs, y };
}

/**
 * The problem of a configuration. Streams: truth → U*; sensing → A_i (empirical) or x_i
 * (quadratic); noise → ε_i; test → the held-out A_i or x_i, whose values are noise-free.
 * The population model keeps only M*. `onProgress` hears the fraction of all measurements
 * (held-out ones first) drawn so far. `fill` draws the measurements' normals (a kernel
 * backend's bulk draw, the same numbers).
 */
export function generateProblem(config: RunConfig, seeds: SeedSet, onProgress?: (fraction: number) => void, fill: NormalFill = fillNormals): Problem {
  const { d, r } = config;
  const sigmaStar = sigmaStarOf(config);
  const Ustar = groundTruthFactor(d, sigmaStar, seeds.truth);
  const Mstar = new Float64Array(d * d);
  outerGram(Ustar, d, r, Mstar);
  if (config.model === 'population') {
    // No held-out sample: the population loss ‖UUᵀ − M*‖_F² already is the expected loss on
    // fresh noise-free measurements, i.e. the test loss itself.
    return { model: 'population', d, r, sigmaStar, Mstar, n: 0, A: null, X: null, y: null, heldOut: null };
  }
  const n = config.n;
  const nTest = heldOutCount(config);
  const sensing = new Rng(seeds.sensing);
  const noise = { sigma: config.noise, rng: new Rng(seeds.noise) };
  // Progress over all n + nTest measurements, which cost the same per measurement.
  const part = (offset: number, count: number) => onProgress && ((fraction: number) => onProgress((offset + fraction * count) / (nTest + n)));
  const heldOut = drawHeldOutSet(config.model, nTest, { d, r, Ustar, Mstar }, seeds.test, part(0, nTest), fill);
  if (config.model === 'empirical') {
    const { inputs, y } = drawMeasurements(n, d * d, sensing, sensedValue(Mstar), noise, fill, part(nTest, n));
    return { model: 'empirical', d, r, sigmaStar, Mstar, n, A: inputs, X: null, y, heldOut };
  }
  const { inputs, y } = drawMeasurements(n, d, sensing, networkValue(Ustar, d, r), noise, fill, part(nTest, n));
  return { model: 'quadratic', d, r, sigmaStar, Mstar, n, A: null, X: inputs, y, heldOut };
}

/** U₀ = α · Z / √d (d×k), Z i.i.d. N(0, 1) from the init stream. */
export function initialU(d: number, k: number, alpha: number, initSeed: number): Float64Array {
  return new Rng(initSeed).fillNormal(new Float64Array(d * k), alpha / Math.sqrt(d));
}

export interface LoadedProblem {
  problem: Problem;
  /** The file's initial U (d×k), or null to draw one. */
  U0: Float64Array | null;
  k: number;
}

/** Thrown for a problem file that does not match the format; the message says what to change. */
export class ProblemFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProblemFileError';
  }
}

const MODELS: readonly ModelKind[] = ['empirical', 'population', 'quadratic'];
const FORMAT_HINT =
  '{"model": "empirical"|"population"|"quadratic", "d", "k", "A": [n·d²] (empirical), "X": [n·d] (quadratic), "y": [n], "Mstar": [d·d] (optional), "U0": [d·k] (optional)}';

/** d or k of a problem file, checked by the run-config schema so the limits are the same; null after noting a problem. */
function sizeField(obj: Record<string, unknown>, key: 'd' | 'k', problems: string[]): number | null {
  const value = obj[key];
  if (value === undefined) {
    problems.push(`the problem file lacks "${key}"; expected ${FORMAT_HINT}`);
    return null;
  }
  const parsed = typeof value === 'number' ? parseField(key, value) : { error: `${key} must be a number (got ${JSON.stringify(value)})` };
  if ('error' in parsed) {
    problems.push(`in the problem file, ${parsed.error}`);
    return null;
  }
  return parsed.value as number;
}

/** An optional array of finite numbers: null when absent, undefined after noting a problem. */
function numberArray(obj: Record<string, unknown>, key: string, expected: number | null, what: string, problems: string[]): Float64Array | null | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) {
    problems.push(`"${key}" must be an array of numbers (${what})`);
    return undefined;
  }
  if (expected !== null && value.length !== expected) {
    problems.push(`"${key}" has ${value.length} numbers but must have ${expected} (${what})`);
    return undefined;
  }
  const out = new Float64Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      problems.push(`"${key}"[${i}] is ${JSON.stringify(v)}; every entry must be a finite number (${what})`);
      return undefined;
    }
    out[i] = v;
  }
  return out;
}

/** A required array: notes its absence (a malformed one is already noted). */
function required(array: Float64Array | null | undefined, key: string, model: string, what: string, problems: string[]): Float64Array | null {
  if (array === null) problems.push(`the ${model} model needs "${key}" (${what}); expected ${FORMAT_HINT}`);
  return array ?? null;
}

/** The first pair of entries (i, j) ≠ (j, i) of a d×d matrix, as a problem, or null. */
function asymmetry(M: Float64Array, d: number): string | null {
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const a = M[i * d + j];
      const b = M[j * d + i];
      if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) return `"Mstar" must be symmetric: entries (${i}, ${j}) = ${a} and (${j}, ${i}) = ${b} differ`;
    }
  }
  return null;
}

/** Rank and eigenvalues of a supplied M*: those above a relative round-off floor (r = 0 without M*). */
function truthOf(Mstar: Float64Array | null, d: number): { r: number; sigmaStar: Float64Array; Mstar: Float64Array | null } {
  if (!Mstar) return { r: 0, sigmaStar: new Float64Array(0), Mstar };
  const values = new EigenvalueDecomposition(toMatrix(Mstar, d, d), { assumeSymmetric: true }).realEigenvalues.sort((a, b) => b - a);
  const floor = 1e-10 * Math.max(1e-300, Math.abs(values[0] ?? 0));
  const positive = values.filter((v) => v > floor);
  return { r: positive.length, sigmaStar: Float64Array.from(positive), Mstar };
}

/**
 * Parses and validates a problem file (already JSON-decoded). Lengths are checked against
 * d, k and n = y.length; M* is optional (without it the test error is unknown: r = 0).
 * Every problem found is reported at once, separated by "; " (checks that need a valid
 * model, d, k or y wait until those are valid).
 */
export function loadProblemFile(json: unknown): LoadedProblem {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ProblemFileError(`the problem file must be a JSON object ${FORMAT_HINT}`);
  }
  const obj = json as Record<string, unknown>;
  const problems: string[] = [];
  const refuse = () => new ProblemFileError(problems.join('; '));
  const allowed = new Set(['model', 'd', 'k', 'A', 'X', 'y', 'Mstar', 'U0']);
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key)) problems.push(`unknown key "${key}" in the problem file; allowed keys are ${[...allowed].join(', ')}`);
  }
  const model = obj.model;
  const kind = typeof model === 'string' && MODELS.includes(model as ModelKind) ? (model as ModelKind) : null;
  if (kind === null) problems.push(`"model" must be one of "empirical", "population", "quadratic" (got ${JSON.stringify(model)})`);
  const d = sizeField(obj, 'd', problems);
  const k = sizeField(obj, 'k', problems);
  if (kind === null || d === null || k === null) throw refuse();

  const Mstar = numberArray(obj, 'Mstar', d * d, `d·d = ${d * d}, M* row-major`, problems);
  const U0 = numberArray(obj, 'U0', d * k, `d·k = ${d * k}, U₀ row-major`, problems);
  const asymmetric = Mstar ? asymmetry(Mstar, d) : null;
  if (asymmetric) problems.push(asymmetric);
  if (kind === 'population') {
    required(Mstar, 'Mstar', kind, `d·d = ${d * d} numbers, row-major`, problems);
    for (const key of ['A', 'X', 'y']) {
      if (obj[key] !== undefined) problems.push(`the population model takes no "${key}"; remove it or use model "empirical"/"quadratic"`);
    }
    if (problems.length || !Mstar) throw refuse();
    return { problem: { model: kind, d, ...truthOf(Mstar, d), n: 0, A: null, X: null, y: null, heldOut: null }, U0: U0 ?? null, k };
  }
  const wrongInput = kind === 'empirical' ? 'X' : 'A';
  if (obj[wrongInput] !== undefined) {
    problems.push(
      kind === 'empirical'
        ? 'the empirical model takes "A", not "X"; remove "X" or use model "quadratic"'
        : 'the quadratic model takes "X", not "A"; remove "A" or use model "empirical"',
    );
  }
  const y = required(numberArray(obj, 'y', null, 'one measurement per sample', problems), 'y', kind, 'n measurements', problems);
  if (y && y.length === 0) problems.push('"y" is empty; give at least one measurement');
  if (!y || y.length === 0) throw refuse();
  const n = y.length;
  const inputs =
    kind === 'empirical'
      ? required(numberArray(obj, 'A', n * d * d, `n·d² = ${n}·${d * d} = ${n * d * d} for n = ${n} measurements in "y"`, problems), 'A', kind, `n·d² = ${n * d * d} numbers, each A_i row-major`, problems)
      : required(numberArray(obj, 'X', n * d, `n·d = ${n}·${d} = ${n * d} for n = ${n} measurements in "y"`, problems), 'X', kind, `n·d = ${n * d} numbers, x_1 … x_n one after another`, problems);
  if (problems.length || !inputs || Mstar === undefined || U0 === undefined) throw refuse();
  const truth = truthOf(Mstar, d);
  const problem: Problem =
    kind === 'empirical'
      ? { model: kind, d, ...truth, n, A: inputs, X: null, y, heldOut: null }
      : { model: kind, d, ...truth, n, A: null, X: inputs, y, heldOut: null };
  return { problem, U0, k };
}
