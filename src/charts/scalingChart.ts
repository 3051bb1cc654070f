// Test error against the number of measurements n on log-log axes (the generalization
// experiment): one line with markers per measured series (geometric mean over seeds), each
// seed's value as a faint dot behind it, and the σ√(rd/n) reference dashed. Draws what it is
// given; the series and notes are computed in core (scaling.ts).
import { axisBottom, axisLeft, scaleLog, select } from 'd3';
import { appendAxes, appendAxisTitles, drawAxis, drawGrid, layoutBelowLegend, type LegendItem } from './draw';
import { chartHandle, createFrame, type Chart, type ChartFrameOptions } from './frame';
import { COLORS, SERIES_COLORS, decadeDomain, formatLogTick, formatValue, logTickValues, type Margins } from './theme';

export interface ScalingChartSeries {
  id: string;
  label: string;
  /** The line: n ascending and the value at each. */
  x: readonly number[];
  y: readonly number[];
  /** The individual values behind the line (one per seed and n), drawn as dots. */
  points: readonly { x: number; y: number }[];
  dashed: boolean;
}

export interface ScalingChartData {
  series: readonly ScalingChartSeries[];
}

export type ScalingChart = Chart<ScalingChartData>;

const MARGIN: Margins = { top: 12, right: 16, bottom: 40, left: 60 };
const MARKER_RADIUS = 4;
const DOT_RADIUS = 2.5;

/** Extent of every positive value of the series (lines and dots), or null when there is none. */
function extent(series: readonly ScalingChartSeries[], pick: (p: { x: number; y: number }) => number): [number, number] | null {
  const values = series.flatMap((s) => [...s.x.map((x, i) => pick({ x, y: s.y[i] })), ...s.points.map(pick)]).filter((v) => v > 0 && Number.isFinite(v));
  return values.length ? [Math.min(...values), Math.max(...values)] : null;
}

/** A colour per series: the measured ones from the palette, the dashed reference in ink. */
function colorOf(series: ScalingChartSeries, index: number): string {
  return series.dashed ? COLORS.ink : SERIES_COLORS[index % SERIES_COLORS.length];
}

function chartLabel(series: readonly ScalingChartSeries[]): string {
  const parts = series.map((s) => `${s.label}: ${s.x.map((x, i) => `n = ${x}: ${formatValue(s.y[i])}`).join(', ')}`);
  return `Test error against n, log-log axes. ${parts.join('. ') || 'No results yet.'}`;
}

export function createScalingChart(container: HTMLElement, options: ChartFrameOptions = {}): ScalingChart {
  const frame = createFrame(container, options, 'pl-scaling-chart', () => render(), 1.6);
  const legend = frame.svg.append('g').attr('class', 'pl-legend');
  const plot = frame.svg.append('g');
  const grid = plot.append('g').attr('class', 'pl-grid');
  const dots = plot.append('g').attr('class', 'pl-scaling-dots');
  const lines = plot.append('g').attr('class', 'pl-scaling-lines');
  const { xAxis, yAxis } = appendAxes(plot);
  const { xTitle, yTitle } = appendAxisTitles(plot);
  xTitle.text('n, measurements (log scale)');
  yTitle.text('‖VVᵀ − M*‖_F (log scale)');
  let data: ScalingChartData = { series: [] };

  const render = (): void => {
    const series = data.series;
    const items: LegendItem[] = series.map((s, i) => ({ label: s.label, color: colorOf(s, i), dashed: s.dashed, mark: 'line' }));
    const { width, height } = layoutBelowLegend(frame, MARGIN, legend, items, plot);
    const xs = extent(series, (p) => p.x) ?? [100, 1000];
    const ys = extent(series, (p) => p.y) ?? [1e-3, 1];
    // Half a grid step of room either side of the n range, whole decades on y.
    const x = scaleLog().domain([xs[0] / 1.25, xs[1] * 1.25]).range([0, width]);
    const y = scaleLog().domain(decadeDomain(ys[0], ys[1])).range([height, 0]);
    drawGrid(grid, logTickValues(y.domain() as [number, number], 6), y, width);

    dots
      .selectAll<SVGGElement, ScalingChartSeries>('g')
      .data(series, (s) => s.id)
      .join('g')
      .attr('data-series', (s) => s.id)
      .style('fill', (s) => colorOf(s, series.indexOf(s)))
      .style('opacity', 0.35)
      .each(function (s) {
        drawCircles(this as SVGGElement, s.points, x, y, DOT_RADIUS, 'pl-scaling-dot');
      });
    lines
      .selectAll<SVGGElement, ScalingChartSeries>('g')
      .data(series, (s) => s.id)
      .join((enter) => {
        const g = enter.append('g');
        g.append('path').style('fill', 'none').style('stroke-width', 2);
        return g;
      })
      .attr('data-series', (s) => s.id)
      .each(function (s) {
        const color = colorOf(s, series.indexOf(s));
        const g = this as SVGGElement;
        const path = `M${s.x.map((v, i) => `${x(v).toFixed(1)},${y(s.y[i]).toFixed(1)}`).join('L')}`;
        const group = select(g);
        group.select('path').attr('d', s.x.length ? path : null).style('stroke', color).style('stroke-dasharray', s.dashed ? '6 3' : 'none');
        group.style('fill', color);
        drawCircles(g, s.dashed ? [] : s.x.map((v, i) => ({ x: v, y: s.y[i] })), x, y, MARKER_RADIUS, 'pl-scaling-marker');
      });

    drawAxis(xAxis.attr('transform', `translate(0,${height})`), axisBottom<number>(x).tickValues(logTickValues(x.domain() as [number, number], 6)).tickFormat(formatLogTick).tickSize(3), 'x');
    drawAxis(yAxis, axisLeft<number>(y).tickValues(logTickValues(y.domain() as [number, number], 6)).tickFormat(formatLogTick).tickSize(3), 'y');
    xTitle.attr('x', width / 2).attr('y', height + 34);
    yTitle.attr('transform', `translate(${-46},${height / 2}) rotate(-90)`);
    frame.setLabel(chartLabel(series));
  };

  return chartHandle(frame, (next: ScalingChartData) => {
    data = next;
    render();
  });
}

/** Circles of `points` inside `element`, each with a title for the hover readout. */
function drawCircles(
  element: SVGGElement,
  points: readonly { x: number; y: number }[],
  x: (v: number) => number,
  y: (v: number) => number,
  radius: number,
  className: string,
): void {
  const usable = points.filter((p) => p.x > 0 && p.y > 0);
  select(element)
    .selectAll<SVGCircleElement, { x: number; y: number }>(`circle.${className}`)
    .data(usable)
    .join((enter) => {
      const circle = enter.append('circle').attr('class', className);
      circle.append('title');
      return circle;
    })
    .attr('cx', (p) => x(p.x))
    .attr('cy', (p) => y(p.y))
    .attr('r', radius)
    .select('title')
    .text((p) => `n = ${p.x}: ${formatValue(p.y)}`);
}
