import { useEffect, useState } from 'react';
import { useFrameBus } from '../../state/store';
import type { LaneId } from '../../worker/labProtocol';
import { columnStats, phaseOneColumns, type ColumnStats } from './columnStats';
import { subscribeFramesAtSummaryRate } from './summaryRateFrames';

export type LaneColumnStats = Partial<Record<LaneId, ColumnStats>>;

/**
 * Each lane's phase-1 column statistics: live during training (refreshed from the frame bus
 * at the store's summary rate; a stopped run's last frame always counts), and once a lane
 * is pruned, those of the state pruning faced at the τ it was pruned at.
 */
export function useColumnStats(r: number, tau: number): LaneColumnStats {
  const bus = useFrameBus();
  const [stats, setStats] = useState<LaneColumnStats>({});
  useEffect(() => {
    return subscribeFramesAtSummaryRate(bus, ({ frame }) => {
      const next: LaneColumnStats = {};
      for (const lane of frame.lanes) {
        const phaseOne = phaseOneColumns(lane, tau);
        if (phaseOne) next[lane.lane] = columnStats(phaseOne.norms, r, phaseOne.tau);
      }
      setStats(next);
    });
  }, [bus, r, tau]);
  return stats;
}
