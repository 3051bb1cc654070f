import { useCallback, useMemo } from 'react';
import { figureOneData, FIGURE_ONE_FRACTION_DESCRIPTION, FIGURE_ONE_HISTOGRAM_LABELS } from '../../charts/figureOne';
import { createFractionCurve } from '../../charts/fractionCurve';
import { createHistogram } from '../../charts/histogram';
import { COLORS } from '../../charts/theme';
import { HALF_MAX, figureOneStatistics } from '../../core/metrics';
import type { RunConfig } from '../../core/config';
import { selectEffectiveTau, useLabStore } from '../../state/store';
import type { FrameSnapshot } from '../../worker/frameBus';
import type { LaneId } from '../../worker/labProtocol';
import { phaseOneColumns } from './columnStats';
import { laneFrame } from './frameData';
import { laneName } from './laneNames';
import { useFrameChart } from './useFrameChart';

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

/** Figure 1's data of the shown lanes: their phase-1 norms' statistics at the τ that applies to them. */
function figureOneOf(snapshot: FrameSnapshot, comparison: boolean, tau: number, config: RunConfig) {
  const lanes = lanesOf(snapshot, comparison, tau);
  const shownTau = lanes[0]?.tau ?? tau;
  const statistics = figureOneStatistics(
    lanes.map((lane) => lane.norms),
    shownTau,
  );
  const sets = lanes.map(({ id }, i) => ({ id, label: laneName(config, id), color: LANE_COLORS[id], statistics: statistics[i] }));
  return figureOneData(sets, shownTau, HALF_MAX);
}

/** The paper's Figure 1: histogram of the phase-1 column norms and the fraction curve F(x), live until pruning. */
export function DistributionPanel() {
  const comparison = useLabStore((s) => s.view.comparison);
  const config = useLabStore((s) => s.params.config);
  const tau = useLabStore(selectEffectiveTau);
  const pruned = useLabStore((s) => s.run.phase === 'finetune');
  const k = useLabStore((s) => s.run.info?.k ?? s.params.config.k);

  // Both charts draw the same statistics of each frame: computed once per frame, not per chart.
  const figureOne = useMemo(() => {
    let last: { snapshot: FrameSnapshot; data: ReturnType<typeof figureOneOf> } | null = null;
    return (snapshot: FrameSnapshot) => {
      if (last?.snapshot !== snapshot) last = { snapshot, data: figureOneOf(snapshot, comparison, tau, config) };
      return last.data;
    };
  }, [comparison, tau, config]);

  const histogramRef = useFrameChart(
    (host) => createHistogram(host, FIGURE_ONE_HISTOGRAM_LABELS),
    useCallback((snapshot: FrameSnapshot | null) => (snapshot ? figureOne(snapshot).histogram : null), [figureOne]),
  );

  const fractionRef = useFrameChart(
    (host) => createFractionCurve(host, { description: FIGURE_ONE_FRACTION_DESCRIPTION }),
    useCallback((snapshot: FrameSnapshot | null) => (snapshot ? figureOne(snapshot).fraction : null), [figureOne]),
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
