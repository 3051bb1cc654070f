// The view slice: how the lab is shown (the URL's view flags, src/state/view.ts) and which
// recorded moment the charts show instead of the live run (the time scrubber's checkpoint).
import { CheckpointRing, type Checkpoint } from './checkpoints';
import type { LabState, SliceApi } from './labStore';
import type { RunControl } from './runSlice';
import type { ViewState } from './view';

export interface TimelineState {
  /** The column norms recorded for the time scrubber (a ring the page fills from frames; the object never changes). */
  checkpoints: CheckpointRing;
  /** The checkpoint the charts show instead of the live state; null: live. */
  shown: Checkpoint | null;
}

export interface ViewActions {
  setView(patch: Partial<Omit<ViewState, 'comparison'>>): void;
  /** Turns the unregularized lane on or off (restarts the run). */
  setComparison(on: boolean): void;
  /** Shows a recorded checkpoint, or the live run again (null). */
  showCheckpoint(checkpoint: Checkpoint | null): void;
}

export function createViewSlice({ set, get }: SliceApi, { send, restart }: RunControl): { timeline: TimelineState; actions: ViewActions } {
  const actions: ViewActions = {
    setView(patch) {
      const speedBefore = get().view.speed;
      set((s: LabState) => ({ view: { ...s.view, ...patch } }));
      if (patch.speed !== undefined && patch.speed !== speedBefore) send({ type: 'setSpeed', stepsPerSecond: patch.speed });
    },
    setComparison(on) {
      if (get().view.comparison === on) return;
      set((s: LabState) => ({ view: { ...s.view, comparison: on } }));
      restart();
    },
    showCheckpoint(checkpoint) {
      if (get().timeline.shown !== checkpoint) set((s: LabState) => ({ timeline: { ...s.timeline, shown: checkpoint } }));
    },
  };
  return { timeline: { checkpoints: new CheckpointRing(), shown: null }, actions };
}
