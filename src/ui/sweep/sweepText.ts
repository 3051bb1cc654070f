// Captions and readouts of the sweep panels, generated from the settings and results so
// every number on screen is the one that was run.
import type { RunConfig } from '../../core/config';
import { CELL_CLASSES, CELL_CLASS_LABELS, REFERENCE_DIAGRAM, sigmaStarList, theoryAgreement, type CellClass, type CellResult } from '../../core/sweep';
import type { CellOutcome, SweepProgress } from '../../worker/sweepPool';
import { formatNumber } from '../format';
import type { SweepStatus } from '../../state/useSweep';

/** "2.4 s", "1 min 05 s". */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

const listOf = (values: readonly number[]): string => `(${values.map((v) => formatNumber(v)).join(', ')})`;

/** The problem every cell trains, in words, with the values actually used. */
export function describeProblem(config: RunConfig): string {
  const model =
    config.model === 'population'
      ? 'population loss'
      : `${config.model === 'empirical' ? 'empirical sensing' : 'quadratic network'}, n = ${config.n}, noise σ = ${formatNumber(config.noise)}`;
  const tau = config.tau === null ? 'τ = √(2β) [derived]' : `τ = ${formatNumber(config.tau)}`;
  return (
    `${model}, d = ${config.d}, k = ${config.k}, r = ${config.r}, σ* = ${listOf(sigmaStarList(config))}, ` +
    `form ${config.regularizer}, α = ${formatNumber(config.initScale)}, η₁ = ${formatNumber(config.eta)} for ${config.steps} steps, ` +
    `pruned at ${tau}, fine-tuned ${config.fineTuneSteps} steps at η₂ = ${formatNumber(config.fineTuneEta)}`
  );
}

/** Says when the cells are smaller than math.md's reference diagram, or null when they are not. */
export function scaleNote(config: RunConfig): string | null {
  if (config.model !== 'population') return null;
  const { d, k, steps } = REFERENCE_DIAGRAM;
  if (config.d >= d && config.k >= k && config.steps >= steps) return null;
  return (
    `math.md's reference diagram uses the population model with d = k = ${d} and ${steps} steps; ` +
    `these cells use d = ${config.d}, k = ${config.k} and ${config.steps} steps so that the whole grid runs in seconds.`
  );
}

/** "12 of 64 cells · 3.1 s · about 14 s left" and the like. */
export function progressText(progress: SweepProgress | null, status: SweepStatus, workers: number): string {
  if (!progress) return status === 'running' ? 'Starting the workers…' : '';
  const finished = progress.done + progress.failed;
  const cells = `${finished} of ${progress.total} cells`;
  const failed = progress.failed ? ` (${progress.failed} failed)` : '';
  const pool = `${workers} worker${workers === 1 ? '' : 's'}`;
  const elapsed = formatDuration(progress.elapsedMs);
  switch (status) {
    case 'running':
      return `${cells}${failed} · ${elapsed} on ${pool}${progress.etaMs === null ? '' : ` · about ${formatDuration(progress.etaMs)} left`}`;
    case 'done':
      return `Finished ${progress.total} cells${failed} in ${elapsed} on ${pool}.`;
    case 'cancelled':
      return `Cancelled after ${cells}${failed} (${elapsed}); the finished cells stay.`;
    case 'superseded':
      return `Stopped after ${cells}${failed} because another sweep started; the finished cells stay.`;
    default:
      return '';
  }
}

/** Results of the finished cells (failed and pending ones left out). */
export function finishedResults(outcomes: readonly (CellOutcome | null)[]): CellResult[] {
  const results: CellResult[] = [];
  for (const outcome of outcomes) if (outcome?.ok) results.push(outcome.result);
  return results;
}

export function classCounts(results: readonly CellResult[]): Record<CellClass, number> {
  const counts: Record<CellClass, number> = { stuck: 0, exact: 0, extra: 0, unstable: 0 };
  for (const result of results) counts[result.classification]++;
  return counts;
}

/** How many cells fell in each class, and how well the learnability rule called stuck vs learned. */
export function resultsSummary(results: readonly CellResult[], r: number): string {
  if (results.length === 0) return '';
  const counts = classCounts(results);
  const parts = CELL_CLASSES.filter((c) => counts[c] > 0).map((c) => `${CELL_CLASS_LABELS[c]}: ${counts[c]}`);
  const { compared, agreeing } = theoryAgreement(results, r);
  const rule = compared
    ? ` The learnability rule λ < c·σ*ⱼ·√β [derived] called stuck vs learned correctly in ${agreeing} of ${compared} stable cells.`
    : '';
  return `${parts.join('; ')}.${rule}`;
}

/** One cell in words, for the chart's hover readout and the table. */
export function cellDetail(result: CellResult): string {
  if (result.diverged) return `diverged at step ${result.diverged.step}; try η₁ ≤ ${formatNumber(result.diverged.suggestedEta)}`;
  const parts = [`${result.aboveTau} column${result.aboveTau === 1 ? '' : 's'} above τ = ${formatNumber(result.tau)}`];
  if (result.flippedColumns > 0) parts.push(`${result.flippedColumns} flipping sign every step`);
  parts.push(`bias ${formatNumber(result.bias)}`);
  parts.push(`error after fine-tune ${formatNumber(result.testErrorAfterFineTune)}`);
  return parts.join(', ');
}
