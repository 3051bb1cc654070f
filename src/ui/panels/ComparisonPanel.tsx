import { useEffect, useRef, useState } from 'react';
import { fractionCurve } from '../../core/metrics';
import { useLabStore, type LaneSummary } from '../../state/store';
import { subscribeFrames } from '../../worker/frameBus';
import { LANE_IDS, type LaneId } from '../../worker/protocol';
import { formatNumber } from '../format';

/** Column statistics of a lane at the last training frame before pruning. */
interface TrainStats {
  aboveTau: number;
  fractionAboveHalfMax: number;
}

const HALF_MAX = [0.5];

/**
 * Remembers each lane's column statistics from its last training frame, so the table
 * still shows what pruning faced after the lanes switched to fine-tuning. It listens to
 * the frame bus; React state changes only when a lane is pruned or restarted.
 */
function usePrunedStats(): Partial<Record<LaneId, TrainStats>> {
  const lastTrain = useRef<Partial<Record<LaneId, TrainStats>>>({});
  const [frozen, setFrozen] = useState<Partial<Record<LaneId, TrainStats>>>({});
  useEffect(
    () =>
      subscribeFrames((snapshot) => {
        for (const lane of snapshot.frame.lanes) {
          if (lane.phase === 'train') {
            lastTrain.current[lane.lane] = {
              aboveTau: lane.aboveTau,
              fractionAboveHalfMax: fractionCurve(lane.columnNorms, HALF_MAX)[0],
            };
            setFrozen((previous) => (previous[lane.lane] ? {} : previous));
          } else {
            const stats = lastTrain.current[lane.lane];
            setFrozen((previous) => (previous[lane.lane] || !stats ? previous : { ...previous, [lane.lane]: stats }));
          }
        }
      }),
    [],
  );
  return frozen;
}

interface Row {
  label: string;
  value: (lane: LaneSummary, stats: TrainStats | undefined) => string;
}

const percent = (x: number): string => `${Math.round(100 * x)}%`;

const ROWS: Row[] = [
  { label: 'columns above τ', value: (lane, stats) => String(stats?.aboveTau ?? lane.aboveTau) },
  { label: 'columns ≥ 0.5 · max norm', value: (lane, stats) => percent(stats?.fractionAboveHalfMax ?? lane.fractionAboveHalfMax) },
  { label: 'test error before pruning', value: (lane) => formatNumber(lane.milestones.beforePrune) },
  { label: 'test error after pruning at τ', value: (lane) => formatNumber(lane.milestones.afterPrune) },
  { label: 'test error after fine-tuning', value: (lane) => formatNumber(lane.milestones.afterFineTune) },
];

const LANE_NAMES: Record<LaneId, string> = { regularized: 'Regularized', unregularized: 'Unregularized (λ = 0)' };

/** The comparison table: the same τ applied to both lanes, from their own data. */
export function ComparisonPanel() {
  const lanes = useLabStore((s) => s.run.lanes);
  const r = useLabStore((s) => s.run.info?.r ?? s.params.config.r);
  const k = useLabStore((s) => s.run.info?.k ?? s.params.config.k);
  const frozen = usePrunedStats();
  const present = LANE_IDS.filter((id) => lanes[id] !== undefined);

  return (
    <section className="pl-panel pl-panel-wide" aria-label="Regularized vs unregularized">
      <h2>Regularized vs unregularized</h2>
      <p className="pl-panel-caption">
        Both runs start from the same U₀ and the same measurements; only λ differs. Prune both at the same τ (r = {r}, k = {k}): without the
        penalty many columns stay comparable to the largest, so no threshold isolates r of them and pruning destroys the model.
      </p>
      {present.length === 0 ? (
        <p className="pl-empty">Press Train to run both lanes.</p>
      ) : (
        <div className="pl-table-scroll">
          <table className="pl-table" data-testid="comparison-table">
            <thead>
              <tr>
                <th scope="col">at the same τ</th>
                {present.map((id) => (
                  <th key={id} scope="col" className={`pl-lane-${id}`}>
                    {LANE_NAMES[id]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ROWS.map((row) => (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  {present.map((id) => (
                    <td key={id}>{row.value(lanes[id] as LaneSummary, frozen[id])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
