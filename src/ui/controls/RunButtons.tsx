import type { RunCommands } from '../useRunCommands';

/** The run's buttons; their accessible names are part of the page's contract with the e2e tests. */
export function RunButtons({ commands }: { commands: RunCommands }) {
  const { running, ready, canStep, canPrune, canFineTune } = commands;
  return (
    <div className="pl-run-buttons" role="group" aria-label="Run">
      <button type="button" className="pl-primary" disabled={!ready} onClick={commands.toggleTrain} aria-keyshortcuts="Space">
        {running ? 'Pause' : 'Train'}
      </button>
      <button type="button" disabled={!canStep} onClick={commands.step} aria-keyshortcuts="S">
        Step
      </button>
      <button type="button" disabled={!ready} onClick={commands.reset} aria-keyshortcuts="R">
        Reset
      </button>
      <button type="button" disabled={!canPrune} onClick={commands.prune} aria-keyshortcuts="P">
        Prune
      </button>
      <button type="button" disabled={!canFineTune} onClick={commands.fineTune} aria-keyshortcuts="F">
        Fine-tune
      </button>
    </div>
  );
}
