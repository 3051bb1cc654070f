// React follows the frame bus at the store's summary rate, never per frame: charts draw every
// frame without React, and text that React renders only needs to keep up with a reader.
import { SUMMARY_INTERVAL_MS } from '../../state/store';
import type { FrameBus, FrameListener, FrameSnapshot } from '../../worker/frameBus';

/** What must reach React at once: a new run, a new status or a lane entering another phase. */
const stateKey = ({ frame }: FrameSnapshot): string => `${frame.epoch}|${frame.status}|${frame.lanes.map((lane) => lane.phase).join()}`;

/**
 * Subscribes to the bus's frames at most once per SUMMARY_INTERVAL_MS of the frames' own clock
 * (the animation frame that drew them), and to every frame that changes the run's state, so
 * the last frame of a stopped or paused run always arrives.
 */
export function subscribeFramesAtSummaryRate(bus: FrameBus, listener: FrameListener): () => void {
  let passedAt = -Infinity;
  let passedKey = '';
  return bus.subscribe((snapshot) => {
    const key = stateKey(snapshot);
    if (key === passedKey && snapshot.time - passedAt < SUMMARY_INTERVAL_MS) return;
    passedAt = snapshot.time;
    passedKey = key;
    listener(snapshot);
  });
}
