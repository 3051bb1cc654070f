// The fraction curve F(x) = #{i : ‖u_i‖ ≥ x·max_j ‖u_j‖} / k for x ∈ [0, 1] (the paper's
// Figure 1, left), drawn exactly as the step function it is.
import { axisBottom, axisLeft, format, scaleLinear } from 'd3';
import { appendAxes, appendAxisTitles, createReadout, drawAxis, drawGrid, joinSeriesPaths, layoutBelowLegend, seriesLegendItems } from './draw';
import { chartHandle, createFrame, type Chart, type ChartFrameOptions } from './frame';
import { COLORS, maxFinite, seriesColor, type Margins } from './theme';

export interface FractionSeries {
  id: string;
  label: string;
  norms: ArrayLike<number>;
  color?: string;
  dashed?: boolean;
}

export interface FractionCurveData {
  series: readonly FractionSeries[];
  /** Optional x at which F is marked and read out, e.g. 0.5. */
  marker?: number | null;
}

export interface FractionCurveOptions extends ChartFrameOptions {
  description?: string;
}

export type FractionCurveChart = Chart<FractionCurveData>;

const MARGIN: Margins = { top: 12, right: 16, bottom: 36, left: 48 };
const percent = format('.0%');

/** F(x) for one x: the fraction of norms ≥ x · max (0 when there are no norms or all are 0). */
export function fractionAtLeast(norms: ArrayLike<number>, x: number): number {
  const k = norms.length;
  const max = maxFinite(norms);
  if (k === 0 || !(max > 0)) return 0;
  const threshold = x * max;
  let count = 0;
  for (let i = 0; i < k; i++) if (norms[i] >= threshold) count++;
  return count / k;
}

/**
 * Norms divided by the largest one, ascending, written into `out` (reused when long enough).
 * F drops by 1/k just after each of these values. Returns null when the largest norm is not > 0.
 */
export function relativeNormsAscending(norms: ArrayLike<number>, out?: Float64Array): Float64Array | null {
  const k = norms.length;
  const max = maxFinite(norms);
  if (k === 0 || !(max > 0)) return null;
  const sorted = out && out.length === k ? out : new Float64Array(k);
  for (let i = 0; i < k; i++) sorted[i] = Math.max(0, norms[i] / max);
  return sorted.sort();
}

export function createFractionCurve(container: HTMLElement, options: FractionCurveOptions = {}): FractionCurveChart {
  const frame = createFrame(container, options, 'pl-fraction-curve', () => render(), 1.6);
  const svg = frame.svg;
  const legend = svg.append('g').attr('class', 'pl-legend');
  const plot = svg.append('g');
  const grid = plot.append('g').attr('class', 'pl-grid');
  const { xAxis, yAxis } = appendAxes(plot);
  const markerGroup = plot.append('g').attr('class', 'pl-marker');
  const markerLine = markerGroup.append('line').style('stroke', COLORS.muted).style('stroke-dasharray', '3 3');
  const lines = plot.append('g').attr('class', 'pl-lines');
  const { xTitle, yTitle } = appendAxisTitles(plot);
  const readout = createReadout(frame.wrapper);

  let data: FractionCurveData | null = null;
  let scratch: (Float64Array | undefined)[] = [];

  const render = (): void => {
    if (!data) return;
    const { width, height } = layoutBelowLegend(frame, MARGIN, legend, seriesLegendItems(data.series, 'line'), plot);
    const x = scaleLinear().domain([0, 1]).range([0, width]);
    const y = scaleLinear().domain([0, 1]).range([height, 0]);

    const relative = data.series.map((s, i) => relativeNormsAscending(s.norms, scratch[i]));
    scratch = relative.map((r, i) => r ?? scratch[i]);

    joinSeriesPaths(lines, data.series).attr('d', (_, i) => {
      const sorted = relative[i];
      if (!sorted) return null;
      const k = sorted.length;
      let d = `M${x(0)},${y(1)}`;
      for (let j = 0; j < k; j++) {
        const px = x(sorted[j]).toFixed(1);
        d += `L${px},${y((k - j) / k).toFixed(1)}L${px},${y((k - j - 1) / k).toFixed(1)}`;
      }
      return d;
    });

    drawGrid(grid, [0.25, 0.5, 0.75, 1], y, width);
    drawAxis(yAxis, axisLeft<number>(y).tickValues([0, 0.5, 1]).tickSize(0).tickPadding(6).tickFormat(percent), 'y');
    drawAxis(
      xAxis.attr('transform', `translate(0,${height})`),
      axisBottom<number>(x).tickValues([0, 0.25, 0.5, 0.75, 1]).tickSize(3).tickFormat(format('~g')),
      'x',
    );
    xTitle.attr('x', width / 2).attr('y', height + 32).text('x (fraction of the largest norm)');
    yTitle.attr('transform', `translate(${-36},${height / 2}) rotate(-90)`).text('F(x)');

    const marker = data.marker ?? null;
    const markerVisible = marker !== null && marker >= 0 && marker <= 1;
    markerGroup.style('display', markerVisible ? 'inline' : 'none');
    const series = data.series;
    const values = series.map((s) => (marker === null ? 0 : fractionAtLeast(s.norms, marker)));
    if (markerVisible) {
      markerLine.attr('x1', x(marker)).attr('x2', x(marker)).attr('y1', 0).attr('y2', height);
      markerGroup
        .selectAll<SVGCircleElement, number>('circle')
        .data(values)
        .join('circle')
        .attr('r', 3.5)
        .attr('cx', x(marker))
        .attr('cy', (v) => y(v))
        .style('fill', (_, i) => seriesColor(series[i].color, i))
        .style('stroke', COLORS.background)
        .style('stroke-width', 1.5);
    }
    const readoutText = markerVisible
      ? data.series.map((s, i) => `${s.label}: F(${marker}) = ${percent(values[i])}`).join(' · ')
      : '';
    if (readout.textContent !== readoutText) readout.textContent = readoutText;

    const half = data.series.map((s) => `${s.label}: ${percent(fractionAtLeast(s.norms, 0.5))} of ${s.norms.length} columns at or above half the largest norm`);
    frame.setLabel(`${options.description ?? 'Fraction of columns with norm at least x times the largest'}; ${half.join('; ') || 'no data'}`);
  };

  return chartHandle(frame, (next: FractionCurveData) => {
    data = next;
    render();
  });
}
