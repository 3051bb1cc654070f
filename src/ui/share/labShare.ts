// Glue between the share components and the lab store: where the exported run comes from,
// the histories for the CSV, the page's charts, and what opening a run does.
import type { RunConfig } from '../../core/config';
import { kernelLabel } from '../../core/kernelChoice';
import { AGREEMENT_TOLERANCE, compareRunFiles, runFileFromResult, type RunFile } from '../../core/runFile';
import type { HistoryEntry, Phase } from '../../core/types';
import type { LabActions } from '../../state/store';
import type { FrameBus } from '../../worker/frameBus';
import type { LaneId } from '../../worker/labProtocol';
import { formatCount, formatNumber } from '../format';
import type { ChartTarget } from './ExportMenu';

/** The lane's run as a run file, asked from the worker (U, final states and fits included). */
export async function exportLabRunFile(exportRun: LabActions['exportRun'], lane: LaneId = 'regularized'): Promise<RunFile> {
  const runs = await exportRun();
  const chosen = runs.find((run) => run.lane === lane);
  if (!chosen) throw new Error(`the lab has no ${lane} run to export; press Train first`);
  return runFileFromResult(chosen.result, { reproducible: chosen.reproducible });
}

/** The lane's histories as drawn on `frames` (no worker round trip), or undefined before the first frame. */
export function labHistory(frames: FrameBus, lane: LaneId = 'regularized'): Partial<Record<Phase, readonly HistoryEntry[]>> | undefined {
  return frames.getLatest()?.history[lane];
}

/** The first chart host inside the panel labelled `panel` (the lab's panels are <section aria-label>). */
function chartIn(panel: string, index = 0): () => Element | null {
  return () => document.querySelectorAll(`section[aria-label="${panel}"] .pl-chart-host`)[index] ?? null;
}

/** The lab page's charts, found by their panels' accessible names at export time. */
export const PAGE_CHARTS: ChartTarget[] = [
  { label: 'Column norms', element: chartIn('Column norms') },
  { label: 'Histogram', element: chartIn('Distribution of column norms', 0) },
  { label: 'Fraction curve', element: chartIn('Distribution of column norms', 1) },
  { label: 'Training curves', element: chartIn('Training curves') },
  { label: 'Fine-tuning loss', element: chartIn('Fine-tuning loss') },
  { label: 'Heatmap of U', element: chartIn('Heatmap of U') },
];

/**
 * Loads a run's replay config into the lab (a restart) and says how to repeat the run: the
 * config's steps are the ones the run took, and its τ is the one it was pruned at.
 */
export function openRunInLab(applyConfig: LabActions['applyConfig'], run: RunFile, replayConfig: RunConfig): string {
  applyConfig(replayConfig);
  const phase1 = `press Train to repeat phase 1 (${formatCount(replayConfig.steps)} steps)`;
  if (!run.kept) return `Loaded its settings: ${phase1}.`;
  return `Loaded its settings: ${phase1}, then Prune (τ = ${formatNumber(run.tau)}, keeping ${run.kept.length} columns) and Fine-tune (${formatCount(replayConfig.fineTuneSteps)} steps).`;
}

/**
 * What the re-run in the lab looks like next to the run that was loaded: bit for bit when both
 * ran the same arithmetic (kernel and precision; threads never change a bit), else agreement
 * to AGREEMENT_TOLERANCE.
 */
export function describeComparison(loaded: RunFile, current: RunFile): string {
  const sameArithmetic = loaded.kernel.name === current.kernel.name && loaded.kernel.precision === current.kernel.precision;
  const { identical, compared, difference, largestRelativeDifference } = compareRunFiles(loaded, current, sameArithmetic ? 0 : AGREEMENT_TOLERANCE);
  if (identical) return `The lab's run matches the loaded run bit for bit (${formatCount(compared)} numbers compared).`;
  const kernels = sameArithmetic ? '' : ` The loaded run was computed on ${kernelLabel(loaded.kernel)}, the lab's on ${kernelLabel(current.kernel)}, so they are compared to ${AGREEMENT_TOLERANCE} relative, not bit for bit.`;
  if (difference === null) {
    return `The lab's run agrees with the loaded run (${formatCount(compared)} numbers compared, largest relative difference ${formatNumber(largestRelativeDifference)}).${kernels}`;
  }
  const unfinished =
    current.phase1.final.step !== loaded.phase1.final.step || (loaded.kept !== null && current.finetune?.final.step !== loaded.finetune?.final.step);
  const hint = unfinished ? ' The lab has not repeated every step yet: train, prune and fine-tune to the end first.' : '';
  return `The lab's run differs from the loaded run, first at ${difference}.${kernels}${hint}`;
}
