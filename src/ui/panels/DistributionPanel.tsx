import { createFractionCurve, type FractionSeries } from '../../charts/fractionCurve';
import { createHistogram, type HistogramSeries } from '../../charts/histogram';
import { COLORS } from '../../charts/theme';
import { selectEffectiveTau, useLabStore } from '../../state/store';
import type { FrameSnapshot } from '../../worker/frameBus';
import type { LaneId } from '../../worker/protocol';
import { laneFrame, largestNorm } from './frameData';
import { useFrameChart } from './useFrameChart';

const LANE_LABELS: Record<LaneId, string> = { regularized: 'regularized', unregularized: 'unregularized (λ = 0)' };
const LANE_COLORS: Record<LaneId, string> = { regularized: COLORS.reg, unregularized: COLORS.unreg };
/** Where the fraction curve is read out: the comparison table's "≥ 0.5 · max". */
const FRACTION_MARKER = 0.5;

function lanesOf(snapshot: FrameSnapshot, comparison: boolean): { id: LaneId; norms: Float64Array }[] {
  const ids: LaneId[] = comparison ? ['regularized', 'unregularized'] : ['regularized'];
  return ids.flatMap((id) => {
    const frame = laneFrame(snapshot, id);
    return frame ? [{ id, norms: frame.columnNorms }] : [];
  });
}

/** The paper's Figure 1, live: histogram of the column norms and the fraction curve F(x). */
export function DistributionPanel() {
  const comparison = useLabStore((s) => s.view.comparison);
  const tau = useLabStore(selectEffectiveTau);

  const histogramRef = useFrameChart(
    (host) => createHistogram(host, { description: 'Histogram of column norms', xLabel: '‖U eᵢ‖', yLabel: 'columns' }),
    (snapshot) => {
      if (!snapshot) return null;
      const series: HistogramSeries[] = lanesOf(snapshot, comparison).map(({ id, norms }) => ({
        id,
        label: LANE_LABELS[id],
        values: norms,
        color: LANE_COLORS[id],
      }));
      return { series, tau, max: Math.max(largestNorm(snapshot), tau), countScale: 'sqrt' as const };
    },
    `${comparison}|${tau}`,
  );

  const fractionRef = useFrameChart(
    (host) => createFractionCurve(host, { description: 'Fraction of columns with norm at least x times the largest' }),
    (snapshot) => {
      if (!snapshot) return null;
      const series: FractionSeries[] = lanesOf(snapshot, comparison).map(({ id, norms }) => ({
        id,
        label: LANE_LABELS[id],
        norms,
        color: LANE_COLORS[id],
      }));
      return { series, marker: FRACTION_MARKER };
    },
    String(comparison),
  );

  return (
    <section className="pl-panel" aria-label="Distribution of column norms">
      <h2>Distribution of column norms</h2>
      <p className="pl-panel-caption">
        The paper&rsquo;s Figure 1, live. Left: histogram of ‖U eᵢ‖ (square-root count axis). Right: F(x), the fraction of
        columns whose norm is at least x times the largest.
      </p>
      <div className="pl-chart-pair">
        <div className="pl-chart-host" ref={histogramRef} />
        <div className="pl-chart-host" ref={fractionRef} />
      </div>
    </section>
  );
}
