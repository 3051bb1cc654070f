import { useCallback } from 'react';
import { createColumnNorms } from '../../charts/columnNorms';
import { countAbove } from '../../core/metrics';
import { selectEffectiveTau, useLabActions, useLabStore } from '../../state/store';
import { NORM_SCALES, SORT_ORDERS } from '../../state/view';
import type { FrameSnapshot } from '../../worker/frameBus';
import type { LaneId } from '../../worker/labProtocol';
import { TimeScrubber } from '../share/TimeScrubber';
import { ToggleGroup } from '../ToggleGroup';
import { laneFrame, sharedNormMax } from './frameData';
import { laneHeading } from './laneNames';
import { useFrameChart } from './useFrameChart';

/** The main chart: about 200 px of plot (plus axes) even on a 390 px phone. */
const MIN_CHART_HEIGHT = 250;

export interface ColumnNormsChartProps {
  lane: LaneId;
  /** Share the y-axis with the other lane (comparison view). */
  shared: boolean;
}

/**
 * The bar chart of one lane's column norms, with the draggable τ line bound to the store.
 * The regularized lane shows the time scrubber's checkpoint instead of the live frame while
 * one is selected (the checkpoints are recorded from that lane).
 */
export function ColumnNormsChart({ lane, shared }: ColumnNormsChartProps) {
  const selected = useLabStore((s) => s.timeline.shown);
  const checkpoint = lane === 'regularized' ? selected : null;
  const tau = useLabStore(selectEffectiveTau);
  const tauDerived = useLabStore((s) => s.params.config.tau === null);
  const sort = useLabStore((s) => s.view.sort);
  const scale = useLabStore((s) => s.view.normScale);
  const r = useLabStore((s) => s.run.info?.r ?? s.params.config.r);
  const actions = useLabActions();

  const hostRef = useFrameChart(
    (host) => createColumnNorms(host, { minHeight: MIN_CHART_HEIGHT, onTauChange: (next) => actions.setTau(next) }),
    useCallback(
      (snapshot: FrameSnapshot | null) => {
      const frame = snapshot && laneFrame(snapshot, lane);
      const shown = checkpoint ?? frame;
      if (!shown) return null;
      return {
        norms: shown.columnNorms,
        indices: shown.keptIndices ? Array.from(shown.keptIndices) : undefined,
        tau,
        aboveTau: countAbove(shown.columnNorms, tau),
        tauDerived,
        r,
        order: sort,
        scale,
        yMax: shared && snapshot ? sharedNormMax(snapshot, scale) : undefined,
      };
    },
      [checkpoint, lane, r, scale, shared, sort, tau, tauDerived],
    ),
  );
  return <div className="pl-chart-host" ref={hostRef} />;
}

/**
 * The "Column norms" region: the chart and its sort and scale toggles; with the comparison
 * on, the regularized and unregularized lanes side by side on a shared axis.
 */
export function ColumnNormsPanel() {
  const comparison = useLabStore((s) => s.view.comparison);
  const sort = useLabStore((s) => s.view.sort);
  const scale = useLabStore((s) => s.view.normScale);
  const config = useLabStore((s) => s.params.config);
  const actions = useLabActions();
  return (
    <section className="pl-panel pl-panel-wide" aria-label="Column norms">
      <h2>Column norms ‖U eᵢ‖</h2>
      <p className="pl-panel-caption">
        One bar per column of U. Bars below the dashed threshold τ are greyed; drag the line (or use the slider) to move it.
      </p>
      <div className="pl-panel-toolbar">
        <ToggleGroup label="Sort" options={SORT_ORDERS} value={sort} onChange={(next) => actions.setView({ sort: next })} />
        <ToggleGroup label="Scale" options={NORM_SCALES} value={scale} onChange={(next) => actions.setView({ normScale: next })} />
      </div>
      <TimeScrubber />
      {comparison ? (
        <div className="pl-lanes">
          <div className="pl-lane pl-lane-regularized">
            <h3>{laneHeading(config, 'regularized')}</h3>
            <ColumnNormsChart lane="regularized" shared />
          </div>
          <div className="pl-lane pl-lane-unregularized">
            <h3>{laneHeading(config, 'unregularized')}</h3>
            <ColumnNormsChart lane="unregularized" shared />
          </div>
        </div>
      ) : (
        <ColumnNormsChart lane="regularized" shared={false} />
      )}
    </section>
  );
}
