// The regularization sweep of issue 4: one run per (λ, β) cell, each classified into the
// outcomes of math.md §5 — stuck at 0, exactly r, extra columns left, unstable. Pure: the
// sweep workers, the CLI and the tests all call runCell the same way.
import { DEFAULT_CONFIG, formatErrors, parseConfig, parseField, sigmaStarOf } from './config';
import type { RunConfig } from './config';
import { countAbove } from './metrics';
import { resolveSeeds } from './rng';
import { operatorKernel } from './kernelChoice';
import { jsBackend } from './kernels/jsBackend';
import type { KernelBackend, KernelInfo } from './kernels/types';
import { setupRun } from './runSetup';
import { REGULARIZERS } from './regularizers';
import { learnabilityBound, learnableDirections, predictedBias } from './theory';
import type { LossOperator, Problem, RegularizerForm } from './types';

export type CellClass = 'stuck' | 'exact' | 'extra' | 'unstable';

/** Display order of the classes (legends, captions). */
export const CELL_CLASSES: readonly CellClass[] = ['stuck', 'exact', 'extra', 'unstable'];

export const CELL_CLASS_LABELS: Record<CellClass, string> = {
  stuck: 'stuck at 0 (fewer than r columns)',
  exact: 'exactly r columns',
  extra: 'too weak: extra columns left',
  unstable: 'unstable (η too large)',
};

/**
 * A column counts in the sign-flip test only if it still carries weight: at least this
 * fraction of τ. A column that a stable step drives to zero while overshooting
 * (−1 < 1 − ηλw < 0) flips too, but decays geometrically far below this floor.
 */
const FLIP_FLOOR_FRACTION = 1e-3;

/** What classifyRun needs to know about the end of phase 1. */
export interface PhaseOneOutcome {
  /** ‖U e_i‖ after the last phase-1 step. */
  columnNorms: ArrayLike<number>;
  tau: number;
  /** The trainer stopped because the objective became NaN/Inf or blew up. */
  diverged: boolean;
  /** Columns (above the flip floor) whose last gradient step reversed their direction. */
  flippedColumns: number;
}

/**
 * The classification rule, in this order:
 * 1. unstable — the trainer diverged, a norm is not finite, or some column that still
 *    carries weight reversed its direction in the last step. Gradient descent with a
 *    stable step size never sends a column through the origin once it has settled; with
 *    η above the stability bound √β/λ [derived] the near-zero columns instead oscillate
 *    u → −u forever at a fixed amplitude, so the objective neither blows up nor converges.
 * 2. otherwise count the columns with norm ≥ τ:
 *    fewer than r → stuck (at least one direction stayed at 0; all norms ≈ 0 is the extreme),
 *    exactly r → exact, more than r → extra (the penalty was too weak to kill the rest
 *    within the step budget).
 */
export function classifyRun(outcome: PhaseOneOutcome, r: number): CellClass {
  const { columnNorms, tau } = outcome;
  let finite = true;
  for (let i = 0; i < columnNorms.length; i++) if (!Number.isFinite(columnNorms[i])) finite = false;
  if (outcome.diverged || !finite || outcome.flippedColumns > 0) return 'unstable';
  const above = countAbove(columnNorms, tau);
  if (above < r) return 'stuck';
  return above === r ? 'exact' : 'extra';
}

/**
 * Columns whose norm before the step is ≥ floor and whose direction the step reversed
 * (⟨u_i before, u_i after⟩ < 0). Both matrices are d×k row-major.
 */
export function countFlippedColumns(before: Float64Array, after: Float64Array, d: number, k: number, floor: number): number {
  let flipped = 0;
  const floor2 = floor * floor;
  for (let c = 0; c < k; c++) {
    let inner = 0;
    let norm2 = 0;
    for (let i = 0; i < d; i++) {
      const b = before[i * k + c];
      inner += b * after[i * k + c];
      norm2 += b * b;
    }
    if (norm2 >= floor2 && inner < 0) flipped++;
  }
  return flipped;
}

/** The result of one cell; plain numbers only, so it crosses postMessage unchanged. */
export interface CellResult {
  lambda: number;
  beta: number;
  classification: CellClass;
  tau: number;
  /** Columns with norm ≥ τ after phase 1 (= columns pruning keeps). */
  aboveTau: number;
  flippedColumns: number;
  /** How phase 1 diverged, or null. */
  diverged: { step: number; reason: string; suggestedEta: number } | null;
  /** Measured bias ‖UUᵀ − M*‖_F after phase 1 (null when phase 1 diverged). */
  bias: number | null;
  /** ‖UUᵀ − M*‖_F after pruning at τ and fine-tuning (null when a phase diverged). */
  testErrorAfterFineTune: number | null;
  relativeTestErrorAfterFineTune: number | null;
  /** Why fine-tuning stopped early, or null. */
  fineTuneDiverged: string | null;
  /** [derived] How many directions λ < learnabilityBound(σ*_j) lets through. */
  learnableDirections: number;
  /** [derived] (λ/4)√(Σ 1/σ*_j). */
  predictedBias: number;
  /** The kernels the cell computed on. */
  kernel: KernelInfo;
}

/** What a worker keeps between cells: the problem and its operator (an empirical Gram fold is built once) on the backend that built it. */
export interface CellCache {
  key: string;
  backend: KernelBackend;
  problem: Problem;
  operator: LossOperator;
}

/** Cells share a problem and operator when everything that builds them agrees (λ, β, η… do not). */
function problemKey(config: RunConfig): string {
  const { model, d, k, r, n, noise, kappa, sigmaStar, operator } = config;
  return JSON.stringify([model, d, k, r, n, noise, kappa, sigmaStar, operator, resolveSeeds(config)]);
}

/**
 * Trains one cell: the base configuration with λ and β replaced, phase 1 for config.steps
 * steps (the last one taken alone to see which columns it flips), then prune at τ and
 * fine-tune for config.fineTuneSteps. The configuration is validated first. With a cache,
 * consecutive cells of the same problem reuse its data and operator (same numbers, less work).
 */
export function runCell(config: RunConfig, lambda: number, beta: number, cache?: { current: CellCache | null }, backend: KernelBackend = jsBackend): CellResult {
  const parsed = parseConfig({ ...config, lambda, beta }, 'strict');
  if (!parsed.ok) throw new Error(`cell λ = ${lambda}, β = ${beta}: ${formatErrors(parsed.errors)}`);
  const cellConfig = parsed.config;
  const key = problemKey(cellConfig);
  const shared = cache?.current?.key === key && cache.current.backend === backend ? cache.current : null;
  const { trainer, problem, operator, tau } = setupRun(cellConfig, shared ? { problem: shared.problem, operator: shared.operator, backend } : { backend });
  if (cache && !shared) cache.current = { key, backend, problem, operator };
  const theory = {
    learnableDirections: learnableDirections(problem.sigmaStar, lambda, beta, cellConfig.regularizer),
    predictedBias: predictedBias(lambda, problem.sigmaStar),
  };
  const d = problem.d;
  const k = trainer.k;
  let status = trainer.run(Math.max(0, cellConfig.steps - 1));
  let flippedColumns = 0;
  if (status.kind === 'running' && cellConfig.steps > 0) {
    const before = trainer.U.slice();
    status = trainer.run(1);
    if (status.kind === 'running') flippedColumns = countFlippedColumns(before, trainer.U, d, k, FLIP_FLOOR_FRACTION * tau);
  }
  const phaseOne = trainer.snapshot();
  const diverged = status.kind === 'diverged' ? { step: status.step, reason: status.reason, suggestedEta: status.suggestedEta } : null;
  const classification = classifyRun({ columnNorms: phaseOne.columnNorms, tau, diverged: diverged !== null, flippedColumns }, problem.r);
  const kernel = operatorKernel(backend.info, operator);
  const base = { lambda, beta, classification, tau, aboveTau: phaseOne.aboveTau, flippedColumns, diverged, ...theory, kernel };
  if (diverged) {
    return { ...base, bias: null, testErrorAfterFineTune: null, relativeTestErrorAfterFineTune: null, fineTuneDiverged: null };
  }
  trainer.prune(tau);
  const fineStatus = trainer.run(cellConfig.fineTuneSteps);
  const fine = trainer.snapshot();
  const fineDiverged = fineStatus.kind === 'diverged';
  return {
    ...base,
    bias: phaseOne.testError,
    testErrorAfterFineTune: fineDiverged ? null : fine.testError,
    relativeTestErrorAfterFineTune: fineDiverged ? null : fine.relativeTestError,
    fineTuneDiverged: fineStatus.kind === 'diverged' ? fineStatus.reason : null,
  };
}

/**
 * The sweep's problem: math.md §5's population phase diagram (r = 4, σ* = 1 … 0.5 from
 * κ = 2, α = 1e-3, η = 0.05) scaled down from d = k = 100 and 6000 steps, where one cell
 * takes several seconds. Here a cell costs about 0.37 CPU-seconds [measured], so an 8×8 grid
 * is about 12 s on two free cores. Layered over the lab default.
 */
const SWEEP_SETTINGS: Partial<RunConfig> = {
  model: 'population',
  d: 40,
  k: 40,
  r: 4,
  eta: 0.05,
  steps: 3000,
  fineTuneEta: 0.05,
  fineTuneSteps: 300,
};

/** math.md §5's reference phase diagram, which SWEEP_SETTINGS scales down (for captions). */
export const REFERENCE_DIAGRAM = { d: 100, k: 100, steps: 6000 } as const;

/** The default configuration of every sweep cell (before λ and β are set). */
export function sweepBaseConfig(): RunConfig {
  const parsed = parseConfig(SWEEP_SETTINGS, 'strict', DEFAULT_CONFIG);
  if (!parsed.ok) throw new Error(formatErrors(parsed.errors));
  return parsed.config;
}

/** count values from min to max, evenly spaced in log. */
export function logSpace(min: number, max: number, count: number): number[] {
  if (count === 1) return [Math.sqrt(min * max)];
  const a = Math.log(min);
  const step = (Math.log(max) - a) / (count - 1);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? max : i === 0 ? min : Math.exp(a + i * step)));
}

export interface LogRange {
  min: number;
  max: number;
  count: number;
}

export interface SweepRanges {
  lambda: LogRange;
  beta: LogRange;
}

/** Largest grid side the controls accept. */
export const MAX_GRID_SIDE = 16;
const DEFAULT_GRID_SIDE = 8;
/** Points of the default 1-D λ sweep. */
const DEFAULT_LINE_POINTS = 12;

/** The largest β of the default grid, as a fraction of σ*_r: keeps τ = √(2β) ≤ 0.63·√σ*_r, below any learned column. */
const BETA_MAX_FRACTION_OF_SIGMA_R = 0.2;
/** Decades of β the default grid spans. */
const BETA_DECADES = 3;
/** How far the default λ range reaches beyond the boundary band on either side. */
const LAMBDA_MARGIN = 4;

/**
 * Default grid centred on the learnability boundary [derived]: β spans three decades up to
 * σ*_r / 5, λ from a quarter of the weakest direction's boundary at the smallest β to four
 * times the strongest direction's boundary at the largest β, so the band between the r
 * boundary lines crosses the grid's diagonal with room for "extra" below and "stuck" and
 * "unstable" above.
 */
export function theoryGridRanges(sigmaStar: ArrayLike<number>, form: RegularizerForm, side = DEFAULT_GRID_SIDE): SweepRanges {
  const sigma1 = sigmaStar[0];
  const sigmaR = sigmaStar[sigmaStar.length - 1];
  const betaMax = BETA_MAX_FRACTION_OF_SIGMA_R * sigmaR;
  const betaMin = betaMax / 10 ** BETA_DECADES;
  return {
    lambda: {
      min: roundSignificant(learnabilityBound(sigmaR, betaMin, form) / LAMBDA_MARGIN),
      max: roundSignificant(learnabilityBound(sigma1, betaMax, form) * LAMBDA_MARGIN),
      count: side,
    },
    beta: { min: roundSignificant(betaMin), max: roundSignificant(betaMax), count: side },
  };
}

/** How far the 1-D λ sweep reaches below the weakest and above the strongest direction's boundary. */
const LINE_BELOW = 30;
const LINE_ABOVE = 3;

/** Default 1-D λ range at fixed β: from well inside the learnable region to past every direction's boundary. */
export function theoryLambdaRange(sigmaStar: ArrayLike<number>, beta: number, form: RegularizerForm, count = DEFAULT_LINE_POINTS): LogRange {
  return {
    min: roundSignificant(learnabilityBound(sigmaStar[sigmaStar.length - 1], beta, form) / LINE_BELOW),
    max: roundSignificant(learnabilityBound(sigmaStar[0], beta, form) * LINE_ABOVE),
    count,
  };
}

/** σ*_1 ≥ … ≥ σ*_r of a configuration, as a plain array. */
export function sigmaStarList(config: RunConfig): number[] {
  return Array.from(sigmaStarOf(config));
}

/**
 * Checks a log range against the schema's field (λ or β) and the grid limits; returns one
 * message per problem, each saying what to change. λ must be > 0 here because the axis is
 * logarithmic, although λ = 0 is a valid run.
 */
export function validateRange(key: 'lambda' | 'beta', range: LogRange): string[] {
  const errors: string[] = [];
  for (const [end, value] of [['min', range.min], ['max', range.max]] as const) {
    const parsed = parseField(key, value);
    if ('error' in parsed) errors.push(`${key} ${end}: ${parsed.error}`);
    else if (!(value > 0)) errors.push(`${key} ${end} must be greater than 0 on a log axis (got ${value})`);
  }
  if (errors.length === 0 && !(range.min < range.max)) errors.push(`${key} min (${range.min}) must be below max (${range.max})`);
  if (!Number.isInteger(range.count) || range.count < 2 || range.count > MAX_GRID_SIDE) {
    errors.push(`${key} points must be a whole number from 2 to ${MAX_GRID_SIDE} (got ${range.count})`);
  }
  return errors;
}

/** One cell of a sweep: its place in the grid (row = β index, column = λ index) and values. */
export interface SweepCell {
  index: number;
  row: number;
  col: number;
  lambda: number;
  beta: number;
}

export interface SweepGrid {
  lambdas: number[];
  betas: number[];
  cells: SweepCell[];
}

/** The rectangular grid of λ × β; cell index = row · lambdas.length + col. */
export function sweepGrid(lambdas: readonly number[], betas: readonly number[]): SweepGrid {
  const cells: SweepCell[] = [];
  betas.forEach((beta, row) => lambdas.forEach((lambda, col) => cells.push({ index: row * lambdas.length + col, row, col, lambda, beta })));
  return { lambdas: [...lambdas], betas: [...betas], cells };
}

/** x rounded to three significant digits, so a grid value reads (and reloads into the lab) exactly as shown. */
export function roundSignificant(x: number): number {
  return Number(x.toPrecision(3));
}

/** The grid of two log ranges, values rounded to three significant digits. */
export function gridFromRanges(ranges: SweepRanges): SweepGrid {
  const axis = (range: LogRange): number[] => logSpace(range.min, range.max, range.count).map(roundSignificant);
  return sweepGrid(axis(ranges.lambda), axis(ranges.beta));
}

/**
 * [derived] The λ above which phase 1 with step η is unstable near 0: the penalty term of
 * theory.stabilityBound, 2/(λ w(0)) = η, solved for λ (form B: λ = √β/η).
 */
export function stabilityBoundaryLambda(beta: number, eta: number, form: RegularizerForm): number {
  return 2 / (eta * REGULARIZERS[form].weight(0, beta));
}

/** How the measured outcomes compare with the learnability rule of math.md §5. */
export interface TheoryAgreement {
  /** Stable cells (not unstable) that finished. */
  compared: number;
  /** Of those, cells where "stuck" was measured exactly when some direction is predicted unlearnable. */
  agreeing: number;
}

/** Counts the stable cells whose stuck / not-stuck outcome matches learnableDirections < r. */
export function theoryAgreement(results: readonly CellResult[], r: number): TheoryAgreement {
  let compared = 0;
  let agreeing = 0;
  for (const result of results) {
    if (result.classification === 'unstable') continue;
    compared++;
    if ((result.classification === 'stuck') === (result.learnableDirections < r)) agreeing++;
  }
  return { compared, agreeing };
}

/**
 * Cells reordered coarse to fine (every 4th row and column first, then every 2nd, then
 * the rest), so partial results already outline the whole diagram.
 */
export function coverageOrder<T extends { row: number; col: number }>(cells: readonly T[]): T[] {
  const level = (i: number): number => (i % 4 === 0 ? 0 : i % 2 === 0 ? 1 : 2);
  return cells
    .map((cell, position) => ({ cell, position, rank: Math.max(level(cell.row), level(cell.col)) }))
    .sort((a, b) => a.rank - b.rank || a.position - b.position)
    .map((entry) => entry.cell);
}


const CSV_COLUMNS: readonly [string, (r: CellResult) => number | string | null][] = [
  ['lambda', (r) => r.lambda],
  ['beta', (r) => r.beta],
  ['classification', (r) => r.classification],
  ['columns_above_tau', (r) => r.aboveTau],
  ['tau', (r) => r.tau],
  ['flipped_columns', (r) => r.flippedColumns],
  ['bias', (r) => r.bias],
  ['predicted_bias_derived', (r) => r.predictedBias],
  ['test_error_after_finetune', (r) => r.testErrorAfterFineTune],
  ['relative_test_error_after_finetune', (r) => r.relativeTestErrorAfterFineTune],
  ['learnable_directions_derived', (r) => r.learnableDirections],
  ['diverged_at_step', (r) => r.diverged?.step ?? null],
];

/** One row per finished cell, numbers at full precision (they read back exactly); empty for null. */
export function sweepCsv(results: readonly CellResult[]): string {
  const rows = results.map((r) => CSV_COLUMNS.map(([, value]) => String(value(r) ?? '')).join(','));
  return `${[CSV_COLUMNS.map(([name]) => name).join(','), ...rows].join('\n')}\n`;
}
