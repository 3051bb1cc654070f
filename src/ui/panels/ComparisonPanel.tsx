import { useState } from 'react';
import { heldOutCount } from '../../core/config';
import { HALF_MAX } from '../../core/metrics';
import { selectEffectiveTau, useFrameBus, useLabActions, useLabStore, type LaneSummary } from '../../state/store';
import { LANE_IDS } from '../../worker/labProtocol';
import { formatCount, formatNumber } from '../format';
import { TableScroll } from '../TableScroll';
import { commonTauForRank, formatGap, type ColumnStats } from './columnStats';
import { comparisonCaption, type LaneFacts } from './comparisonText';
import { laneHeading } from './laneNames';
import { useColumnStats } from './useColumnStats';

interface Row {
  label: string;
  /** Whether the row describes the phase-1 columns (all k) rather than the pruned model. */
  phaseOne: boolean;
  value: (lane: LaneSummary, stats: ColumnStats | undefined) => string;
}

const percent = (x: number | undefined): string => (x === undefined ? '—' : `${Math.round(100 * x)}%`);

/**
 * Rows about the phase-1 columns (all k), then what pruning at τ and fine-tuning did; the
 * held-out rows only when the problem has a held-out set (nTest > 0).
 */
function rows(r: number, nTest: number): Row[] {
  const heldOut = `held-out loss (${formatCount(nTest)} fresh measurement${nTest === 1 ? '' : 's'})`;
  const withHeldOut = (row: Row): Row[] => (nTest > 0 ? [row] : []);
  return [
    { label: 'columns above τ', phaseOne: true, value: (_, stats) => (stats ? String(stats.aboveTau) : '—') },
    { label: `columns ≥ ${HALF_MAX} · max norm`, phaseOne: true, value: (_, stats) => percent(stats?.fractionAboveHalfMax) },
    { label: 'r-th / (r+1)-th largest norm', phaseOne: true, value: (_, stats) => formatGap(stats?.rankGap ?? null) },
    { label: 'test error before pruning', phaseOne: true, value: (lane) => formatNumber(lane.milestones.beforePrune) },
    { label: `test error keeping only the ${r} largest columns`, phaseOne: true, value: (lane) => formatNumber(lane.largestColumnsTestError) },
    ...withHeldOut({ label: `${heldOut} before pruning`, phaseOne: true, value: (lane) => formatNumber(lane.heldOutMilestones.beforePrune) }),
    { label: 'columns kept by pruning', phaseOne: false, value: (lane) => (lane.phase === 'finetune' ? String(lane.k) : '—') },
    { label: 'test error after pruning at τ', phaseOne: false, value: (lane) => formatNumber(lane.milestones.afterPrune) },
    { label: 'test error after fine-tuning', phaseOne: false, value: (lane) => formatNumber(lane.milestones.afterFineTune) },
    {
      label: `test error keeping the ${r} largest columns and fine-tuning`,
      phaseOne: false,
      value: (lane) => formatNumber(lane.largestColumnsFineTunedTestError),
    },
    ...withHeldOut({ label: `${heldOut} after fine-tuning`, phaseOne: false, value: (lane) => formatNumber(lane.heldOutMilestones.afterFineTune) }),
  ];
}

function laneFacts(lane: LaneSummary | undefined, stats: ColumnStats | undefined): LaneFacts | null {
  if (!lane) return null;
  return {
    rankGap: stats?.rankGap ?? null,
    testErrorBeforePruning: lane.milestones.beforePrune,
    testErrorLargestColumns: lane.largestColumnsTestError,
    testErrorAfterFineTune: lane.milestones.afterFineTune,
  };
}

/**
 * The comparison table: both lanes from the same U₀ and data, pruned at the same τ, every
 * value from the lanes' own frames and history, and a caption quoting those values.
 */
export function ComparisonPanel() {
  const lanes = useLabStore((s) => s.run.lanes);
  const r = useLabStore((s) => s.run.info?.r ?? s.params.config.r);
  const k = useLabStore((s) => s.run.info?.k ?? s.params.config.k);
  const tau = useLabStore(selectEffectiveTau);
  const phase = useLabStore((s) => s.run.phase);
  const config = useLabStore((s) => s.params.config);
  const model = config.model;
  const n = useLabStore((s) => s.run.info?.n ?? s.params.config.n);
  const nTest = useLabStore((s) => heldOutCount(s.params.config));
  const checkpointEvery = useLabStore((s) => s.params.config.checkpointEvery);
  const actions = useLabActions();
  const frames = useFrameBus();
  const stats = useColumnStats(r, tau);
  const [searchNote, setSearchNote] = useState<string | null>(null);
  const present = LANE_IDS.filter((id) => lanes[id] !== undefined);
  const tableRows = rows(r, nTest);

  const findTau = () => {
    const snapshot = frames.getLatest();
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
      <p className="pl-panel-caption" data-testid="comparison-caption">
        {comparisonCaption({
          model,
          n,
          tau,
          r,
          k,
          pruned: phase === 'finetune',
          regularized: laneFacts(lanes.regularized, stats.regularized),
          unregularized: laneFacts(lanes.unregularized, stats.unregularized),
        }).join(' ')}
      </p>
      {present.length === 0 ? (
        <p className="pl-empty">Preparing both runs…</p>
      ) : (
        <TableScroll label="Comparison table">
          <table className="pl-table" data-testid="comparison-table">
            <caption className="pl-table-caption">
              {`The first ${tableRows.filter((row) => row.phaseOne).length} rows describe phase 1 over all k = ${k} columns${
                phase === 'finetune' ? ', at the moment of pruning' : ', live'
              }; the others, pruning at τ and fine-tuning the kept columns.${
                nTest > 0
                  ? ` Held-out losses are measured on noise-free measurements never trained on, only at checkpoints (every ${formatCount(checkpointEvery)} steps), so each is the value at its phase's latest checkpoint.`
                  : ''
              }`}
            </caption>
            <thead>
              <tr>
                <th scope="col">same U₀, data and τ</th>
                {present.map((id) => (
                  <th key={id} scope="col" className={`pl-lane-${id}`}>
                    {laneHeading(config, id)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {tableRows.map((row) => (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  {present.map((id) => (
                    <td key={id}>{row.value(lanes[id] as LaneSummary, stats[id])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
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
