import { useSyncExternalStore } from 'react';
import { labCheckpointSelection, type Checkpoint, type CheckpointSelection } from '../../state/checkpoints';

/**
 * The checkpoint the time scrubber selected, or null while the page shows the live run.
 * A chart shows `columnNorms` (and `keptIndices`) of it instead of the latest frame.
 */
export function useSelectedCheckpoint(selection: CheckpointSelection = labCheckpointSelection): Checkpoint | null {
  return useSyncExternalStore(selection.subscribe, selection.get, selection.get);
}
