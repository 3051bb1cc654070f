// The generalization experiment of issue 9 §6 (math.md §5): for n on a grid and several
// seeds, train with the penalty, prune at τ, fine-tune, and record the test error
// ‖VVᵀ − M*‖_F; beside it the same problem and U₀ trained with λ = 0 and pruned at the same
// τ, and the unregularized model left unpruned. The paper predicts error ∝ σ√(rd/n), a
// slope of −1/2 on log-log axes in n. Pure: the sweep workers, the CLI and the tests call
// runScalingPoint the same way, and summarizeScaling turns the points into the figure.
import { formatErrors, parseConfig, type RunConfig } from './config';
import type { KernelInfo } from './kernels/types';
import { leastSquaresLine, tInterval, type MeanInterval } from './regression';
import { runComparison, type ComparisonArm, type PipelineOptions } from './run';
import { finiteSampleErrorScale } from './theory';

/** One (n, seed) run of the experiment: plain numbers only, so it crosses postMessage unchanged. */
export interface ScalingPoint {
  n: number;
  seed: number;
  /** Columns with norm ≥ τ after phase 1 with the penalty (what pruning keeps). */
  kept: number;
  /** kept = r: pruning recovered the true rank exactly. */
  exactRank: boolean;
  /** ‖VVᵀ − M*‖_F after training with the penalty, pruning at τ and fine-tuning (null if a phase diverged or nothing was kept). */
  testError: number | null;
  /** The same problem and U₀ trained with λ = 0, pruned at the same τ and fine-tuned (null when not run, e.g. a plain sweep). */
  unregularizedKept: number | null;
  unregularizedTestError: number | null;
  /** The λ = 0 model after phase 1, overparameterized and not pruned. */
  unprunedTestError: number | null;
  /** [paper, v1] σ√(rd/n). */
  reference: number;
  /** The kernels the point computed on. */
  kernel: KernelInfo;
}

/** The three measured series, in drawing order. */
export const SCALING_SERIES = ['testError', 'unregularizedTestError', 'unprunedTestError'] as const;
export type ScalingSeries = (typeof SCALING_SERIES)[number];

export const SCALING_SERIES_LABELS: Record<ScalingSeries, string> = {
  testError: 'group Lasso, pruned at τ, fine-tuned',
  unregularizedTestError: 'λ = 0, pruned at the same τ, fine-tuned',
  unprunedTestError: 'λ = 0, not pruned (overparameterized)',
};

/** Confidence level of the slope interval. */
export const SLOPE_CONFIDENCE = 0.95;

/** [paper] The slope the theory predicts for error against n on log-log axes. */
export const PREDICTED_SLOPE = -0.5;

/** The measured error of a comparison arm after pruning and fine-tuning; null when nothing survived pruning or a phase diverged. */
function prunedError(arm: ComparisonArm): number | null {
  const kept = arm.result.kept;
  if (!kept || kept.length === 0 || arm.result.status.kind !== 'completed') return null;
  return arm.testErrorAfterFineTune;
}

/** Why a configuration cannot run the experiment, or null. */
export function scalingRefusal(config: Pick<RunConfig, 'model' | 'lambda'>): string | null {
  if (config.model === 'population') return 'the generalization experiment needs samples: use model "empirical" or "quadratic" (the population model has no n)';
  if (config.lambda === 0) return 'the generalization experiment needs lambda > 0: it sets lambda to 0 for the comparison run itself';
  return null;
}

/** The base configuration with n and seed replaced, validated by the one schema. */
export function scalingPointConfig(config: RunConfig, n: number, seed: number): RunConfig {
  const parsed = parseConfig({ ...config, n, seed }, 'strict');
  if (!parsed.ok) throw new Error(`n = ${n}, seed = ${seed}: ${formatErrors(parsed.errors)}`);
  return parsed.config;
}

/** One point: both arms of runComparison at this n and seed (every stream derived from the seed). */
export function runScalingPoint(config: RunConfig, n: number, seed: number, options: PipelineOptions = {}): ScalingPoint {
  const refusal = scalingRefusal(config);
  if (refusal) throw new Error(refusal);
  const pointConfig = scalingPointConfig(config, n, seed);
  const { regularized, unregularized } = runComparison(pointConfig, options);
  const unprunedFine = unregularized.result.status.kind === 'completed' || unregularized.result.status.phase === 'finetune';
  return {
    n,
    seed,
    kept: regularized.columnsAboveTau,
    exactRank: regularized.columnsAboveTau === pointConfig.r,
    testError: prunedError(regularized),
    unregularizedKept: unregularized.columnsAboveTau,
    unregularizedTestError: prunedError(unregularized),
    unprunedTestError: unprunedFine ? unregularized.testErrorBeforePruning : null,
    reference: finiteSampleErrorScale(pointConfig.noise, pointConfig.r, pointConfig.d, n),
    kernel: regularized.result.kernel,
  };
}

/** The experiment's points: every n of the grid for each seed (seed-major, so partial results span the grid). */
export interface ScalingCell {
  index: number;
  n: number;
  seed: number;
}

/** Seeds base, base + 1, … (count of them). */
export function scalingSeeds(base: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => base + i);
}

export function scalingCells(ns: readonly number[], seeds: readonly number[]): ScalingCell[] {
  return seeds.flatMap((seed, s) => ns.map((n, i) => ({ index: s * ns.length + i, n, seed })));
}

/** `count` whole numbers from min to max, evenly spaced in log (duplicates after rounding dropped). */
export function logGridN(min: number, max: number, count: number): number[] {
  if (count < 2) return [Math.round(min)];
  const ratio = (max / min) ** (1 / (count - 1));
  return [...new Set(Array.from({ length: count }, (_, i) => Math.round(min * ratio ** i)))];
}

/** Checks an n grid and a seed count; one message per problem, each saying what to change. */
export function validateScalingGrid(config: RunConfig, ns: readonly number[], seeds: number): string[] {
  const errors: string[] = [];
  if (ns.length < 2) errors.push(`give at least two values of n to fit a slope (got ${ns.length})`);
  if (new Set(ns).size !== ns.length) errors.push(`the values of n must differ (got ${ns.join(', ')})`);
  if (!Number.isInteger(seeds) || seeds < 1) errors.push(`the number of seeds must be a whole number ≥ 1 (got ${seeds})`);
  for (const n of new Set(ns)) {
    const parsed = parseConfig({ ...config, n }, 'strict');
    if (!parsed.ok) errors.push(`n = ${n}: ${parsed.errors.map((e) => e.message).join('; ')}`);
  }
  return errors;
}

/** A series' slope on log-log axes: one least-squares fit per seed, their mean and t interval across seeds. */
export interface SlopeFit {
  /** Fitted slope of each seed with at least two finished points of the series. */
  perSeed: { seed: number; slope: number }[];
  /** Mean of the per-seed slopes with its Student-t interval (null when no seed could be fitted). */
  interval: MeanInterval | null;
}

/** Per n: how many runs finished, the mean and the geometric mean of the error, the exact-r rate. */
export interface ScalingRow {
  n: number;
  runs: number;
  /** Runs that kept exactly r columns, over all runs at this n. */
  exactRankRate: number;
  reference: number;
  /** Geometric mean across seeds of each series (null when no run of it finished). */
  geometricMean: Record<ScalingSeries, number | null>;
}

export interface ScalingSummary {
  rows: ScalingRow[];
  slopes: Record<ScalingSeries, SlopeFit>;
  /** Shorthand for slopes.testError.interval?.mean ?? null. */
  slope: number | null;
}

function fitSlope(points: readonly ScalingPoint[], series: ScalingSeries): SlopeFit {
  const bySeed = new Map<number, ScalingPoint[]>();
  for (const point of points) bySeed.set(point.seed, [...(bySeed.get(point.seed) ?? []), point]);
  const perSeed: SlopeFit['perSeed'] = [];
  for (const [seed, list] of [...bySeed].sort((a, b) => a[0] - b[0])) {
    const usable = list.filter((p) => p[series] !== null && (p[series] as number) > 0);
    const line = leastSquaresLine(
      usable.map((p) => Math.log(p.n)),
      usable.map((p) => Math.log(p[series] as number)),
    );
    if (line) perSeed.push({ seed, slope: line.slope });
  }
  return { perSeed, interval: tInterval(perSeed.map((s) => s.slope), SLOPE_CONFIDENCE) };
}

function geometricMean(values: readonly (number | null)[]): number | null {
  const usable = values.filter((v): v is number => v !== null && v > 0);
  return usable.length ? Math.exp(usable.reduce((sum, v) => sum + Math.log(v), 0) / usable.length) : null;
}

/** Rows per n (ascending) and the slope of every series. */
export function summarizeScaling(points: readonly ScalingPoint[]): ScalingSummary {
  const ns = [...new Set(points.map((p) => p.n))].sort((a, b) => a - b);
  const rows = ns.map((n) => {
    const at = points.filter((p) => p.n === n);
    const means = Object.fromEntries(SCALING_SERIES.map((s) => [s, geometricMean(at.map((p) => p[s]))])) as Record<ScalingSeries, number | null>;
    return { n, runs: at.length, exactRankRate: at.filter((p) => p.exactRank).length / at.length, reference: at[0].reference, geometricMean: means };
  });
  const slopes = Object.fromEntries(SCALING_SERIES.map((s) => [s, fitSlope(points, s)])) as Record<ScalingSeries, SlopeFit>;
  return { rows, slopes, slope: slopes.testError.interval?.mean ?? null };
}

const digits = (x: number): string => String(Number(x.toPrecision(3)));

/** "slope −0.52, 95% CI [−0.61, −0.43] (t interval, 3 seeds)" and the like. */
export function slopeText(fit: SlopeFit): string {
  const interval = fit.interval;
  if (!interval) return 'no slope: fewer than two finished values of n in every seed';
  const seeds = `${interval.count} seed${interval.count === 1 ? '' : 's'}`;
  const ci =
    interval.low !== null && interval.high !== null
      ? `, ${Math.round(100 * interval.level)}% CI [${digits(interval.low)}, ${digits(interval.high)}] (t interval, ${seeds})`
      : ' (one seed: no interval)';
  return `slope ${digits(interval.mean)}${ci}`;
}

/** One drawn series of the scaling figure: the geometric mean per n, and every seed's value. */
export interface ScalingFigureSeries {
  id: ScalingSeries | 'reference';
  label: string;
  x: number[];
  y: number[];
  /** Each (n, seed) value behind the means (empty for the reference). */
  points: { x: number; y: number }[];
  dashed: boolean;
}

/** What both the lab's chart and the CLI's SVG draw: the series on log-log axes and the captions. */
export interface ScalingFigure {
  series: ScalingFigureSeries[];
  /** One line per measured series: its label and fitted slope. */
  notes: string[];
  /** "exact r recovered: n = 400: 2/3, …". */
  exactRankText: string;
}

/** The series, notes and exact-r line of a set of points (series without a finished value are left out). */
export function scalingFigure(points: readonly ScalingPoint[], summary: ScalingSummary = summarizeScaling(points)): ScalingFigure {
  const measured: ScalingFigureSeries[] = SCALING_SERIES.map((id) => {
    const rows = summary.rows.filter((row) => row.geometricMean[id] !== null);
    return {
      id,
      label: `${SCALING_SERIES_LABELS[id]} (geometric mean over seeds)`,
      x: rows.map((row) => row.n),
      y: rows.map((row) => row.geometricMean[id] as number),
      points: points.flatMap((p) => (p[id] !== null && (p[id] as number) > 0 ? [{ x: p.n, y: p[id] as number }] : [])),
      dashed: false,
    };
  }).filter((s) => s.x.length > 0);
  const reference: ScalingFigureSeries = {
    id: 'reference',
    label: 'σ√(rd/n) [paper, v1: the order, not the constant]',
    x: summary.rows.map((row) => row.n),
    y: summary.rows.map((row) => row.reference),
    points: [],
    dashed: true,
  };
  const notes = [
    ...measured.map((s) => `${SCALING_SERIES_LABELS[s.id as ScalingSeries]}: ${slopeText(summary.slopes[s.id as ScalingSeries])}`),
    `theory: error of order σ√(rd/n), slope ${PREDICTED_SLOPE} [paper]`,
  ];
  const exactRankText = `exact r recovered: ${summary.rows.map((row) => `n = ${row.n}: ${Math.round(row.exactRankRate * row.runs)}/${row.runs}`).join(', ')}`;
  return { series: [...measured, reference], notes, exactRankText };
}

const CSV_COLUMNS: readonly [string, (p: ScalingPoint) => number | boolean | null][] = [
  ['n', (p) => p.n],
  ['seed', (p) => p.seed],
  ['kept', (p) => p.kept],
  ['exact_rank', (p) => p.exactRank],
  ['test_error', (p) => p.testError],
  ['unregularized_kept', (p) => p.unregularizedKept],
  ['unregularized_test_error', (p) => p.unregularizedTestError],
  ['unpruned_test_error', (p) => p.unprunedTestError],
  ['reference_sigma_sqrt_rd_over_n', (p) => p.reference],
];

/** One row per point, numbers at full precision, empty for null. */
export function scalingCsv(points: readonly ScalingPoint[]): string {
  const rows = [...points].sort((a, b) => a.seed - b.seed || a.n - b.n).map((p) => CSV_COLUMNS.map(([, value]) => String(value(p) ?? '')).join(','));
  return `${[CSV_COLUMNS.map(([name]) => name).join(','), ...rows].join('\n')}\n`;
}

export const SCALING_FILE_FORMAT = 'prunelab-scaling';
export const SCALING_FILE_VERSION = 1;

/** The slope method, recorded in the file so a reader knows what the interval means. */
export const SLOPE_METHOD =
  'least-squares fit of log(test error) on log(n) for each seed, then the mean of the per-seed slopes with a two-sided Student-t interval (df = seeds − 1)';

/** scaling.json: the configuration, the grid, every point, the rows per n and every series' slope. */
export function scalingDocument(config: RunConfig, ns: readonly number[], seeds: readonly number[], points: readonly ScalingPoint[], appVersion: string) {
  const summary = summarizeScaling(points);
  const interval = summary.slopes.testError.interval;
  return {
    format: SCALING_FILE_FORMAT,
    formatVersion: SCALING_FILE_VERSION,
    appVersion,
    config,
    n: [...ns],
    seeds: [...seeds],
    slope: summary.slope,
    slopeInterval: interval ? { level: interval.level, low: interval.low, high: interval.high, seeds: interval.count } : null,
    slopeMethod: SLOPE_METHOD,
    predictedSlope: PREDICTED_SLOPE,
    slopes: summary.slopes,
    rows: summary.rows,
    points: [...points].sort((a, b) => a.seed - b.seed || a.n - b.n),
  };
}
