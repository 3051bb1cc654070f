// The CLI's figures, as SVG text and the CSV tables behind them: column norms with τ, the
// paper's Figure 1 (fraction curve, histogram of column norms) and the fine-tuning loss.
import { figureOneData, FIGURE_ONE_FRACTION_DESCRIPTION, FIGURE_ONE_HISTOGRAM_LABELS } from '../charts/figureOne';
import { figureSvg } from '../charts/figureSvg';
import { logLineFigure, type LineSeries, type RateFit } from '../charts/logLineFigure';
import { COLORS } from '../charts/theme';
import { fractionFigure } from '../charts/fractionFigure';
import { histogramFigure } from '../charts/histogramFigure';
import { columnNormsFigure } from '../charts/columnNormsFigure';
import { HALF_MAX, countAbove, figureOneStatistics, fractionCurve, fractionGrid, lossGapSeries } from '../core/metrics';
import { finetuneCurve, type RunResult } from '../core/runResult';
import { toCsv } from '../core/csv';
import { num, settingsText as configSettingsText } from '../core/settingsText';

/** Points of the fraction curve's CSV table (Figure 1). */
export const FRACTION_POINTS = 101;


export { num } from '../core/settingsText';

/** One set of column norms to plot, e.g. one arm of a comparison. */
export interface NormSet {
  /** data-series of its marks, e.g. "regularized". */
  id: string;
  label: string;
  norms: readonly number[];
}

/** λ, β and form of a run, for subtitles (its own d and k: a problem file fixes them; float32 only when it computed in float32). */
export function settingsText(result: RunResult): string {
  return configSettingsText(result.config, result.kernel, result);
}

/** Size of the column-norms file: the lab's aspect ratio 2.2 : 1. */
export const COLUMN_NORMS_SIZE = { width: 792, height: 360 };

/** What a diverged run's figures must say: their numbers are the last checkpoint before it blew up. */
export function divergedNote(result: RunResult): string | null {
  const s = result.status;
  if (s.kind !== 'diverged') return null;
  return `${s.phase === 'train' ? 'phase 1' : 'fine-tuning'} diverged at step ${s.step}; shown: the last checkpoint before (try η ≤ ${num(s.suggestedEta)})`;
}

/** The lab's column-norms chart of the norms after phase 1 (log axis, τ drawn), with the run's settings. */
export function columnNormsSvg(result: RunResult): string {
  const norms = result.phase1.final.columnNorms;
  const aboveTau = countAbove(norms, result.tau);
  const figure = columnNormsFigure(
    { norms, tau: result.tau, aboveTau, tauDerived: result.config.tau === null, r: result.config.r, order: 'index', scale: 'log' },
    COLUMN_NORMS_SIZE,
  );
  const lines = [settingsText(result), `${aboveTau} of ${norms.length} columns kept (‖U eᵢ‖ ≥ τ), ${norms.length - aboveTau} pruned`];
  const diverged = divergedNote(result);
  if (diverged) lines.push(diverged);
  return figureSvg(figure, { title: 'Column norms after phase 1, before pruning', lines });
}

export interface FractionTable {
  xs: number[];
  curves: number[][];
}

function fractionTable(sets: readonly NormSet[]): FractionTable {
  const xs = fractionGrid(FRACTION_POINTS);
  return { xs, curves: sets.map((s) => fractionCurve(s.norms, xs)) };
}

/** Size of each Figure 1 file: the lab's aspect ratios (histogram 2 : 1, fraction curve 1.6 : 1). */
export const HISTOGRAM_SIZE = { width: 720, height: 360 };
export const FRACTION_SIZE = { width: 720, height: 450 };

/** Figure 1's chart data of the sets, exactly as the lab builds it. */
export function figureOneOfSets(sets: readonly NormSet[], tau: number) {
  const statistics = figureOneStatistics(
    sets.map((s) => s.norms),
    tau,
  );
  return figureOneData(
    sets.map((s, i) => ({ id: s.id, label: s.label, statistics: statistics[i] })),
    tau,
    HALF_MAX,
  );
}

/** Figure 1, left: F(x) = fraction of columns with norm ≥ x · the largest norm (the lab's chart). */
export function fractionSvg(sets: readonly NormSet[], tau: number, subtitle: string): string {
  const figure = fractionFigure(figureOneOfSets(sets, tau).fraction, FRACTION_SIZE, FIGURE_ONE_FRACTION_DESCRIPTION);
  return figureSvg(figure, { title: 'Fraction of columns with ‖U eᵢ‖ ≥ x · maxⱼ ‖U eⱼ‖', lines: [subtitle, figure.readout] });
}

export function fractionCsv(sets: readonly NormSet[]): string {
  const { xs, curves } = fractionTable(sets);
  return toCsv([['x', ...sets.map((s) => `F(x) ${s.label}`)], ...xs.map((x, j) => [x, ...curves.map((c) => c[j])])]);
}

/** Figure 1, right: histogram of the column norms, the sets' bars side by side in each bin (the lab's chart). */
export function histogramSvg(sets: readonly NormSet[], tau: number, subtitle: string): string {
  const figure = histogramFigure(figureOneOfSets(sets, tau).histogram, HISTOGRAM_SIZE, FIGURE_ONE_HISTOGRAM_LABELS);
  return figureSvg(figure, { title: 'Histogram of column norms ‖U eᵢ‖ (square-root count axis)', lines: [subtitle] });
}

export function histogramCsv(sets: readonly NormSet[], tau: number): string {
  const { series } = figureOneOfSets(sets, tau).histogram;
  const { min, binWidth, counts } = series[0].histogram;
  return toCsv([
    ['binStart', 'binEnd', ...sets.map((s) => `count ${s.label}`)],
    ...counts.map((_, b) => [min + b * binWidth, min + (b + 1) * binWidth, ...series.map((t) => t.histogram.counts[b])]),
  ]);
}

/** Size of the fine-tuning file: the lab's aspect ratio 2 : 1. */
export const FINETUNE_SIZE = { width: 720, height: 360 };

/**
 * The lab's fine-tuning chart: the loss gap L(Vₜ) − L∞ and the gradient norm on a log scale,
 * each with its fitted linear rate C ρᵗ drawn over the steps the fit used. Null when there
 * was no fine-tuning.
 */
export function finetuneLossSvg(result: RunResult): string | null {
  if (!result.finetune) return null;
  const curve = finetuneCurve(result.finetune.history, result.finetune.final);
  const gap = lossGapSeries(curve);
  const series: LineSeries[] = [
    { id: 'gap', label: 'L(Vₜ) − L∞', x: gap.steps, y: gap.gaps, color: COLORS.reg, markers: gap.steps.length <= 60 },
    { id: 'gradNorm', label: '‖∇L(Vₜ)‖', x: curve.map((p) => p.step), y: curve.map((p) => p.gradNorm), color: COLORS.unreg },
  ];
  const notes: string[] = [];
  const fits: RateFit[] = [];
  for (const { fit, name } of [
    { fit: result.rate, name: 'loss gap' },
    { fit: result.gradNormRate, name: 'gradient norm' },
  ]) {
    if (!fit) {
      notes.push(`${name}: too few points above rounding for a rate fit`);
      continue;
    }
    fits.push({ rho: fit.rho, C: fit.C, from: fit.fittedFrom, to: fit.fittedTo, label: `fit ${name}` });
    notes.push(`${name}: ρ = ${num(fit.rho, 6)} per step (R² = ${num(fit.r2, 4)}, steps ${fit.fittedFrom}–${fit.fittedTo})`);
  }
  if (result.lossLimit) {
    notes.push(`L∞ ≈ ${num(result.lossLimit.value, 6)}, the lowest loss seen${result.lossLimit.converged ? ' (converged)' : ' (not yet converged: the gap is a lower estimate)'}`);
  }
  const diverged = divergedNote(result);
  if (diverged) notes.push(diverged);
  const kept = result.kept?.length ?? 0;
  const figure = logLineFigure({ series, fits }, FINETUNE_SIZE, { description: 'Fine-tuning loss', xLabel: 'fine-tuning step t', yLabel: 'log scale' });
  return figureSvg(figure, {
    title: `Fine-tuning the ${kept} kept column${kept === 1 ? '' : 's'} on the unregularized loss`,
    lines: [`η₂ = ${num(result.config.fineTuneEta)}, ${result.finetune.final.step} steps; error ≈ C ρᵗ`, ...notes],
  });
}
