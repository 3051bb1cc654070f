import { useState } from 'react';
import { selectEffectiveTau, useLabActions, useLabStore, type LaneSummary } from '../../state/store';
import { getLatestFrame } from '../../worker/frameBus';
import { LANE_IDS, type LaneId } from '../../worker/protocol';
import { formatNumber } from '../format';
import { commonTauForRank, type ColumnStats } from './columnStats';
import { useColumnStats } from './useColumnStats';

interface Row {
  label: string;
  value: (lane: LaneSummary, stats: ColumnStats | undefined) => string;
}

const percent = (x: number | undefined): string => (x === undefined ? '—' : `${Math.round(100 * x)}%`);

const ROWS: Row[] = [
  { label: 'columns above τ', value: (_, stats) => (stats ? String(stats.aboveTau) : '—') },
  { label: 'columns ≥ 0.5 · max norm', value: (_, stats) => percent(stats?.fractionAboveHalfMax) },
  { label: 'r-th / (r+1)-th largest norm', value: (_, stats) => formatNumber(stats?.rankGap) },
  { label: 'columns kept by pruning', value: (lane) => (lane.phase === 'finetune' ? String(lane.k) : '—') },
  { label: 'test error before pruning', value: (lane) => formatNumber(lane.milestones.beforePrune) },
  { label: 'test error after pruning at τ', value: (lane) => formatNumber(lane.milestones.afterPrune) },
  { label: 'test error after fine-tuning', value: (lane) => formatNumber(lane.milestones.afterFineTune) },
];

const LANE_NAMES: Record<LaneId, string> = { regularized: 'Regularized', unregularized: 'Unregularized (λ = 0)' };

/**
 * The comparison table: both lanes from the same U₀ and data, pruned at the same τ, every
 * value from the lanes' own frames and history.
 */
export function ComparisonPanel() {
  const lanes = useLabStore((s) => s.run.lanes);
  const r = useLabStore((s) => s.run.info?.r ?? s.params.config.r);
  const k = useLabStore((s) => s.run.info?.k ?? s.params.config.k);
  const tau = useLabStore(selectEffectiveTau);
  const phase = useLabStore((s) => s.run.phase);
  const actions = useLabActions();
  const stats = useColumnStats(r, tau);
  const [searchNote, setSearchNote] = useState<string | null>(null);
  const present = LANE_IDS.filter((id) => lanes[id] !== undefined);

  const findTau = () => {
    const snapshot = getLatestFrame();
    const norms = snapshot ? snapshot.frame.lanes.map((lane) => lane.columnNorms) : [];
    const found = norms.length === LANE_IDS.length ? commonTauForRank(norms, r) : null;
    if (found === null) {
      setSearchNote(`No single τ keeps exactly r = ${r} columns in both runs right now.`);
      return;
    }
    setSearchNote(`τ = ${formatNumber(found)} keeps r = ${r} columns in both runs; now press Prune.`);
    actions.setTau(found);
  };

  return (
    <section className="pl-panel pl-panel-wide" aria-label="Regularized vs unregularized">
      <h2>Regularized vs unregularized</h2>
      <p className="pl-panel-caption">
        Both runs start from the same U₀ and the same measurements; only λ differs, and both are pruned at the same τ ={' '}
        {formatNumber(tau)} (r = {r}, k = {k}). Without the penalty many columns stay comparable to the largest, so no threshold
        isolates r of them: a τ that keeps r columns cuts away most of what the unregularized model learned.
      </p>
      {present.length === 0 ? (
        <p className="pl-empty">Preparing both runs…</p>
      ) : (
        <div className="pl-table-scroll">
          <table className="pl-table" data-testid="comparison-table">
            <thead>
              <tr>
                <th scope="col">same U₀, data and τ</th>
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
                    <td key={id}>{row.value(lanes[id] as LaneSummary, stats[id])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="pl-panel-toolbar pl-compare-actions">
        <button type="button" onClick={findTau} disabled={phase !== 'train' || present.length < LANE_IDS.length}>
          Set τ to keep r columns in both runs
        </button>
        {searchNote ? <span aria-live="polite">{searchNote}</span> : null}
      </div>
    </section>
  );
}
