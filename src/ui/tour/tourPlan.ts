// What the tour does next to bring the lab to a stop's goal: a pure decision from the run's
// state, so the rules are tested without a worker. The hook that applies it issues each
// action at most once per visit, so a reader who pauses is not overruled.
import type { Phase } from '../../core/types';
import type { RunState } from '../../state/store';
import type { TourGoal } from './tourStops';

export type TourAction = 'apply' | 'reset' | 'train' | 'prune' | 'fineTune';

export interface TourProgress {
  /** Whether the lab runs the stop's scenario already. */
  scenarioLoaded: boolean;
  status: RunState['status'];
  phase: Phase;
}

/** The next action towards `goal`, or null when there is nothing to do (or something to wait for). */
export function nextTourAction(goal: TourGoal | null, progress: TourProgress): TourAction | null {
  if (goal === null) return null;
  if (!progress.scenarioLoaded) return 'apply';
  const { status, phase } = progress;
  if (status === 'loading' || status === 'running') return null;
  if (goal === 'train') {
    if (phase === 'finetune') return 'reset';
    return status === 'idle' ? 'train' : null;
  }
  if (phase === 'train') {
    // Pruning waits for the end of phase 1, when the columns have settled.
    return status === 'done' ? 'prune' : 'train';
  }
  if (goal === 'fineTune' && status !== 'done') return 'fineTune';
  return null;
}
