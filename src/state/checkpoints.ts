// Recorded column norms for the time scrubber. A long run sends thousands of frames; the
// ring keeps a bounded, evenly spread subset of them: a grid in "timeline position" (steps
// of phase 1, then phase-1 length + fine-tuning steps) whose spacing doubles whenever the
// ring is full, so it always covers the whole run from step 0 to now at even resolution.
// The newest frame is always kept as the last entry (replaced by the next one unless it
// falls on the grid), and the last state before pruning and the first after it are never
// thinned away: they are the two moments the scrubber exists to compare.
import type { Phase } from '../core/types';
import type { FrameListener } from '../worker/frameBus';
import type { LaneId } from '../worker/labProtocol';

/** At most this many checkpoints are kept… */
export const MAX_CHECKPOINTS = 200;
/** …and at most this many bytes of copied column norms (8 bytes per column per checkpoint). */
export const MAX_CHECKPOINT_BYTES = 8 * 1024 * 1024;

export interface Checkpoint {
  phase: Phase;
  /** Step within the phase. */
  step: number;
  /** Steps since the start of phase 1 (fine-tuning continues after phase 1's last recorded step). */
  position: number;
  /** A private copy of ‖U e_i‖ of the columns at that moment. */
  columnNorms: Float64Array;
  /** Original indices of the columns during fine-tuning; null in phase 1. */
  keptIndices: Int32Array | null;
}

interface Entry extends Checkpoint {
  /** On the spacing grid or a phase boundary (false: the provisional newest entry). */
  anchored: boolean;
  /** Never thinned: the first entry and the two sides of the prune. */
  pinned: boolean;
}

export interface CheckpointRingOptions {
  maxCheckpoints?: number;
  maxBytes?: number;
}

const bytesOf = (entry: Checkpoint): number => entry.columnNorms.byteLength + (entry.keptIndices?.byteLength ?? 0);

export class CheckpointRing {
  readonly maxCheckpoints: number;
  readonly maxBytes: number;
  private entries: Entry[] = [];
  private bytes = 0;
  /** Minimum position distance between anchored entries; doubles on each thinning. */
  private spacing = 1;
  /** Position of fine-tuning step 0 (set when the first fine-tuning checkpoint arrives). */
  private finetuneOffset = 0;
  private version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(options: CheckpointRingOptions = {}) {
    // Room for the pinned entries (start, both sides of the prune) and the newest one.
    this.maxCheckpoints = Math.max(5, options.maxCheckpoints ?? MAX_CHECKPOINTS);
    this.maxBytes = options.maxBytes ?? MAX_CHECKPOINT_BYTES;
  }

  /** The recorded checkpoints, oldest first. Do not mutate. */
  list(): readonly Checkpoint[] {
    return this.entries;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Bytes of column norms held. */
  get byteSize(): number {
    return this.bytes;
  }

  /** Current grid spacing in steps (1 until the first thinning). */
  get gridSpacing(): number {
    return this.spacing;
  }

  /** Changes whenever the list changes (for useSyncExternalStore). */
  getVersion(): number {
    return this.version;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Forgets everything (a new run or a reset). */
  clear(): void {
    this.entries = [];
    this.bytes = 0;
    this.spacing = 1;
    this.finetuneOffset = 0;
    this.changed();
  }

  /**
   * Offers the state at one moment. The norms (and kept indices) are copied, so the caller
   * may transfer or reuse its arrays.
   */
  record(phase: Phase, step: number, columnNorms: ArrayLike<number>, keptIndices: ArrayLike<number> | null = null): void {
    let last = this.entries[this.entries.length - 1];
    const phaseChanged = last !== undefined && last.phase !== phase;
    if (last && phaseChanged) {
      // The last state before a phase change is what was pruned: keep it for good.
      last.anchored = true;
      last.pinned = true;
    } else if (last && !last.anchored) {
      this.remove(this.entries.length - 1);
    }
    if (phaseChanged && phase === 'finetune') this.finetuneOffset = (last?.position ?? 0) + 1;
    const position = (phase === 'finetune' ? this.finetuneOffset : 0) + step;
    // Going back within a phase (a diverged run rolled back to its last checkpoint): the
    // recorded future no longer happened.
    for (last = this.entries[this.entries.length - 1]; last && last.phase === phase && last.position >= position; last = this.entries[this.entries.length - 1]) {
      this.remove(this.entries.length - 1);
    }
    const first = last === undefined;
    const startsPhase = first || last.phase !== phase;
    const entry: Entry = {
      phase,
      step,
      position,
      columnNorms: Float64Array.from(columnNorms),
      keptIndices: keptIndices ? Int32Array.from(keptIndices) : null,
      anchored: startsPhase || position - last.position >= this.spacing,
      pinned: startsPhase,
    };
    this.entries.push(entry);
    this.bytes += bytesOf(entry);
    while (this.entries.length > this.maxCheckpoints || (this.bytes > this.maxBytes && this.entries.length > 1)) {
      if (!this.thin()) break;
    }
    this.changed();
  }

  /** Nearest recorded checkpoint at or before a timeline position (the first one if none is). */
  nearest(position: number): Checkpoint | null {
    let best: Checkpoint | null = null;
    for (const entry of this.entries) {
      if (entry.position <= position) best = entry;
      else break;
    }
    return best ?? this.entries[0] ?? null;
  }

  /** Doubles the spacing and drops the anchored entries that fall off the coarser grid. */
  private thin(): boolean {
    const before = this.entries.length;
    this.spacing *= 2;
    const kept: Entry[] = [];
    let lastKept: Entry | null = null;
    for (let i = 0; i < this.entries.length; i++) {
      const entry = this.entries[i];
      const isNewest = i === this.entries.length - 1;
      const keep = entry.pinned || isNewest || lastKept === null || entry.position - lastKept.position >= this.spacing;
      if (keep) {
        kept.push(entry);
        lastKept = entry;
      } else {
        this.bytes -= bytesOf(entry);
      }
    }
    this.entries = kept;
    // Only pinned entries left (a cap smaller than the pins): stop rather than loop forever.
    return kept.length < before || this.spacing < Number.MAX_SAFE_INTEGER;
  }

  private remove(index: number): void {
    const [entry] = this.entries.splice(index, 1);
    this.bytes -= bytesOf(entry);
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

/**
 * Records one lane's column norms from every frame `subscribe` delivers (a frame bus's) into
 * `ring`, clearing it when the worker starts a new run (a new epoch). Returns the function
 * that stops recording.
 */
export function recordFrames(ring: CheckpointRing, subscribe: (listener: FrameListener) => () => void, lane: LaneId = 'regularized'): () => void {
  let epoch: number | null = null;
  return subscribe(({ frame }) => {
    if (frame.epoch !== epoch) {
      epoch = frame.epoch;
      ring.clear();
    }
    const data = frame.lanes.find((l) => l.lane === lane);
    if (data) ring.record(data.phase, data.step, data.columnNorms, data.keptIndices);
  });
}
