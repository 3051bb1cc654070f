import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunConfig } from '../../core/config';
import type { SweepGrid } from '../../core/sweep';
import type { CellOutcome, SweepHandle, SweepPool, SweepProgress } from '../../worker/sweepPool';

export type SweepStatus =
  | 'idle'
  | 'running'
  | 'done'
  /** Cancelled from this panel. */
  | 'cancelled'
  /** Stopped because another sweep started on the shared pool. */
  | 'superseded';

export interface SweepRunState {
  status: SweepStatus;
  /** What the sweep ran (null before the first run). */
  config: RunConfig | null;
  grid: SweepGrid | null;
  /** Outcomes by cell index; null while a cell is pending. */
  outcomes: (CellOutcome | null)[];
  progress: SweepProgress | null;
  workers: number;
}

const IDLE: SweepRunState = { status: 'idle', config: null, grid: null, outcomes: [], progress: null, workers: 0 };

/**
 * One panel's sweep on a (possibly shared) pool: results stream into React state as they
 * arrive (a few per second at most, so one render per cell is fine). Unmounting cancels
 * the panel's own sweep.
 */
export function useSweep(pool: SweepPool) {
  const [state, setState] = useState<SweepRunState>(IDLE);
  const handleRef = useRef<SweepHandle | null>(null);
  const cancelledHereRef = useRef(false);

  const start = useCallback(
    (config: RunConfig, grid: SweepGrid, order: SweepGrid['cells']) => {
      cancelledHereRef.current = false;
      setState({ status: 'running', config, grid, outcomes: grid.cells.map(() => null), progress: null, workers: Math.min(pool.size, grid.cells.length) });
      // The pool reports the start (and any cell that fails at once) before run() returns.
      let handle: SweepHandle | null = null;
      const isCurrent = () => handle === null || handleRef.current === handle;
      handle = pool.run(config, order, {
        onCell: (outcome) => {
          if (!isCurrent()) return;
          setState((s) => {
            const outcomes = s.outcomes.slice();
            outcomes[outcome.cell.index] = outcome;
            return { ...s, outcomes };
          });
        },
        onProgress: (progress) => {
          if (!isCurrent()) return;
          setState((s) => ({ ...s, progress }));
        },
      });
      handleRef.current = handle;
      const own = handle;
      void own.finished.then((summary) => {
        if (handleRef.current !== own) return;
        handleRef.current = null;
        const status: SweepStatus = !summary.cancelled ? 'done' : cancelledHereRef.current ? 'cancelled' : 'superseded';
        setState((s) => ({ ...s, status, progress: s.progress ? { ...s.progress, elapsedMs: summary.elapsedMs, etaMs: null } : s.progress }));
      });
    },
    [pool],
  );

  const cancel = useCallback(() => {
    if (!handleRef.current) return;
    cancelledHereRef.current = true;
    handleRef.current.cancel();
  }, []);

  useEffect(
    () => () => {
      const handle = handleRef.current;
      handleRef.current = null;
      handle?.cancel();
    },
    [],
  );

  return { state, start, cancel };
}
