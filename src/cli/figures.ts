// The CLI's figures, as SVG text and the CSV tables behind them: column norms with τ, the
// paper's Figure 1 (fraction curve, histogram of column norms) and the fine-tuning loss.
import { fractionCurve, fractionGrid, lossGapSeries, normHistograms } from '../core/metrics';
import { finetuneCurve, type RunResult } from '../core/runResult';
import { toCsv } from '../core/csv';
import { renderChart, type LineSeries } from './svg';

/** Points of the fraction curve's CSV table (Figure 1). */
export const FRACTION_POINTS = 101;

const KEPT_COLOR = '#1f77b4';
const PRUNED_COLOR = '#b0b0b0';
const ARM_COLORS = ['#1f77b4', '#ff7f0e'];

/** x rounded to `digits` significant digits without trailing zeros ("0.05", "1e-7"); "—" when absent. */
export const num = (x: number | null | undefined, digits = 4): string =>
  x === null || x === undefined ? '—' : String(Number(x.toPrecision(digits)));

/** One set of column norms to plot, e.g. one arm of a comparison. */
export interface NormSet {
  label: string;
  norms: readonly number[];
}

/** λ, β and form of a run, for subtitles. */
export function settingsText(result: RunResult): string {
  const c = result.config;
  const size = c.model === 'population' ? `d = ${result.d}, k = ${result.k}` : `d = ${result.d}, k = ${result.k}, n = ${c.n}`;
  return `${c.model}, ${size}; λ = ${num(c.lambda)}, β = ${num(c.beta)} (form ${c.regularizer}), η = ${num(c.eta)}, ${c.steps} steps`;
}

/** Bars of ‖U eᵢ‖ per column after phase 1 on a log axis, kept and pruned apart, with τ. */
export function columnNormsSvg(result: RunResult): string {
  const norms = result.phase1.final.columnNorms;
  const kept = new Set(result.kept ?? norms.flatMap((norm, i) => (norm >= result.tau ? [i] : [])));
  const bar = (i: number) => ({ x0: i - 0.4, x1: i + 0.4, y: norms[i] });
  const indices = norms.map((_, i) => i);
  const keptCount = indices.filter((i) => kept.has(i)).length;
  return renderChart({
    title: 'Column norms after phase 1, before pruning',
    subtitle: settingsText(result),
    x: { label: 'column i', integerTicks: true, domain: [-0.5, norms.length - 0.5] },
    y: { label: '‖U eᵢ‖ (log scale)', scale: 'log' },
    bars: [
      { label: `kept (${keptCount})`, color: KEPT_COLOR, bars: indices.filter((i) => kept.has(i)).map(bar) },
      { label: `pruned (${norms.length - keptCount})`, color: PRUNED_COLOR, bars: indices.filter((i) => !kept.has(i)).map(bar) },
    ],
    rules: [{ axis: 'y', value: result.tau, label: `τ = ${num(result.tau)}${result.config.tau === null ? ' = √(2β) [derived]' : ''}` }],
  });
}

export interface FractionTable {
  xs: number[];
  curves: number[][];
}

function fractionTable(sets: readonly NormSet[]): FractionTable {
  const xs = fractionGrid(FRACTION_POINTS);
  return { xs, curves: sets.map((s) => fractionCurve(s.norms, xs)) };
}

/** Figure 1, left: F(x) = fraction of columns with norm ≥ x · the largest norm. */
export function fractionSvg(sets: readonly NormSet[], subtitle: string): string {
  const { xs, curves } = fractionTable(sets);
  return renderChart({
    title: 'Fraction of columns with ‖U eᵢ‖ ≥ x · maxⱼ ‖U eⱼ‖',
    subtitle,
    x: { label: 'x (fraction of the largest column norm)', domain: [0, 1] },
    y: { label: 'fraction of columns F(x)', domain: [0, 1] },
    lines: sets.map((s, i) => ({ label: s.label, x: xs, y: curves[i], color: ARM_COLORS[i % ARM_COLORS.length], step: true })),
  });
}

export function fractionCsv(sets: readonly NormSet[]): string {
  const { xs, curves } = fractionTable(sets);
  return toCsv([['x', ...sets.map((s) => `F(x) ${s.label}`)], ...xs.map((x, j) => [x, ...curves.map((c) => c[j])])]);
}

/** Histograms of the sets over one shared range, binned as the lab bins them. */
function histogramTable(sets: readonly NormSet[]) {
  return normHistograms(sets.map((s) => s.norms));
}

/** Figure 1, right: histogram of the column norms, the sets' bars side by side in each bin. */
export function histogramSvg(sets: readonly NormSet[], subtitle: string): string {
  const tables = histogramTable(sets);
  const share = 1 / sets.length;
  return renderChart({
    title: 'Histogram of column norms ‖U eᵢ‖',
    subtitle,
    x: { label: '‖U eᵢ‖', domain: [tables[0].min, tables[0].max] },
    y: { label: 'number of columns', integerTicks: true },
    bars: sets.map((s, a) => ({
      label: s.label,
      color: ARM_COLORS[a % ARM_COLORS.length],
      bars: tables[a].counts.map((count, b) => {
        const left = tables[a].min + b * tables[a].binWidth;
        return { x0: left + a * share * tables[a].binWidth, x1: left + (a + 1) * share * tables[a].binWidth, y: count };
      }),
    })),
  });
}

export function histogramCsv(sets: readonly NormSet[]): string {
  const tables = histogramTable(sets);
  const { min, binWidth, counts } = tables[0];
  return toCsv([
    ['binStart', 'binEnd', ...sets.map((s) => `count ${s.label}`)],
    ...counts.map((_, b) => [min + b * binWidth, min + (b + 1) * binWidth, ...tables.map((t) => t.counts[b])]),
  ]);
}

/**
 * Fine-tuning on a log scale: the loss gap L(Vₜ) − L∞ and the gradient norm, each with its
 * fitted linear rate C ρᵗ drawn over the steps the fit used. Null when there was no fine-tuning.
 */
export function finetuneLossSvg(result: RunResult): string | null {
  if (!result.finetune) return null;
  const curve = finetuneCurve(result.finetune.history, result.finetune.final);
  const gap = lossGapSeries(curve);
  const lines: LineSeries[] = [
    { label: 'L(Vₜ) − L∞', x: gap.steps, y: gap.gaps, color: ARM_COLORS[0], markers: gap.steps.length <= 60 },
    { label: '‖∇L(Vₜ)‖', x: curve.map((p) => p.step), y: curve.map((p) => p.gradNorm), color: ARM_COLORS[1] },
  ];
  const notes: string[] = [];
  const fits = [
    { fit: result.rate, name: 'loss gap', color: '#0b3c66' },
    { fit: result.gradNormRate, name: 'gradient norm', color: '#8a4100' },
  ];
  for (const { fit, name, color } of fits) {
    if (!fit) {
      notes.push(`${name}: too few points above rounding for a rate fit`);
      continue;
    }
    const xs = [fit.fittedFrom, fit.fittedTo];
    lines.push({ label: `fit ${name}: ρ = ${num(fit.rho, 6)}`, x: xs, y: xs.map((t) => fit.C * fit.rho ** t), color, dashed: true });
    notes.push(`${name}: ρ = ${num(fit.rho, 6)} per step (R² = ${num(fit.r2, 4)}, steps ${fit.fittedFrom}–${fit.fittedTo})`);
  }
  if (result.lossLimit) {
    notes.push(`L∞ ≈ ${num(result.lossLimit.value, 6)}, the lowest loss seen${result.lossLimit.converged ? ' (converged)' : ' (not yet converged: the gap is a lower estimate)'}`);
  }
  const kept = result.kept?.length ?? 0;
  return renderChart({
    title: `Fine-tuning the ${kept} kept column${kept === 1 ? '' : 's'} on the unregularized loss`,
    subtitle: `η₂ = ${num(result.config.fineTuneEta)}, ${result.finetune.final.step} steps; error ≈ C ρᵗ (log scale)`,
    x: { label: 'fine-tuning step t', integerTicks: true },
    y: { label: 'loss gap and gradient norm (log scale)', scale: 'log' },
    lines,
    notes,
  });
}
