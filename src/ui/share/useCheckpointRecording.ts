import { useEffect } from 'react';
import { recordFrames, type CheckpointRing } from '../../state/checkpoints';
import { useFrameBus, useLabStore } from '../../state/store';
import type { LaneId } from '../../worker/labProtocol';

/**
 * Records the lane's column norms from every lab frame into `ring` (the lab store's by
 * default) while mounted. Mount it once at the app root, so the time scrubber has the whole
 * run even if it is shown later.
 */
export function useCheckpointRecording(ring?: CheckpointRing, lane: LaneId = 'regularized'): void {
  const labRing = useLabStore((s) => s.timeline.checkpoints);
  const target = ring ?? labRing;
  const bus = useFrameBus();
  useEffect(() => recordFrames(target, (listener) => bus.subscribe(listener), lane), [target, bus, lane]);
}
