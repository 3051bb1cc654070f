import { useEffect, useState } from 'react';
import { SUMMARY_INTERVAL_MS } from '../../state/store';
import { subscribeFrames } from '../../worker/frameBus';
import type { LaneId } from '../../worker/protocol';
import { columnStats, type ColumnStats } from './columnStats';

export type LaneColumnStats = Partial<Record<LaneId, ColumnStats>>;

/**
 * Each lane's column statistics during training, refreshed from the frame bus at the
 * store's summary rate, and frozen at the last training frame once a lane is pruned, so
 * the table keeps showing what pruning faced.
 */
export function useColumnStats(r: number, tau: number): LaneColumnStats {
  const [stats, setStats] = useState<LaneColumnStats>({});
  useEffect(() => {
    let publishedAt = -Infinity;
    let current: LaneColumnStats = {};
    return subscribeFrames((snapshot) => {
      const training = snapshot.frame.lanes.filter((lane) => lane.phase === 'train');
      const now = performance.now();
      if (training.length === 0 || now - publishedAt < SUMMARY_INTERVAL_MS) return;
      publishedAt = now;
      current = { ...current };
      for (const lane of training) current[lane.lane] = columnStats(lane.columnNorms, r, tau);
      setStats(current);
    });
  }, [r, tau]);
  return stats;
}
