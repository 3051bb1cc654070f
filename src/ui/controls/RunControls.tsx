import { useLabActions, useLabStore } from '../../state/store';
import { useRunCommands } from '../useRunCommands';
import { useShortcuts } from '../useShortcuts';
import { RunButtons } from './RunButtons';
import { nextSpeed } from './SpeedControl';

export interface RunControlsProps {
  /** Whether the page's keyboard shortcuts apply (not while a dialog is open or another tab is shown). */
  shortcutsEnabled: boolean;
  onHelp: () => void;
}

/**
 * The run's buttons and the page's keyboard shortcuts, from one set of commands. A component
 * of its own so that what the commands depend on (the status, the columns above τ, which
 * change many times while a run trains) re-renders the buttons alone, not the whole page.
 */
export function RunControls({ shortcutsEnabled, onHelp }: RunControlsProps) {
  const commands = useRunCommands();
  const speed = useLabStore((s) => s.view.speed);
  const { setView } = useLabActions();
  useShortcuts(
    {
      toggleTrain: commands.toggleTrain,
      step: commands.step,
      prune: commands.prune,
      fineTune: commands.fineTune,
      reset: commands.reset,
      faster: () => setView({ speed: nextSpeed(speed, 1) }),
      slower: () => setView({ speed: nextSpeed(speed, -1) }),
      help: onHelp,
    },
    shortcutsEnabled,
  );
  return <RunButtons commands={commands} />;
}
