// When each run command applies: one rule, used by the buttons, the keyboard shortcuts and
// every sentence that suggests a command (so the page never suggests a disabled button).
import type { RunState } from './runSlice';

export interface RunRules {
  /** The worker answered the latest init. */
  ready: boolean;
  running: boolean;
  pruned: boolean;
  canStep: boolean;
  canPrune: boolean;
  canFineTune: boolean;
}

/** The facts the rules depend on: the run's status and phase, and the regularized lane's columns above τ. */
export interface RunFacts {
  status: RunState['status'];
  phase: RunState['phase'];
  aboveTau: number;
}

/** The facts of the store's run state. */
export const runFacts = (run: RunState): RunFacts => ({ status: run.status, phase: run.phase, aboveTau: run.lanes.regularized?.aboveTau ?? 0 });

export function runRules(run: RunFacts): RunRules {
  const ready = run.status !== 'loading';
  const running = run.status === 'running';
  const pruned = run.phase === 'finetune';
  return {
    ready,
    running,
    pruned,
    // A phase that reached its budget takes no more steps (raise the budget to go on).
    canStep: ready && !running && run.status !== 'done',
    // Pruning keeps the columns at or above τ; with none there, nothing would be left to fine-tune.
    canPrune: ready && !pruned && run.aboveTau > 0,
    canFineTune: ready && pruned && !running,
  };
}
