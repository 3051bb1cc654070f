import { useState } from 'react';
import type { RunConfig } from '../../core/config';
import type { RunFile } from '../../core/runFile';
import { useFrameBus, useLabActions, useLabStore, useLabStoreApi, type LabState } from '../../state/store';
import { CopyLinkButton } from './CopyLinkButton';
import { ExportMenu, type ChartTarget } from './ExportMenu';
import { ImportRunButton } from './ImportRunButton';
import { describeComparison, exportLabRunFile, labHistory, openRunInLab, PAGE_CHARTS } from './labShare';
import { SavedRunsPanel } from './SavedRunsPanel';

/** Where the run stands: its phase and the regularized lane's step. */
interface RunPosition {
  phase: string;
  step: number;
}

const runPosition = (state: LabState): RunPosition => ({ phase: state.run.phase, step: state.run.lanes.regularized?.step ?? 0 });

export interface SharePanelProps {
  /** Charts offered for SVG/PNG export; the lab page's panels by default. */
  charts?: ChartTarget[];
}

/**
 * "Share and save", wired to the lab store: Copy link, the Export menu, Import run JSON and
 * the saved runs. Opening or importing a run loads its config into the lab. Hidden with
 * `?hide=export`.
 */
export function SharePanel({ charts = PAGE_CHARTS }: SharePanelProps) {
  const actions = useLabActions();
  const frames = useFrameBus();
  const config = useLabStore((s) => s.params.config);
  const kernel = useLabStore((s) => s.run.info?.kernel ?? null);
  const hidden = useLabStore((s) => s.view.hidden.includes('export'));
  const [loaded, setLoaded] = useState('');
  const [reference, setReference] = useState<RunFile | null>(null);
  const [checking, setChecking] = useState(false);
  // Where the run stands is read when it matters (saving, importing), not subscribed to: it
  // changes with every frame while training, and the panel shows none of it.
  const store = useLabStoreApi();
  const [savedAt, setSavedAt] = useState<RunPosition | null>(null);
  if (hidden) return null;

  // A trained run that was not saved since it last moved is lost by an import: ask first.
  const confirmReplace = (fileName: string) => {
    const { phase, step } = runPosition(store.getState());
    const trained = phase === 'finetune' || step > 0;
    const unsaved = savedAt === null || savedAt.phase !== phase || savedAt.step !== step;
    return !(trained && unsaved) || window.confirm(`Importing ${fileName} replaces the current trained run, which is not saved. Replace it?`);
  };
  const forgetImport = () => {
    setLoaded('');
    setReference(null);
  };

  const getRunFile = () => exportLabRunFile(actions.exportRun);
  // The import button and the saved-runs list announce what they opened; this says what to do next.
  const open = (run: RunFile, replayConfig: RunConfig) => {
    setReference(run);
    setLoaded(openRunInLab(actions.applyConfig, run, replayConfig));
  };

  const compare = async (loadedRun: RunFile) => {
    setChecking(true);
    try {
      setLoaded(describeComparison(loadedRun, await getRunFile()));
    } catch (error) {
      setLoaded(`Could not compare: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setChecking(false);
    }
  };

  return (
    <section className="pl-panel pl-share" aria-label="Share and save">
      <h2>Share, export and save</h2>
      <div className="pl-panel-toolbar">
        <CopyLinkButton />
        <ExportMenu config={config} kernel={kernel} getRunFile={getRunFile} getHistory={() => labHistory(frames)} charts={charts} />
        <ImportRunButton onImport={(imported) => open(imported.run, imported.replayConfig)} onRefused={forgetImport} confirmReplace={confirmReplace} />
      </div>
      <p role="status" aria-live="polite" className="pl-status">
        {loaded}
      </p>
      {reference ? (
        <button type="button" disabled={checking} onClick={() => void compare(reference)}>
          Compare with the loaded run
        </button>
      ) : null}
      <SavedRunsPanel
        getRunFile={getRunFile}
        onOpen={(opened) => open(opened.run, opened.replayConfig)}
        onSaved={() => setSavedAt(runPosition(store.getState()))}
        headingLevel={3}
      />
    </section>
  );
}
