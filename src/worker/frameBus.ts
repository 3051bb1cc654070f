// The transient channel for high-rate frame data. Charts subscribe here and redraw on
// each published frame without any React re-render; React state only gets throttled
// summaries. Each lab store owns one bus (src/state/labStore.ts `frames`), which its worker
// client feeds.
import type { ThresholdEvent } from '../core/thresholdEvents';
import type { HistoryEntry } from '../core/types';
import type { FrameResponse, LaneId, RunInfo } from './labProtocol';

/** Everything recorded so far for one lane in the current epoch (append-only arrays). */
export interface LaneHistory {
  train: HistoryEntry[];
  finetune: HistoryEntry[];
  /** Phase 1's τ crossings and first exact-r step, oldest first. */
  events: ThresholdEvent[];
}

export interface FrameSnapshot {
  /** The latest frame as received (its typed arrays are owned by the main thread now). */
  frame: FrameResponse;
  /** The run description from the latest `ready` message, or null before it arrived. */
  info: RunInfo | null;
  /**
   * Accumulated history per lane. The arrays grow in place while the epoch stays the same
   * and are replaced by fresh ones on init/reset, so a renderer may keep a reference for
   * one epoch but should re-read it from each snapshot.
   */
  history: Partial<Record<LaneId, LaneHistory>>;
  /**
   * Timestamp of the animation frame that drew it: the one clock every throttle of the page
   * reads, so a slow machine does not turn into more React commits per painted frame.
   */
  time: number;
}

export type FrameListener = (snapshot: FrameSnapshot) => void;

export class FrameBus {
  private latest: FrameSnapshot | null = null;
  private info: RunInfo | null = null;
  private epoch = -1;
  private history: Partial<Record<LaneId, LaneHistory>> = {};
  private readonly listeners = new Set<FrameListener>();

  subscribe(listener: FrameListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  getLatest(): FrameSnapshot | null {
    return this.latest;
  }

  /** A new run description: forgets the previous run's frames and history. */
  setInfo(info: RunInfo | null): void {
    this.info = info;
    this.latest = null;
    this.history = {};
    this.epoch = -1;
  }

  /** Appends the frame's new history, stores it as the latest and notifies every listener; `time` is the drawing animation frame's timestamp. */
  publish(frame: FrameResponse, time: number): void {
    if (frame.epoch !== this.epoch) {
      this.epoch = frame.epoch;
      this.history = {};
    }
    for (const lane of frame.lanes) {
      let history = this.history[lane.lane];
      if (!history) {
        history = { train: [], finetune: [], events: [] };
        this.history[lane.lane] = history;
      }
      for (const entry of lane.newHistory.train) history.train.push(entry);
      for (const entry of lane.newHistory.finetune) history.finetune.push(entry);
      for (const event of lane.newEvents) history.events.push(event);
    }
    const snapshot: FrameSnapshot = { frame, info: this.info, history: this.history, time };
    this.latest = snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }
}
