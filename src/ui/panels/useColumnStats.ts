import { useEffect, useState } from 'react';
import { SUMMARY_INTERVAL_MS } from '../../state/store';
import { subscribeFrames } from '../../worker/frameBus';
import type { LaneId } from '../../worker/protocol';
import { columnStats, phaseOneColumns, type ColumnStats } from './columnStats';

export type LaneColumnStats = Partial<Record<LaneId, ColumnStats>>;

/**
 * Each lane's phase-1 column statistics: live during training (refreshed from the frame bus
 * at the store's summary rate; a stopped run's last frame always counts), and once a lane
 * is pruned, those of the state pruning faced at the τ it was pruned at.
 */
export function useColumnStats(r: number, tau: number): LaneColumnStats {
  const [stats, setStats] = useState<LaneColumnStats>({});
  useEffect(() => {
    let publishedAt = -Infinity;
    let publishedKey = '';
    return subscribeFrames((snapshot) => {
      const { frame } = snapshot;
      const key = `${frame.epoch}|${frame.status}|${frame.lanes.map((lane) => lane.phase).join()}`;
      const now = performance.now();
      if (key === publishedKey && now - publishedAt < SUMMARY_INTERVAL_MS) return;
      publishedAt = now;
      publishedKey = key;
      const next: LaneColumnStats = {};
      for (const lane of frame.lanes) {
        const phaseOne = phaseOneColumns(lane, tau);
        if (phaseOne) next[lane.lane] = columnStats(phaseOne.norms, r, phaseOne.tau);
      }
      setStats(next);
    });
  }, [r, tau]);
  return stats;
}
