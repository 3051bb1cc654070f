// Measurements of a model U (d×k, row-major): column norms and their distribution
// (the paper's Figure 1), the test error against M*, eigenvalues of UUᵀ, and the fitted
// linear rate of a decaying error curve.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { dot } from './linalg';

export interface Histogram {
  /** Lower edge of the first bin and upper edge of the last. */
  min: number;
  max: number;
  binWidth: number;
  /** counts[b] counts values in [min + b·w, min + (b+1)·w); the last bin also holds max. */
  counts: number[];
  /** Values outside [min, max], counted rather than silently dropped. */
  below: number;
  above: number;
  /** NaN values (a diverged model), which no bin holds. */
  notANumber: number;
}

/**
 * Bins of the histogram of column norms (the paper's Figure 1, right): the one bin count of
 * the lab's chart and the CLI's figure, so the same norms give the same bars everywhere.
 */
export const FIGURE1_BINS = 30;

/**
 * Histogram with a fixed number of equal bins over an explicit range (default
 * [0, largest finite value], the range of the paper's Figure 1). A degenerate range (all
 * values equal, or all zero) is widened to one unit of width so every value lands in a bin.
 */
export function histogram(values: ArrayLike<number>, bins: number, range?: { min: number; max: number }): Histogram {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`histogram needs a whole number of bins ≥ 1 (got ${bins})`);
  const min = range ? range.min : 0;
  let max = range ? range.max : Math.max(0, largestFinite(values));
  if (!(max > min)) max = min + (min === 0 ? 1 : Math.abs(min));
  const binWidth = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  let below = 0;
  let above = 0;
  let notANumber = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) notANumber++;
    else if (v < min) below++;
    else if (v > max) above++;
    else counts[Math.min(bins - 1, Math.floor((v - min) / binWidth))]++;
  }
  return { min, max, binWidth, counts, below, above, notANumber };
}

/**
 * Figure 1 (right) of several sets of column norms on one shared range [0, top], top the
 * largest finite norm of all sets or τ when given and larger (so the τ marker is on the
 * axis), so that bars of the sets stand side by side in the same bins.
 */
export function normHistograms(sets: readonly ArrayLike<number>[], tau: number | null = null, bins = FIGURE1_BINS): Histogram[] {
  let top = tau !== null && Number.isFinite(tau) && tau > 0 ? tau : 0;
  for (const norms of sets) top = Math.max(top, largestFinite(norms));
  const range = { min: 0, max: top > 0 ? top : 1 };
  return sets.map((norms) => histogram(norms, bins, range));
}

/** The largest finite value, or -Infinity when there is none. */
export function largestFinite(values: ArrayLike<number>): number {
  let largest = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > largest && Number.isFinite(v)) largest = v;
  }
  return largest;
}

/** `points` evenly spaced fractions from 0 to 1, the x-axis of the fraction curve. */
export function fractionGrid(points: number): number[] {
  if (!Number.isInteger(points) || points < 2) throw new RangeError(`a fraction grid needs at least 2 points (got ${points})`);
  return Array.from({ length: points }, (_, i) => i / (points - 1));
}

/**
 * The paper's Figure 1 (left) at one x: F(x) = #{i : ‖u_i‖ ≥ x · max_j ‖u_j‖} / k, the max
 * over finite norms. When every column is exactly zero the definition gives F ≡ 1
 * (0 ≥ x · 0), and so do we; with no columns, 0.
 */
export function fractionAtLeast(norms: ArrayLike<number>, x: number): number {
  return fractionCurve(norms, [x])[0];
}

/** F(x) of fractionAtLeast at each x of xs. */
export function fractionCurve(norms: ArrayLike<number>, xs: ArrayLike<number>): number[] {
  const k = norms.length;
  const largest = Math.max(0, largestFinite(norms));
  const out: number[] = [];
  for (let j = 0; j < xs.length; j++) {
    const cut = xs[j] * largest;
    let count = 0;
    for (let i = 0; i < k; i++) if (norms[i] >= cut) count++;
    out.push(k === 0 ? 0 : count / k);
  }
  return out;
}

/** The exact step function F of fractionAtLeast on [0, 1]. */
export interface FractionSteps {
  /** Relative norms ‖u_i‖ / max in [0, 1], ascending; non-finite norms are left out. */
  breaks: Float64Array;
  /** Number of columns k (each break lowers F by 1/k). */
  k: number;
}

/**
 * The breaks of F: the finite norms divided by the largest, ascending (all 1 when every
 * norm is 0, where F ≡ 1). Written into `reuse` when it has the right length (the lab
 * redraws every frame).
 */
export function fractionSteps(norms: ArrayLike<number>, reuse?: Float64Array): FractionSteps {
  const k = norms.length;
  const largest = Math.max(0, largestFinite(norms));
  let finite = 0;
  for (let i = 0; i < k; i++) if (Number.isFinite(norms[i])) finite++;
  const breaks = reuse && reuse.length === finite ? reuse : new Float64Array(finite);
  let j = 0;
  for (let i = 0; i < k; i++) {
    const v = norms[i];
    if (!Number.isFinite(v)) continue;
    breaks[j++] = largest > 0 ? Math.max(0, v / largest) : 1;
  }
  breaks.sort();
  return { breaks, k };
}

/**
 * Where the paper's Figure 1 is read out: F(HALF_MAX), the fraction of columns with norm
 * ≥ HALF_MAX · the largest. One constant, so the lab, the CLI and their labels agree.
 */
export const HALF_MAX = 0.5;

/**
 * Number of columns pruning at τ keeps: norms ≥ τ (pruning.keptColumns applies the same
 * comparison). Always on norms, never on squared norms against τ², which disagree at the
 * boundary by rounding (√2 · √2 > 2).
 */
export function countAbove(norms: ArrayLike<number>, tau: number): number {
  let count = 0;
  for (let i = 0; i < norms.length; i++) if (norms[i] >= tau) count++;
  return count;
}

/** countAbove for squared norms, with the very same comparison √s ≥ τ (not s ≥ τ²). */
export function countAboveFromSquared(squaredNorms: ArrayLike<number>, tau: number, length = squaredNorms.length): number {
  let count = 0;
  for (let i = 0; i < length; i++) if (Math.sqrt(squaredNorms[i]) >= tau) count++;
  return count;
}

/** What the paper's Figure 1 shows of one set of column norms. */
export interface FigureOneStatistics {
  histogram: Histogram;
  steps: FractionSteps;
  /** F(HALF_MAX). */
  atHalfMax: number;
  /** Columns pruning at τ keeps. */
  aboveTau: number;
}

/**
 * Figure 1 of one or two sets of column norms (regularized and unregularized): histograms on
 * one shared range, the fraction curves' steps, F(HALF_MAX) and the count above τ. The lab
 * and the CLI draw exactly these.
 */
export function figureOneStatistics(sets: readonly ArrayLike<number>[], tau: number): FigureOneStatistics[] {
  const histograms = normHistograms(sets, tau);
  return sets.map((norms, i) => ({
    histogram: histograms[i],
    steps: fractionSteps(norms),
    atHalfMax: fractionAtLeast(norms, HALF_MAX),
    aboveTau: countAbove(norms, tau),
  }));
}

/** Whether phase 1 has settled, judged by the count pruning depends on (see phaseOneSettling). */
export interface PhaseOneSettling {
  settled: boolean;
  /** Columns above τ at the start and at the end of the last half of phase 1. */
  fromCount: number | null;
  toCount: number | null;
  fromStep: number;
  toStep: number;
  /** Records of the count in that window (checkpoints and the final state). */
  records: number;
}

/** Fewest records of the count in the last half of phase 1 that can show it has stopped changing. */
export const SETTLING_RECORDS = 3;

/**
 * Phase 1 has settled when the number of columns above τ (what pruning keeps) did not change
 * over the last half of its steps, seen at SETTLING_RECORDS or more records. Before that the
 * count is a snapshot of a moving state (a short run of the Figure 1 setting still has more
 * columns above τ with the penalty than without), and the reader must be told so.
 */
export function phaseOneSettling(history: readonly { step: number; aboveTau?: number }[], final?: { step: number; aboveTau: number }): PhaseOneSettling {
  const records = history.flatMap((entry) => (entry.aboveTau === undefined ? [] : [{ step: entry.step, count: entry.aboveTau }]));
  if (final && (records.length === 0 || records[records.length - 1].step < final.step)) records.push({ step: final.step, count: final.aboveTau });
  const lastStep = records.length ? records[records.length - 1].step : 0;
  const window = records.filter((r) => r.step >= lastStep / 2);
  const counts = new Set(window.map((r) => r.count));
  return {
    settled: window.length >= SETTLING_RECORDS && counts.size === 1,
    fromCount: window.length ? window[0].count : null,
    toCount: window.length ? window[window.length - 1].count : null,
    fromStep: window.length ? window[0].step : 0,
    toStep: lastStep,
    records: window.length,
  };
}

/**
 * ‖UUᵀ − M*‖_F without forming UUᵀ: (UUᵀ)_ij is the dot product of rows i and j of U and
 * UUᵀ is symmetric, so each dot product serves both (i, j) and (j, i). M* need not be
 * symmetric (a loaded file may hold any matrix). Allocates nothing.
 */
export function testError(U: Float64Array, d: number, k: number, Mstar: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < d; i++) {
    const ri = i * k;
    const gii = dot(U, ri, U, ri, k) - Mstar[i * d + i];
    sum += gii * gii;
    for (let j = i + 1; j < d; j++) {
      const g = dot(U, ri, U, j * k, k);
      const upper = g - Mstar[i * d + j];
      const lower = g - Mstar[j * d + i];
      sum += upper * upper + lower * lower;
    }
  }
  return Math.sqrt(sum);
}

/**
 * Eigenvalues of UUᵀ in decreasing order, min(d, k) of them (the rest are zero). When
 * k < d the k×k matrix UᵀU, which has the same nonzero eigenvalues, is decomposed instead.
 */
export function eigenvaluesOfUUt(U: Float64Array, d: number, k: number): number[] {
  const small = Math.min(d, k);
  if (small === 0) return [];
  const gram = new Float64Array(small * small);
  for (let a = 0; a < small; a++) {
    for (let b = a; b < small; b++) {
      let s = 0;
      if (k < d) for (let i = 0; i < d; i++) s += U[i * k + a] * U[i * k + b];
      else s = dot(U, a * k, U, b * k, k);
      gram[a * small + b] = s;
      gram[b * small + a] = s;
    }
  }
  const evd = new EigenvalueDecomposition(Matrix.from1DArray(small, small, gram), { assumeSymmetric: true });
  return evd.realEigenvalues.map((v) => Math.max(0, v)).sort((x, y) => y - x);
}

export interface RateFit {
  /** Factor per step: error ≈ C · ρ^step. */
  rho: number;
  C: number;
  /** Coefficient of determination of the fit of log(error) against step. */
  r2: number;
  /** First and last step used by the fit. */
  fittedFrom: number;
  fittedTo: number;
  points: number;
}

/** Fraction of the total log-drop skipped at each end of the curve by fitLinearRate. */
const EDGE_FRACTION = 0.1;

/**
 * Least-squares fit of log(error) against step over the geometric part of a decaying curve.
 * The window skips the first tenth of the curve's total log-drop (the transient right after
 * pruning) and stops before its last tenth, where the error reaches a floor (rounding, or
 * the limit estimate of a loss gap). Returns null with fewer than 3 usable points.
 */
export function fitLinearRate(steps: ArrayLike<number>, errors: ArrayLike<number>): RateFit | null {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < errors.length; i++) {
    const e = errors[i];
    if (Number.isFinite(e) && e > 0) {
      xs.push(steps[i]);
      ys.push(Math.log(e));
    }
  }
  if (xs.length < 3) return null;
  const hi = ys[0];
  const lo = Math.min(...ys);
  const drop = hi - lo;
  let from = 0;
  let to = ys.length - 1;
  if (drop > 0) {
    const upper = hi - EDGE_FRACTION * drop;
    const lower = lo + EDGE_FRACTION * drop;
    while (from < ys.length && ys[from] > upper) from++;
    to = from;
    while (to + 1 < ys.length && ys[to + 1] >= lower) to++;
    if (to - from + 1 < 3) {
      from = 0;
      to = Math.max(2, ys.indexOf(lo));
    }
  }
  return leastSquaresLogFit(xs.slice(from, to + 1), ys.slice(from, to + 1));
}

function leastSquaresLogFit(xs: number[], ys: number[]): RateFit | null {
  const m = xs.length;
  if (m < 3) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < m; i++) {
    mx += xs[i] / m;
    my += ys[i] / m;
  }
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < m; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
    syy += (ys[i] - my) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { rho: Math.exp(slope), C: Math.exp(intercept), r2, fittedFrom: xs[0], fittedTo: xs[m - 1], points: m };
}

export interface LossGapSeries {
  /** Estimate of L_∞: the lowest loss recorded (GD on the loss decreases it monotonically). */
  limit: number;
  steps: number[];
  /** L(V_t) − limit, only where it is above the rounding level of the limit. */
  gaps: number[];
  /**
   * Whether the estimate can be trusted: the gradient norm fell to CONVERGED_GRADIENT_RATIO
   * of its first value, so the remaining gap (≈ ‖∇L‖² / curvature) is about 10⁻¹⁰ of the initial one.
   */
  converged: boolean;
}

/** Last over first gradient norm at or below which a fine-tuning curve counts as converged. */
const CONVERGED_GRADIENT_RATIO = 1e-5;

/** Relative level below which a loss difference is rounding noise. */
const ROUNDING_LEVEL = 1e-13;

/**
 * The fine-tuning curve L(V_t) − L_∞. L_∞ is unknown during a run, so it is estimated by
 * the lowest loss seen; the gap is honest once the run has converged (see `converged`),
 * and the gradient norm ‖∇L(V_t)‖, which needs no estimate, decays at the square root of
 * the gap's rate (both are shown).
 */
export function lossGapSeries(history: readonly { step: number; loss: number; gradNorm: number }[]): LossGapSeries {
  let limit = Infinity;
  for (const h of history) if (h.loss < limit) limit = h.loss;
  const steps: number[] = [];
  const gaps: number[] = [];
  const level = ROUNDING_LEVEL * Math.max(Math.abs(limit), history.length ? Math.abs(history[0].loss) * 1e-3 : 0);
  for (const h of history) {
    const gap = h.loss - limit;
    if (gap > level) {
      steps.push(h.step);
      gaps.push(gap);
    }
  }
  const first = history.length ? history[0].gradNorm : 0;
  const last = history.length ? history[history.length - 1].gradNorm : 0;
  return { limit: history.length ? limit : NaN, steps, gaps, converged: history.length > 1 && last <= CONVERGED_GRADIENT_RATIO * first };
}
