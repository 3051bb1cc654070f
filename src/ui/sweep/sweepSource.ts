// Which problem the sweep cells train: the sweep's own default (math.md's population phase
// diagram, scaled down) or whatever the lab is set to now.
import { useCallback, useState } from 'react';
import type { RunConfig } from '../../core/config';
import { sweepBaseConfig } from '../../core/sweep';
import { useLabStore, useLabStoreApi } from '../../state/store';
import type { SweepPool } from '../../worker/sweepPool';
import type { LoadedPoint } from '../LoadedNotice';

export interface SweepPanelProps {
  /** Runs the cells; default: the page's shared pool of workers (one per core, at most 4). */
  pool?: SweepPool;
  /** Loads a chosen cell's whole configuration into the lab; default: the lab store's applyConfig. */
  onLoadConfig?: (config: RunConfig) => void;
  /** After a point was loaded: the page shows the lab with a notice of what was loaded. */
  onLoaded?: (point: LoadedPoint) => void;
}

export const SOURCES = ['sweep default', 'lab settings'] as const;
export type ProblemSource = (typeof SOURCES)[number];

/** The base configuration of a source, read when called (for event handlers). */
export function useBaseFor(): (source: ProblemSource) => RunConfig {
  const store = useLabStoreApi();
  return useCallback((source) => (source === 'lab settings' ? store.getState().params.config : sweepBaseConfig()), [store]);
}

/** The base configuration of a source, following the lab's config when that is the source. */
export function useSweepBase(source: ProblemSource): RunConfig {
  const labConfig = useLabStore((s) => s.params.config);
  const [sweepDefault] = useState(sweepBaseConfig);
  return source === 'lab settings' ? labConfig : sweepDefault;
}
