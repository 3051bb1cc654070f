// The histogram of column norms (the paper's Figure 1, right) as a Figure: the bars of one
// or two series side by side in each bin of histograms binned by core (normHistograms), the
// τ marker, count and norm axes. Drawn by the lab (histogram.ts) and the CLI alike.
import { scaleLinear, scaleSqrt } from 'd3';
import type { Histogram } from '../core/metrics';
import { layoutPlot, seriesLegend, type Figure, type Mark, type Size } from './figure';
import { COLORS, formatValue, plural, seriesColor, type Margins } from './theme';

export interface HistogramSeries {
  id: string;
  label: string;
  /** The series' histogram; every series shares the first one's bins. */
  histogram: Histogram;
  /** Columns at or above τ (for the description). */
  aboveTau?: number;
  color?: string;
}

export interface HistogramData {
  /** One series, or two to compare. */
  series: readonly HistogramSeries[];
  /** Fixed top of the count axis (shared scales). */
  countMax?: number;
  /** Optional τ marker. */
  tau?: number | null;
  /** 'sqrt' keeps a few large norms visible next to a tall spike of dead columns at 0. */
  countScale?: 'linear' | 'sqrt';
}

export interface HistogramLabels {
  description?: string;
  xLabel?: string;
  yLabel?: string;
}

const MARGIN: Margins = { top: 12, right: 16, bottom: 36, left: 48 };

export function histogramFigure(data: HistogramData, size: Size, labels: HistogramLabels = {}): Figure {
  const series = data.series.map((s, i) => ({ ...s, color: seriesColor(s.color, i) }));
  const { plot, legend } = layoutPlot(size, MARGIN, seriesLegend(series, 'swatch'));
  const { width, height } = plot;
  const first = series[0]?.histogram;
  const min = first?.min ?? 0;
  const max = first?.max ?? 1;
  const bins = first?.counts.length ?? 1;
  let largestCount = 1;
  for (const s of series) for (const c of s.histogram.counts) largestCount = Math.max(largestCount, c);
  const countTop = data.countMax ?? largestCount;

  const x = scaleLinear().domain([min, max]).range([0, width]);
  const y = (data.countScale === 'sqrt' ? scaleSqrt() : scaleLinear()).domain([0, countTop]).range([height, 0]);
  const binWidth = width / bins;
  const gap = binWidth > 6 ? 1 : 0;
  const barWidth = Math.max(0.5, (binWidth - gap) / Math.max(1, series.length));
  const bars: Mark[] = [];
  series.forEach((s, index) => {
    s.histogram.counts.forEach((count, bin) => {
      const top = y(count);
      bars.push({
        kind: 'rect',
        series: s.id,
        x: bin * binWidth + gap / 2 + index * barWidth,
        y: top,
        width: barWidth,
        height: height - top,
        style: { fill: s.color, fillOpacity: 0.85 },
      });
    });
  });

  const tau = data.tau ?? null;
  const tauMarks: Mark[] = [];
  if (tau !== null && tau >= min && tau <= max) {
    const tx = x(tau);
    tauMarks.push({ kind: 'line', x1: tx, x2: tx, y1: 0, y2: height, style: { stroke: COLORS.threshold, strokeWidth: 1.5, dash: '6 3' } });
    tauMarks.push({ kind: 'text', x: tx + 4, y: 0, dy: '0.9em', anchor: 'start', text: 'τ', style: { fill: COLORS.threshold } });
  }

  const yTicks = y.ticks(4).filter((v) => Number.isInteger(v));
  return {
    width: size.width,
    height: size.height,
    plot,
    legend,
    x: { ticks: x.ticks(5).map((v) => ({ at: x(v), label: formatValue(v) })), title: labels.xLabel ?? 'column norm ‖U eᵢ‖' },
    y: { ticks: yTicks.map((v) => ({ at: y(v), label: String(v) })), title: labels.yLabel ?? 'columns' },
    grid: yTicks.map((v) => y(v)),
    yTitleOffset: 36,
    layers: [
      { className: 'pl-bars', marks: bars },
      { className: 'pl-tau', marks: tauMarks },
    ],
    label: describe(data, labels.description ?? 'Histogram of column norms'),
  };
}

function describe(data: HistogramData, description: string): string {
  const first = data.series[0]?.histogram;
  if (!first) return `${description}: no data`;
  const parts = data.series.map((s) => {
    const { counts, min, binWidth } = s.histogram;
    let fullest = 0;
    for (let b = 1; b < counts.length; b++) if (counts[b] > counts[fullest]) fullest = b;
    const total = counts.reduce((sum, c) => sum + c, 0) + s.histogram.below + s.histogram.above + s.histogram.notANumber;
    const aboveTau = s.aboveTau !== undefined && data.tau !== null && data.tau !== undefined ? `, ${s.aboveTau} at or above τ = ${formatValue(data.tau)}` : '';
    const inRange = `${formatValue(min + fullest * binWidth)} and ${formatValue(min + (fullest + 1) * binWidth)}`;
    return `${s.label}: ${plural(total, 'value')}, most (${counts[fullest]}) between ${inRange}${aboveTau}`;
  });
  return `${description}, ${first.counts.length} bins from ${formatValue(first.min)} to ${formatValue(first.max)}; ${parts.join('; ')}`;
}
