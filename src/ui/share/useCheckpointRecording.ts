import { useEffect } from 'react';
import { labCheckpoints, recordFrames, type CheckpointRing } from '../../state/checkpoints';
import type { LaneId } from '../../worker/labProtocol';

/**
 * Records the lane's column norms from every lab frame into `ring` while mounted. Mount it
 * once at the app root, so the time scrubber has the whole run even if it is shown later.
 */
export function useCheckpointRecording(ring: CheckpointRing = labCheckpoints, lane: LaneId = 'regularized'): void {
  useEffect(() => recordFrames(ring, lane), [ring, lane]);
}
