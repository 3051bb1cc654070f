import { useLabActions, useLabStore } from '../state/store';

export interface RunCommands {
  running: boolean;
  ready: boolean;
  pruned: boolean;
  canPrune: boolean;
  canFineTune: boolean;
  toggleTrain(): void;
  step(): void;
  reset(): void;
  prune(): void;
  fineTune(): void;
}

/**
 * The run's commands with the rules of when each applies, shared by the buttons and the
 * keyboard shortcuts so both behave the same.
 */
export function useRunCommands(): RunCommands {
  const status = useLabStore((s) => s.run.status);
  const phase = useLabStore((s) => s.run.phase);
  const aboveTau = useLabStore((s) => s.run.lanes.regularized?.aboveTau ?? 0);
  const actions = useLabActions();
  const running = status === 'running';
  const ready = status !== 'loading';
  const pruned = phase === 'finetune';
  // Pruning keeps the columns at or above τ; with none there, nothing would be left to fine-tune.
  const canPrune = ready && !pruned && aboveTau > 0;
  const canFineTune = ready && pruned && !running;
  return {
    running,
    ready,
    pruned,
    canPrune,
    canFineTune,
    toggleTrain: () => {
      if (ready) actions.toggleTrain();
    },
    step: () => {
      if (ready && !running) actions.step();
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
