import { runRules, type RunRules } from '../state/runRules';
import { useLabActions, useLabStore } from '../state/store';

export interface RunCommands extends RunRules {
  toggleTrain(): void;
  step(): void;
  reset(): void;
  prune(): void;
  fineTune(): void;
}

/**
 * The run's commands with the rules of when each applies (state/runRules), shared by the
 * buttons and the keyboard shortcuts so both behave the same.
 */
export function useRunCommands(): RunCommands {
  const status = useLabStore((s) => s.run.status);
  const phase = useLabStore((s) => s.run.phase);
  const aboveTau = useLabStore((s) => s.run.lanes.regularized?.aboveTau ?? 0);
  const actions = useLabActions();
  const rules = runRules({ status, phase, aboveTau });
  const { ready, running, canStep, canPrune, canFineTune } = rules;
  return {
    ...rules,
    toggleTrain: () => {
      if (ready) actions.toggleTrain();
    },
    step: () => {
      if (canStep) actions.step();
    },
    reset: () => {
      if (ready) actions.reset();
    },
    prune: () => {
      if (!canPrune) return;
      if (running) actions.pause();
      actions.prune();
    },
    fineTune: () => {
      if (canFineTune) actions.fineTune();
    },
  };
}
