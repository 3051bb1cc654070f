import { useId, type ReactNode } from 'react';
import type { SweepRunState } from '../../state/useSweep';
import { progressText } from './sweepText';

export interface SweepRunControlsProps {
  /** What the buttons run: "sweep" gives "Run sweep" and "Cancel sweep". */
  noun: string;
  /**
   * The panel's sweep, from useSweep: its state, its cancel, and the name of the other sweep
   * while that one holds the shared workers (else null).
   */
  sweep: { state: Pick<SweepRunState, 'status' | 'progress' | 'workers'>; cancel: () => void; busyWith: string | null };
  /** Whether the form describes a grid that can run. */
  canRun: boolean;
  onRun: () => void;
  /** Cells of the run under way, or of the grid the form describes before one. */
  total: number;
  /** Accessible name of the progress bar. */
  progressLabel: string;
  /** Prefix of the test ids: `${prefix}-busy` and `${prefix}-status`. */
  testIdPrefix: string;
  /** Beside the buttons: what pressing Run would run. */
  children?: ReactNode;
}

/**
 * The Run and Cancel buttons every sweep panel shows, the note that another panel's sweep
 * holds the shared workers (Run waits instead of cancelling it), the progress bar and the
 * live status line.
 */
export function SweepRunControls({ noun, sweep, canRun, onRun, total, progressLabel, testIdPrefix, children }: SweepRunControlsProps) {
  const { state, busyWith } = sweep;
  const busyNoteId = useId();
  const running = state.status === 'running';
  const finished = state.progress ? state.progress.done + state.progress.failed : 0;
  return (
    <>
      <div className="pl-run-buttons">
        <button type="button" onClick={onRun} disabled={running || !canRun || busyWith !== null} aria-describedby={busyWith ? busyNoteId : undefined}>
          Run {noun}
        </button>
        <button type="button" onClick={sweep.cancel} disabled={!running}>
          Cancel {noun}
        </button>
        {children}
      </div>
      {busyWith ? (
        <p className="pl-status" id={busyNoteId} data-testid={`${testIdPrefix}-busy`}>
          The {busyWith} is using the workers; cancel it or wait.
        </p>
      ) : null}
      <progress aria-label={progressLabel} value={finished} max={Math.max(1, total)} />
      <p className="pl-status" aria-live="polite" data-testid={`${testIdPrefix}-status`}>
        {progressText(state.progress, state.status, state.workers)}
      </p>
    </>
  );
}
