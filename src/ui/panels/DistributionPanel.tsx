import { createFractionCurve, type FractionSeries } from '../../charts/fractionCurve';
import { createHistogram, type HistogramSeries } from '../../charts/histogram';
import { COLORS } from '../../charts/theme';
import { HALF_MAX } from '../../core/metrics';
import { selectEffectiveTau, useLabStore } from '../../state/store';
import type { FrameSnapshot } from '../../worker/frameBus';
import type { LaneId } from '../../worker/protocol';
import { phaseOneColumns } from './columnStats';
import { laneFrame } from './frameData';
import { useFrameChart } from './useFrameChart';

const LANE_LABELS: Record<LaneId, string> = { regularized: 'regularized', unregularized: 'unregularized (λ = 0)' };
const LANE_COLORS: Record<LaneId, string> = { regularized: COLORS.reg, unregularized: COLORS.unreg };

/**
 * The phase-1 column norms of each shown lane: the current ones while training, all k at the
 * moment of pruning afterwards (the paper's Figure 1 is of the trained, unpruned model).
 */
function lanesOf(snapshot: FrameSnapshot, comparison: boolean, tau: number): { id: LaneId; norms: Float64Array; tau: number }[] {
  const ids: LaneId[] = comparison ? ['regularized', 'unregularized'] : ['regularized'];
  return ids.flatMap((id) => {
    const frame = laneFrame(snapshot, id);
    const phaseOne = frame ? phaseOneColumns(frame, tau) : null;
    return phaseOne ? [{ id, ...phaseOne }] : [];
  });
}

function largest(values: readonly { norms: Float64Array }[]): number {
  let max = 0;
  for (const { norms } of values) for (let i = 0; i < norms.length; i++) if (norms[i] > max) max = norms[i];
  return max;
}

/** The paper's Figure 1: histogram of the phase-1 column norms and the fraction curve F(x), live until pruning. */
export function DistributionPanel() {
  const comparison = useLabStore((s) => s.view.comparison);
  const tau = useLabStore(selectEffectiveTau);
  const pruned = useLabStore((s) => s.run.phase === 'finetune');
  const k = useLabStore((s) => s.run.info?.k ?? s.params.config.k);

  const histogramRef = useFrameChart(
    (host) => createHistogram(host, { description: 'Histogram of column norms', xLabel: '‖U eᵢ‖', yLabel: 'columns' }),
    (snapshot) => {
      if (!snapshot) return null;
      const lanes = lanesOf(snapshot, comparison, tau);
      const series: HistogramSeries[] = lanes.map(({ id, norms }) => ({
        id,
        label: LANE_LABELS[id],
        values: norms,
        color: LANE_COLORS[id],
      }));
      const shownTau = lanes[0]?.tau ?? tau;
      return { series, tau: shownTau, max: Math.max(largest(lanes), shownTau), countScale: 'sqrt' as const };
    },
    `${comparison}|${tau}`,
  );

  const fractionRef = useFrameChart(
    (host) => createFractionCurve(host, { description: 'Fraction of columns with norm at least x times the largest' }),
    (snapshot) => {
      if (!snapshot) return null;
      const series: FractionSeries[] = lanesOf(snapshot, comparison, tau).map(({ id, norms }) => ({
        id,
        label: LANE_LABELS[id],
        norms,
        color: LANE_COLORS[id],
      }));
      return { series, marker: HALF_MAX };
    },
    `${comparison}|${tau}`,
  );

  return (
    <section className="pl-panel" aria-label="Distribution of column norms">
      <h2>Distribution of column norms</h2>
      <p className="pl-panel-caption" data-testid="distribution-caption">
        {pruned
          ? `The paper’s Figure 1 at the moment of pruning: all k = ${k} phase-1 columns${comparison ? ' of each run' : ''}, with the τ they were pruned at (the Column norms panel shows the columns kept). `
          : `The paper’s Figure 1, live: all k = ${k} columns${comparison ? ' of each run' : ''} as phase 1 trains. `}
        <span className="pl-when-stacked">Top</span>
        <span className="pl-when-side-by-side">Left</span>: histogram of ‖U eᵢ‖ (square-root count axis).{' '}
        <span className="pl-when-stacked">Bottom</span>
        <span className="pl-when-side-by-side">Right</span>: F(x), the fraction of columns whose norm is at least x times the
        largest.
      </p>
      <div className="pl-chart-pair">
        <div className="pl-chart-host" ref={histogramRef} />
        <div className="pl-chart-host" ref={fractionRef} />
      </div>
    </section>
  );
}
