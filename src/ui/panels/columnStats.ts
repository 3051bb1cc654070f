// Column statistics the comparison table shows: how well a threshold can separate r columns.
import { HALF_MAX, countAbove, fractionAtLeast } from '../../core/metrics';
import { formatValue } from '../../charts/theme';
import type { LaneFrame } from '../../worker/labProtocol';

export interface ColumnStats {
  aboveTau: number;
  /** F(HALF_MAX): fraction of columns with norm ≥ HALF_MAX · max (the paper's Figure 1, left). */
  fractionAboveHalfMax: number;
  /**
   * r-th largest norm / (r+1)-th largest: how wide the gap a threshold must fall into to
   * keep exactly r columns (huge with the penalty, near 1 without). Null when k ≤ r.
   */
  rankGap: number | null;
  /** A threshold inside that gap (geometric mean of the two norms), null when k ≤ r. */
  tauForRank: number | null;
  /** The smallest norm among the r largest. */
  rthLargest: number | null;
}

export function columnStats(norms: ArrayLike<number>, r: number, tau: number): ColumnStats {
  const sorted = Array.from(norms).sort((a, b) => b - a);
  const rth = r >= 1 && sorted.length >= r ? sorted[r - 1] : null;
  const next = sorted.length > r ? sorted[r] : null;
  return {
    aboveTau: countAbove(norms, tau),
    fractionAboveHalfMax: fractionAtLeast(norms, HALF_MAX),
    rankGap: rth !== null && next !== null ? (next > 0 ? rth / next : Infinity) : null,
    tauForRank: rth !== null && next !== null ? Math.sqrt(rth * next) : null,
    rthLargest: rth,
  };
}

/**
 * A τ that keeps exactly r columns in every lane at once: inside each lane's gap between
 * its r-th and (r+1)-th largest norm. The unregularized lane's gap is narrow, so this is
 * its geometric middle when the regularized lane still keeps r there; null otherwise.
 */
export function commonTauForRank(lanes: readonly ArrayLike<number>[], r: number): number | null {
  let low = 0;
  let high = Infinity;
  for (const norms of lanes) {
    const sorted = Array.from(norms).sort((a, b) => b - a);
    if (sorted.length < r + 1 || r < 1) return null;
    high = Math.min(high, sorted[r - 1]);
    low = Math.max(low, sorted[r]);
  }
  if (!(high > low)) return null;
  return low > 0 ? Math.sqrt(low * high) : high / 2;
}

/**
 * The phase-1 columns of a lane and the τ that applies to them: the current columns while
 * training (at the lab's τ), all k columns at the moment of pruning (at the τ pruned at)
 * afterwards. Null for a pruned lane whose frame lacks that state.
 */
export function phaseOneColumns(lane: Pick<LaneFrame, 'phase' | 'columnNorms' | 'atPruning'>, tau: number): { norms: Float64Array; tau: number } | null {
  if (lane.phase === 'train') return { norms: lane.columnNorms, tau };
  return lane.atPruning ? { norms: lane.atPruning.columnNorms, tau: lane.atPruning.tau } : null;
}

/** A ratio of the r-th to the (r+1)-th norm at or above this leaves no doubt which r columns a threshold keeps. */
const CLEAN_GAP = 1e6;

/** A norm ratio as a reader can take it in: "1.06×" for a narrow gap, "> 10⁶×" for a clean one. */
export function formatGap(ratio: number | null): string {
  if (ratio === null || Number.isNaN(ratio)) return '—';
  if (ratio >= CLEAN_GAP) return `> ${formatValue(CLEAN_GAP)}×`;
  return `${formatValue(ratio)}×`;
}
