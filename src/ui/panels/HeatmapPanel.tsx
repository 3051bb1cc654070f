import { useCallback } from 'react';
import { createHeatmap, maxAbsolute } from '../../charts/heatmap';
import { selectEffectiveTau, useLabStore } from '../../state/store';
import type { FrameSnapshot } from '../../worker/frameBus';
import { HEATMAP_MAX_ENTRIES, type LaneFrame, type LaneId } from '../../worker/labProtocol';
import { laneFrame } from './frameData';
import { laneHeading } from './laneNames';
import { useFrameChart } from './useFrameChart';

/** Columns pruning at τ would keep (all of them once pruned). */
function keepMask(frame: LaneFrame, tau: number): Uint8Array {
  const mask = new Uint8Array(frame.k);
  for (let j = 0; j < frame.k; j++) mask[j] = frame.keptIndices || frame.columnNorms[j] >= tau ? 1 : 0;
  return mask;
}

/** Largest |U_ij| over every lane, so side-by-side heatmaps share one colour scale. */
function sharedMaxAbs(snapshot: FrameSnapshot): number {
  let max = 0;
  for (const lane of snapshot.frame.lanes) if (lane.U) max = Math.max(max, maxAbsolute(lane.U));
  return max;
}

function HeatmapChart({ lane, shared }: { lane: LaneId; shared: boolean }) {
  const tau = useLabStore(selectEffectiveTau);
  const hostRef = useFrameChart(
    (host) => createHeatmap(host, { description: `Heatmap of U, ${lane} run` }),
    useCallback(
      (snapshot: FrameSnapshot | null) => {
      const frame = snapshot && laneFrame(snapshot, lane);
      if (!snapshot?.info || !frame?.U) return null;
      return {
        U: frame.U,
        rows: snapshot.info.d,
        cols: frame.k,
        keepMask: keepMask(frame, tau),
        columnIds: frame.keptIndices ? Array.from(frame.keptIndices) : undefined,
        maxAbs: shared ? sharedMaxAbs(snapshot) : undefined,
      };
    },
      [lane, tau, shared],
    ),
  );
  return <div className="pl-chart-host" ref={hostRef} />;
}

/** U as a d×k image: watch the columns die; columns below τ are faded. */
export function HeatmapPanel() {
  const comparison = useLabStore((s) => s.view.comparison);
  const config = useLabStore((s) => s.params.config);
  const available = useLabStore((s) => s.run.info?.heatmap ?? true);
  return (
    <section className="pl-panel" aria-label="Heatmap of U">
      <h2>Heatmap of U</h2>
      <p className="pl-panel-caption">Rows are the d coordinates, columns the k columns of U; columns below τ are faded.</p>
      {!available ? (
        <p className="pl-empty">U has more than {HEATMAP_MAX_ENTRIES.toLocaleString('en-US')} entries, too many to stream every frame.</p>
      ) : comparison ? (
        <div className="pl-lanes">
          <div className="pl-lane pl-lane-regularized">
            <h3>{laneHeading(config, 'regularized')}</h3>
            <HeatmapChart lane="regularized" shared />
          </div>
          <div className="pl-lane pl-lane-unregularized">
            <h3>{laneHeading(config, 'unregularized')}</h3>
            <HeatmapChart lane="unregularized" shared />
          </div>
        </div>
      ) : (
        <HeatmapChart lane="regularized" shared={false} />
      )}
    </section>
  );
}
