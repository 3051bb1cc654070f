// Sizing the lab worker's chunks of steps from measured time, and the steps-per-second readout.

/** Wall time one chunk of steps (all lanes together) aims to take, so messages wait at most about this long. */
export const CHUNK_TARGET_MS = 10;
/** Steps-per-second is averaged over windows of about this length. */
const RATE_WINDOW_MS = 500;
const MAX_CHUNK_STEPS = 1_000_000;

export class ChunkPacer {
  /** Steps per lane the next chunk should take. */
  chunkSteps = 1;
  /** Gradient steps per second of one lane over the last window (0 until measured). */
  stepsPerSecond = 0;
  /** Recent wall time per step of one lane, smoothed. */
  private msPerStep = 0;
  private windowStart = 0;
  private windowSteps = 0;

  constructor(private readonly now: () => number) {}

  /** Recent wall time of one step of one lane, in milliseconds (0 until measured). */
  get laneStepMs(): number {
    return this.msPerStep;
  }

  /** Forgets what was measured (a new problem steps at another speed). */
  restart(): void {
    this.msPerStep = 0;
    this.chunkSteps = 1;
    this.stopRate();
  }

  /** Starts a new rate window (the run was started or resumed). */
  startRate(): void {
    this.windowStart = this.now();
    this.windowSteps = 0;
  }

  stopRate(): void {
    this.stepsPerSecond = 0;
  }

  /** Takes the measured time of a chunk in which `lanes` lanes ran `steps` steps each. */
  measure(steps: number, lanes: number, elapsed: number): void {
    if (steps > 0 && lanes > 0) {
      const sample = elapsed / (steps * lanes);
      this.msPerStep = this.msPerStep === 0 ? sample : 0.7 * this.msPerStep + 0.3 * sample;
      const target = this.msPerStep > 0 ? CHUNK_TARGET_MS / (this.msPerStep * lanes) : this.chunkSteps * 2;
      // Grow at most 2× per chunk so one fast measurement cannot produce a chunk that blocks for long.
      this.chunkSteps = Math.max(1, Math.min(MAX_CHUNK_STEPS, Math.floor(target), this.chunkSteps * 2));
    }
    this.windowSteps += steps;
    const now = this.now();
    const span = now - this.windowStart;
    if (span >= RATE_WINDOW_MS) {
      this.stepsPerSecond = (this.windowSteps * 1000) / span;
      this.windowStart = now;
      this.windowSteps = 0;
    }
  }
}
