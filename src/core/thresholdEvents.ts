// The moments a run's story turns on, recorded at the step they happen: each column whose
// norm crosses τ (up or down) and the first step at which exactly r columns stand above τ.
// Checked after every phase-1 step on the squared norms the penalty already computed, with
// the same comparison as pruning (‖U eᵢ‖ ≥ τ), and without allocating unless something happens.

export type ThresholdEvent =
  /** Column `column` (0-based, as the column-norms chart numbers it) went above τ (`up`) or fell below it. */
  | { kind: 'crossed'; column: number; direction: 'up' | 'down'; step: number }
  /** The count of columns above τ reached r for the first time. */
  | { kind: 'reachedRank'; r: number; step: number };

export class ThresholdTracker {
  private readonly above: Uint8Array;
  /** False until a first step set the baseline (and again after τ moved): no crossing is recorded for it. */
  private baselined = false;
  private reachedRank = false;
  private readonly recorded: ThresholdEvent[] = [];

  constructor(
    k: number,
    private readonly r: number,
  ) {
    this.above = new Uint8Array(k);
  }

  /** Everything recorded so far, oldest first (a live array: copy what you keep). */
  get events(): readonly ThresholdEvent[] {
    return this.recorded;
  }

  /** Takes the state before the update of `step`: its k squared column norms. */
  observe(step: number, squaredNorms: ArrayLike<number>, tau: number): void {
    let count = 0;
    for (let i = 0; i < this.above.length; i++) {
      const now = Math.sqrt(squaredNorms[i]) >= tau ? 1 : 0;
      if (this.baselined && now !== this.above[i]) this.recorded.push({ kind: 'crossed', column: i, direction: now ? 'up' : 'down', step });
      this.above[i] = now;
      count += now;
    }
    this.baselined = true;
    if (!this.reachedRank && count === this.r) {
      this.reachedRank = true;
      this.recorded.push({ kind: 'reachedRank', r: this.r, step });
    }
  }

  /** τ moved: the next step sets a new baseline instead of counting the move as crossings. */
  rebase(): void {
    this.baselined = false;
  }

  /** Back to U₀: forget everything. */
  reset(): void {
    this.baselined = false;
    this.reachedRank = false;
    this.recorded.length = 0;
  }
}
