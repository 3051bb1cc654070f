import { sweepCsv } from '../../core/sweep';
import { labSweepFile, serializeSweepFile } from '../../core/sweepFile';
import { downloadBlob, fileStem } from '../share/download';
import { finishedResults } from './sweepText';
import type { SweepRunState } from '../../state/useSweep';

/** CSV (one row per finished cell) and the sweep file (sweep.json, the format the CLI writes and Import sweep reads) of the sweep on screen. */
export function SweepDownloads({ state, name }: { state: SweepRunState; name: string }) {
  const { config, grid } = state;
  if (!config || !grid) return null;
  const outcomes = state.outcomes.filter((o) => o !== null);
  const stem = fileStem(config, name);
  const empty = outcomes.length === 0;
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
        onClick={() => downloadBlob(new Blob([serializeSweepFile(labSweepFile(config, grid, outcomes))], { type: 'application/json' }), `${stem}.json`)}
      >
        Download sweep JSON
      </button>
    </div>
  );
}
