// What the lab shows about one lane of a session (LabSession.report): the trainer's snapshot
// with the statistics the session keeps beside it, and the moments they were recorded at.
import type { LaneId } from './session';
import type { HistoryEntry, TrainerSnapshot } from './types';

/** Test errors ‖UUᵀ − M*‖_F at the comparison's three moments (null until reached, or without M*). */
export interface LaneMilestones {
  /** Live while training; frozen at the moment of pruning. */
  beforePrune: number | null;
  /** The pruned model, measured at the moment of pruning. */
  afterPrune: number | null;
  /** The latest fine-tuned state, once fine-tuning has taken a step. */
  afterFineTune: number | null;
}

/**
 * Held-out losses at the comparison's moments (null until reached, and always for a problem
 * without a held-out set). The held-out loss is measured at checkpoints only, so each is the
 * one of the phase's newest checkpoint: before pruning, the last one of phase 1; after
 * fine-tuning, the last one past fine-tuning step 0.
 */
export interface HeldOutMilestones {
  beforePrune: number | null;
  afterFineTune: number | null;
}

/** A lane's phase-1 state at the moment it was pruned. */
export interface PruningMoment {
  tau: number;
  /** The state just before pruning (phase 1's final state). */
  snapshot: TrainerSnapshot;
  kept: number[];
  /** Test error of the r largest phase-1 columns at that moment (null without M*). */
  largestColumnsTestError: number | null;
}

/** The statistics of a lane the page shows beside its metrics, as the session computed them. */
export interface LaneStatistics {
  /** Fraction of the current columns with norm ≥ HALF_MAX · the largest (Figure 1, left). */
  fractionAtHalfMax: number;
  /** Test errors before pruning / after pruning / after fine-tuning, recorded when each happened. */
  milestones: LaneMilestones;
  /** Held-out loss of the newest checkpoint that has one (null before it or without a held-out set). */
  heldOutLoss: number | null;
  heldOutMilestones: HeldOutMilestones;
  /**
   * ‖VVᵀ − M*‖_F for V = the r largest columns of the phase-1 U: the current U while
   * training, U at the moment of pruning afterwards. What pruning to exactly r columns
   * leaves, whatever τ does it; null when M* is unknown.
   */
  largestColumnsTestError: number | null;
  /**
   * ‖VVᵀ − M*‖_F after keeping the r largest phase-1 columns at the moment of pruning and
   * fine-tuning them for fineTuneSteps steps like the pruned model; null before pruning or
   * without M*.
   */
  largestColumnsFineTunedTestError: number | null;
}

/** Everything the lab shows about a lane's current state. */
export interface LaneReport extends TrainerSnapshot, LaneStatistics {
  lane: LaneId;
  /** U (d × k) in the state reported: a buffer the lane reuses, so copy what you keep. */
  U: Float64Array;
  pruning: PruningMoment | null;
  divergence: { step: number; reason: string; suggestedEta: number } | null;
}

/** The held-out loss of the newest entry (from `from` on) that has one. */
export const newestHeldOut = (history: readonly HistoryEntry[], from = 0): number | null => {
  for (let i = history.length - 1; i >= from; i--) {
    const value = history[i].heldOutLoss;
    if (value !== undefined) return value;
  }
  return null;
};
