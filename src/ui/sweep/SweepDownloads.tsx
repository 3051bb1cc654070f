import { sweepCsv, sweepJson, type ExportedCell } from '../../core/sweep';
import { downloadBlob, fileStem } from '../share/download';
import { finishedResults } from './sweepText';
import type { SweepRunState } from './useSweep';

/** CSV (one row per finished cell) and JSON (config, axes, every cell) of the sweep on screen. */
export function SweepDownloads({ state, name }: { state: SweepRunState; name: string }) {
  const { config, grid } = state;
  if (!config || !grid) return null;
  const cells: ExportedCell[] = [];
  for (const outcome of state.outcomes) {
    if (outcome) cells.push(outcome.ok ? { ...outcome.cell, result: outcome.result } : { ...outcome.cell, error: outcome.error });
  }
  const stem = fileStem(config, name);
  const empty = cells.length === 0;
  return (
    <div className="pl-panel-toolbar">
      <button
        type="button"
        disabled={empty}
        onClick={() => downloadBlob(new Blob([sweepCsv(finishedResults(state.outcomes))], { type: 'text/csv' }), `${stem}.csv`)}
      >
        Download sweep CSV
      </button>
      <button
        type="button"
        disabled={empty}
        onClick={() => downloadBlob(new Blob([sweepJson(config, grid, cells)], { type: 'application/json' }), `${stem}.json`)}
      >
        Download sweep JSON
      </button>
    </div>
  );
}
