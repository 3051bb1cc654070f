// Histogram of column norms (the paper's Figure 1, right). It takes the raw norms and bins
// them itself, so that two overlaid series (regularized vs unregularized) always share the
// same bin edges; bars of two series stand side by side within each bin.
import { axisBottom, axisLeft, scaleLinear, scaleSqrt, type ScaleContinuousNumeric } from 'd3';
import { appendAxes, appendAxisTitles, drawAxis, drawGrid, layoutBelowLegend, seriesLegendItems, styleText } from './draw';
import { chartHandle, createFrame, type Chart, type ChartFrameOptions } from './frame';
import { COLORS, formatValue, maxFinite, plural, seriesColor, type Margins } from './theme';

export interface HistogramSeries {
  id: string;
  label: string;
  values: ArrayLike<number>;
  color?: string;
}

export interface HistogramData {
  /** One series, or two to compare. */
  series: readonly HistogramSeries[];
  /** Number of equal-width bins over [0, max]; default 30. */
  bins?: number;
  /** Right end of the x-axis (shared scales); default the largest value (or τ). */
  max?: number;
  /** Fixed top of the count axis (shared scales). */
  countMax?: number;
  /** Optional τ marker. */
  tau?: number | null;
  /** 'sqrt' keeps a few large norms visible next to a tall spike of dead columns at 0. */
  countScale?: 'linear' | 'sqrt';
}

export interface HistogramOptions extends ChartFrameOptions {
  description?: string;
  xLabel?: string;
  yLabel?: string;
}

export type HistogramChart = Chart<HistogramData>;

const DEFAULT_BINS = 30;
const MARGIN: Margins = { top: 12, right: 16, bottom: 36, left: 48 };

/**
 * Counts of `values` in `bins` equal-width bins over [0, max]: bin b holds
 * b·w ≤ v < (b+1)·w with w = max / bins, and v = max falls in the last bin.
 * Negative, non-finite and larger-than-max values are not counted.
 */
export function binUniform(values: ArrayLike<number>, bins: number, max: number, reuse?: Float64Array): Float64Array {
  const out: Float64Array = reuse ?? new Float64Array(bins);
  out.fill(0);
  if (!(max > 0)) return out;
  const scale = bins / max;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= 0) || v > max) continue;
    out[Math.min(bins - 1, Math.floor(v * scale))] += 1;
  }
  return out;
}

interface Bar {
  series: number;
  bin: number;
}

export function createHistogram(container: HTMLElement, options: HistogramOptions = {}): HistogramChart {
  const frame = createFrame(container, options, 'pl-histogram', () => render(), 2);
  const svg = frame.svg;
  const legend = svg.append('g').attr('class', 'pl-legend');
  const plot = svg.append('g');
  const grid = plot.append('g').attr('class', 'pl-grid');
  const barsGroup = plot.append('g').attr('class', 'pl-bars');
  const { xAxis, yAxis } = appendAxes(plot);
  const tauGroup = plot.append('g').attr('class', 'pl-tau');
  const tauLine = tauGroup.append('line').style('stroke', COLORS.threshold).style('stroke-width', 1.5).style('stroke-dasharray', '6 3');
  const tauLabel = styleText(tauGroup.append('text').attr('dy', '0.9em').attr('dx', 4), COLORS.threshold).text('τ');
  const { xTitle, yTitle } = appendAxisTitles(plot);

  let data: HistogramData | null = null;
  let counts: Float64Array[] = [];

  const render = (): void => {
    if (!data) return;
    const { width, height } = layoutBelowLegend(frame, MARGIN, legend, seriesLegendItems(data.series, 'swatch'), plot);

    const bins = data.bins ?? DEFAULT_BINS;
    const tau = data.tau ?? null;
    let max = data.max ?? Math.max(...data.series.map((s) => maxFinite(s.values)), tau ?? 0);
    if (!(max > 0)) max = 1;
    counts = data.series.map((s, i) => binUniform(s.values, bins, max, counts[i]?.length === bins ? counts[i] : undefined));
    const countTop = data.countMax ?? Math.max(1, ...counts.map((c) => maxFinite(c)));

    const x = scaleLinear().domain([0, max]).range([0, width]);
    const y: ScaleContinuousNumeric<number, number> = (data.countScale === 'sqrt' ? scaleSqrt() : scaleLinear())
      .domain([0, countTop])
      .range([height, 0]);
    const binWidth = width / bins;
    const groups = data.series.length;
    const gap = binWidth > 6 ? 1 : 0;
    const barWidth = Math.max(0.5, (binWidth - gap) / Math.max(1, groups));

    const bars: Bar[] = [];
    for (let s = 0; s < groups; s++) for (let b = 0; b < bins; b++) bars.push({ series: s, bin: b });
    barsGroup
      .selectAll<SVGRectElement, Bar>('rect')
      .data(bars)
      .join('rect')
      .attr('data-series', (d) => data?.series[d.series].id ?? '')
      .attr('x', (d) => d.bin * binWidth + gap / 2 + d.series * barWidth)
      .attr('width', barWidth)
      .attr('y', (d) => y(counts[d.series][d.bin]))
      .attr('height', (d) => height - y(counts[d.series][d.bin]))
      .style('fill', (d) => seriesColor(data?.series[d.series].color, d.series))
      .style('fill-opacity', 0.85);

    const yTicks = y.ticks(4).filter((v) => Number.isInteger(v));
    drawGrid(grid, yTicks, y, width);
    drawAxis(yAxis, axisLeft<number>(y).tickValues(yTicks).tickSize(0).tickPadding(6).tickFormat((v) => String(v)), 'y');
    drawAxis(
      xAxis.attr('transform', `translate(0,${height})`),
      axisBottom<number>(x).ticks(5).tickSize(3).tickFormat(formatValue),
      'x',
    );
    xTitle.attr('x', width / 2).attr('y', height + 32).text(options.xLabel ?? 'column norm ‖U eᵢ‖');
    yTitle.attr('transform', `translate(${-36},${height / 2}) rotate(-90)`).text(options.yLabel ?? 'columns');

    const tauVisible = tau !== null && tau >= 0 && tau <= max;
    tauGroup.style('display', tauVisible ? 'inline' : 'none');
    if (tauVisible) {
      const tx = x(tau);
      tauLine.attr('x1', tx).attr('x2', tx).attr('y1', 0).attr('y2', height);
      tauLabel.attr('x', tx).attr('y', 0);
    }

    frame.setLabel(describe(data, counts, bins, max, options.description ?? 'Histogram of column norms'));
  };

  return chartHandle(frame, (next: HistogramData) => {
    data = next;
    render();
  });
}

function describe(data: HistogramData, counts: Float64Array[], bins: number, max: number, description: string): string {
  const width = max / bins;
  const parts = data.series.map((s, i) => {
    const c = counts[i];
    let fullest = 0;
    for (let b = 1; b < bins; b++) if (c[b] > c[fullest]) fullest = b;
    let aboveTau = '';
    if (data.tau !== null && data.tau !== undefined) {
      let n = 0;
      for (let j = 0; j < s.values.length; j++) if (s.values[j] >= data.tau) n++;
      aboveTau = `, ${n} at or above τ = ${formatValue(data.tau)}`;
    }
    const inRange = `${formatValue(fullest * width)} and ${formatValue((fullest + 1) * width)}`;
    return `${s.label}: ${plural(s.values.length, 'value')}, most (${c[fullest]}) between ${inRange}${aboveTau}`;
  });
  return `${description}, ${bins} bins from 0 to ${formatValue(max)}; ${parts.join('; ')}`;
}
