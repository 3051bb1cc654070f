import { useEffect, useState } from 'react';
import { useLabActions, useLabStore } from '../state/store';
import { useLabWorker } from '../worker/useLabWorker';
import { ConnectedTau } from './controls/ConnectedTau';
import { ExplanationSection } from './explain/Explanation';
import { ControlPanel } from './controls/ControlPanel';
import { RunButtons } from './controls/RunButtons';
import { Header } from './Header';
import { HelpDialog } from './HelpDialog';
import { ColumnNormsPanel } from './panels/ColumnNormsPanel';
import { ComparisonPanel } from './panels/ComparisonPanel';
import { DistributionPanel } from './panels/DistributionPanel';
import { FineTunePanel } from './panels/FineTunePanel';
import { HeatmapPanel } from './panels/HeatmapPanel';
import { PresetPicker } from './presets/PresetPicker';
import { TrainingCurvesPanel } from './panels/TrainingCurvesPanel';
import { Readout } from './Readout';
import { RunAlerts } from './RunAlerts';
import { RunbarTheory, TheoryRatePanel } from './theory/TheoryOverlays';
import { installTestApi } from './testApi';
import { useRunCommands } from './useRunCommands';
import { useShortcuts } from './useShortcuts';

/** The lab page: header, the run's controls beside the chart panels, and the shortcut help. */
export function App() {
  useLabWorker();
  useEffect(() => installTestApi(), []);
  const [helpOpen, setHelpOpen] = useState(false);
  const commands = useRunCommands();
  const comparison = useLabStore((s) => s.view.comparison);
  const controlsHidden = useLabStore((s) => s.view.hidden.includes('controls'));
  const actions = useLabActions();

  useShortcuts(
    {
      toggleTrain: commands.toggleTrain,
      step: commands.step,
      prune: commands.prune,
      fineTune: commands.fineTune,
      reset: commands.reset,
      help: () => setHelpOpen(true),
    },
    !helpOpen,
  );

  return (
    <>
      <Header onHelp={() => setHelpOpen(true)} />
      <main className="pl-main">
        <section className="pl-runbar" aria-label="Run controls">
          <RunButtons commands={commands} />
          <ConnectedTau />
          <Readout />
          <RunAlerts />
          <RunbarTheory />
          <label className="pl-switch">
            <input type="checkbox" checked={comparison} onChange={(event) => actions.setComparison(event.target.checked)} />
            Compare with unregularized training (λ = 0)
          </label>
          <PresetPicker />
        </section>
        <div className="pl-panels">
          <ColumnNormsPanel />
          {comparison ? <ComparisonPanel /> : null}
          <DistributionPanel />
          <TrainingCurvesPanel />
          <FineTunePanel />
          <HeatmapPanel />
          <TheoryRatePanel />
        </div>
        {controlsHidden ? null : (
          <aside className="pl-parameters" aria-label="Parameters">
            <ControlPanel />
          </aside>
        )}
        <ExplanationSection />
      </main>
      <HelpDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
    </>
  );
}
