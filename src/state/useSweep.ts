import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { RunConfig } from '../core/config';
import type { SweepGrid } from '../core/sweep';
import type { ScalingCell } from '../core/scaling';
import type { CellOutcome, SweepHandle, SweepHandlers, SweepKind, SweepKinds, SweepPool, SweepProgress } from '../worker/sweepPool';

export type SweepStatus =
  | 'idle'
  | 'running'
  | 'done'
  /** Cancelled from this panel. */
  | 'cancelled'
  /** Stopped because another sweep started on the shared pool. */
  | 'superseded';

/** The cells a sweep runs, indexed from 0 (a λ × β grid, or the (n, seed) points of the scaling experiment). */
export interface CellGrid<K extends SweepKind> {
  cells: readonly SweepKinds[K]['cell'][];
}

export interface SweepRunState<K extends SweepKind = 'cell', G extends CellGrid<K> = SweepGrid> {
  status: SweepStatus;
  /** What the sweep ran (null before the first run). */
  config: RunConfig | null;
  grid: G | null;
  /** Outcomes by cell index; null while a cell is pending. */
  outcomes: (CellOutcome<K> | null)[];
  progress: SweepProgress | null;
  workers: number;
}


/** Which panel's sweep a pool is running, so the other panel waits instead of cancelling it. */
interface PoolUse {
  /** One per started sweep: its panel's name and identity. */
  owner: { name: string; panel: object } | null;
  listeners: Set<() => void>;
}

const poolUses = new WeakMap<SweepPool, PoolUse>();

function poolUse(pool: SweepPool): PoolUse {
  let use = poolUses.get(pool);
  if (!use) {
    use = { owner: null, listeners: new Set() };
    poolUses.set(pool, use);
  }
  return use;
}

function setOwner(pool: SweepPool, owner: PoolUse['owner']): void {
  const use = poolUse(pool);
  use.owner = owner;
  for (const listener of use.listeners) listener();
}

/**
 * One panel's sweep on a (possibly shared) pool: results stream into React state as they
 * arrive (a few per second at most, so one render per cell is fine). Unmounting cancels
 * the panel's own sweep. `name` ("phase diagram") tells the other panels on the same pool
 * who is using the workers: `busyWith` is that name while another panel's sweep runs, and
 * `start` does nothing then (starting would cancel it).
 */
export function useSweep<K extends SweepKind = 'cell', G extends CellGrid<K> = SweepGrid>(pool: SweepPool, name: string, kind: K = 'cell' as K) {
  const [state, setState] = useState<SweepRunState<K, G>>({ status: 'idle', config: null, grid: null, outcomes: [], progress: null, workers: 0 });
  const handleRef = useRef<SweepHandle<K> | null>(null);
  const cancelledHereRef = useRef(false);
  const [me] = useState(() => ({}));
  const subscribe = useCallback(
    (listener: () => void) => {
      const { listeners } = poolUse(pool);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    [pool],
  );
  const owner = useSyncExternalStore(subscribe, () => poolUse(pool).owner);
  const busyWith = owner !== null && owner.panel !== me ? owner.name : null;

  const start = useCallback(
    (config: RunConfig, grid: G, order: G['cells']) => {
      const current = poolUse(pool).owner;
      if (current !== null && current.panel !== me) return;
      cancelledHereRef.current = false;
      const token = { name, panel: me };
      setOwner(pool, token);
      setState({ status: 'running', config, grid, outcomes: grid.cells.map(() => null), progress: null, workers: Math.min(pool.size, grid.cells.length) });
      // The pool reports the start (and any cell that fails at once) before run() returns.
      let handle: SweepHandle<K> | null = null;
      const isCurrent = () => handle === null || handleRef.current === handle;
      const handlers: SweepHandlers<K> = {
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
      };
      handle = (
        kind === 'scaling'
          ? pool.runScaling(config, order as readonly ScalingCell[], handlers as SweepHandlers<'scaling'>)
          : pool.run(config, order as SweepGrid['cells'], handlers as SweepHandlers)
      ) as SweepHandle<K>;
      handleRef.current = handle;
      const own = handle;
      void own.finished.then((summary) => {
        if (poolUse(pool).owner === token) setOwner(pool, null);
        if (handleRef.current !== own) return;
        handleRef.current = null;
        const status: SweepStatus = !summary.cancelled ? 'done' : cancelledHereRef.current ? 'cancelled' : 'superseded';
        setState((s) => ({ ...s, status, progress: s.progress ? { ...s.progress, elapsedMs: summary.elapsedMs, etaMs: null } : s.progress }));
      });
    },
    [pool, me, name, kind],
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

  return { state, start, cancel, busyWith };
}
