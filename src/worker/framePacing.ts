// When the lab worker sends a running frame, and whether the chunk before it observes the
// lanes' last steps so the frame need not measure them again (Trainer.run's observation).
import { CHUNK_TARGET_MS, type ChunkPacer } from './chunkPacer';

/**
 * Frames may take at most this share of the running time. While running, a frame reports what
 * each lane's last step measured (the state one step back) instead of measuring it again, so it
 * costs a fraction of a step per lane; that fraction is counted as a whole step, so at Figure
 * 1's size frames keep their pace (about four a second in float64, ten in float32) while the
 * steps they used to cost go to training. Small problems send a frame every chunk anyway.
 */
const FRAME_SHARE = 0.1;

export class FramePacing {
  /** What the last frame cost: building it, plus a step per lane whose observation it reported. */
  private costMs = 0;
  private lastAt = -Infinity;
  /** A frame is due but waits for the next chunk to observe the lanes. */
  private observeNext = false;

  constructor(
    private readonly pacer: ChunkPacer,
    private readonly lanes: () => number,
  ) {}

  /** A new run: nothing measured yet. */
  restart(): void {
    this.costMs = 0;
    this.observeNext = false;
  }

  /**
   * Whether measuring every lane afresh for a frame would take about a chunk: then running
   * frames report the lanes' last steps instead (one step behind). Cheaper problems are
   * measured at the frame, so their frames show the very step the run is at.
   */
  measuringIsCostly(): boolean {
    return this.pacer.laneStepMs * this.lanes() >= CHUNK_TARGET_MS;
  }

  /** Whether a frame now would exceed FRAME_SHARE of the running time. */
  spacedOut(now: number): boolean {
    return now < this.lastAt + this.costMs / FRAME_SHARE;
  }

  /** Whether the chunk starting now should observe its last step: a frame will be due after it. */
  observeChunk(now: number, frameInFlight: boolean): boolean {
    const observe = this.measuringIsCostly() && (this.observeNext || (!frameInFlight && !this.spacedOut(now)));
    this.observeNext = false;
    return observe;
  }

  /**
   * Whether a running frame due now must wait for the next chunk, because a lane stepped
   * without observing and would have to be measured again; the next chunk then observes.
   */
  awaitObservation(someLaneUnobserved: boolean): boolean {
    if (!someLaneUnobserved || !this.measuringIsCostly()) return false;
    this.observeNext = true;
    return true;
  }

  /** A frame went out: built from `start` to `end`, reporting `observedLanes` observations. */
  sent(start: number, end: number, observedLanes: number): void {
    this.costMs = end - start + observedLanes * this.pacer.laneStepMs;
    this.lastAt = end;
  }
}
