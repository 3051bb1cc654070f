// Pacing the lab worker to a playback speed: how many steps a chunk may take now, and how
// long to wait (a timer, never a busy loop) until the next one is due. Full speed (null)
// leaves the chunk pacer's size alone and never waits.
import { pacedMs, stepsDue } from '../core/playback';

/** Shortest wait between paced chunks, about one display frame: frames keep flowing at any speed. */
const MIN_TICK_MS = 1000 / 60;

export class PlaybackClock {
  private speed: number | null = null;
  /** When the current count of paced steps began, and how many have been taken since. */
  private origin = 0;
  private taken = 0;

  constructor(private readonly now: () => number) {}

  get stepsPerSecond(): number | null {
    return this.speed;
  }

  setSpeed(speed: number | null): void {
    this.speed = speed;
    this.restart();
  }

  /** Starts counting from now (the run starts or resumes, or the speed changed). */
  restart(): void {
    this.origin = this.now();
    this.taken = 0;
  }

  /** Steps the next chunk may take: all of `cap` at full speed, else those due by now (at most `cap`). */
  allowance(cap: number): number {
    if (this.speed === null) return cap;
    const due = stepsDue(this.now() - this.origin, this.speed) - this.taken;
    if (due > cap) {
      // The machine fell behind the pace: count on from now rather than race to catch up.
      this.restart();
      this.taken = -cap;
      return cap;
    }
    return Math.max(0, due);
  }

  took(steps: number): void {
    this.taken += steps;
  }

  /** Milliseconds to wait before the next chunk: 0 at full speed, else until its next step is due. */
  delay(): number {
    if (this.speed === null) return 0;
    return Math.max(MIN_TICK_MS, this.origin + pacedMs(this.taken + 1, this.speed) - this.now());
  }
}
