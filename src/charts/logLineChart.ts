// Multi-series line chart on a log y-axis (training curves, fine-tuning loss gap, gradient
// norm), with an optional fitted linear rate C·ρ^x drawn as a straight dashed line and a hover
// rule with an exact readout of every series at the nearest recorded step.
import {
  axisBottom,
  axisLeft,
  format,
  pointer,
  scaleLinear,
  scaleLog,
  type ScaleContinuousNumeric,
} from 'd3';
import { appendAxes, appendAxisTitles, createReadout, drawAxis, drawGrid, joinSeriesPaths, layoutBelowLegend, seriesLegendItems, styleText } from './draw';
import { chartHandle, createFrame, uniqueId, type Chart, type ChartFrameOptions } from './frame';
import { COLORS, decadeDomain, estimateTextWidth, formatLogTick, formatValue, logTickValues, seriesColor, type Margins } from './theme';

export interface LineSeries {
  id: string;
  label: string;
  /** Parallel arrays, x ascending… */
  x?: ArrayLike<number>;
  y?: ArrayLike<number>;
  /** …or points, x ascending. */
  points?: readonly { x: number; y: number }[];
  color?: string;
  dashed?: boolean;
}

/** A fitted linear rate y ≈ C·ρ^x over [from, to]. */
export interface RateFit {
  rho: number;
  C: number;
  from: number;
  to: number;
  /** Printed before "ρ = …", e.g. "fit". */
  label?: string;
}

export interface LogLineData {
  series: readonly LineSeries[];
  fit?: RateFit | null;
  /** Fixed x-domain (shared scales); otherwise the data's extent. */
  xDomain?: [number, number];
  /** Fixed y-domain (positive); otherwise whole decades around the data. */
  yDomain?: [number, number];
}

export interface LogLineOptions extends ChartFrameOptions {
  /** What the chart shows, first words of its accessible label (e.g. "Fine-tuning loss"). */
  description?: string;
  xLabel?: string;
  yLabel?: string;
  /** 'log' for sweeps over decades (e.g. λ); default 'linear' (steps). */
  xScale?: 'linear' | 'log';
  /** Name of the x variable in the hover readout; default "step". */
  xName?: string;
}

export type LogLineChart = Chart<LogLineData>;

interface Columns {
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
}

const MARGIN: Margins = { top: 12, right: 16, bottom: 36, left: 56 };
const formatStep = format('~s');

/** Parallel x/y arrays of a series, whichever form it was given in. */
function seriesColumns(series: LineSeries): Columns {
  if (series.x && series.y) return { xs: series.x, ys: series.y };
  const points = series.points ?? [];
  return { xs: points.map((p) => p.x), ys: points.map((p) => p.y) };
}

/**
 * Indices of the points to draw: points with a non-positive or non-finite y are skipped (log
 * scale), and within each pixel column only the smallest and largest y are kept (in their
 * original order), so a path has at most two vertices per pixel whatever the history length.
 */
export function downsampleIndices(xs: ArrayLike<number>, ys: ArrayLike<number>, toPixel: (x: number) => number): number[] {
  const kept: number[] = [];
  let bucket = Number.NaN;
  let minIndex = -1;
  let maxIndex = -1;
  const flush = () => {
    if (minIndex < 0) return;
    if (minIndex === maxIndex) kept.push(minIndex);
    else if (minIndex < maxIndex) kept.push(minIndex, maxIndex);
    else kept.push(maxIndex, minIndex);
  };
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    const px = toPixel(xs[i]);
    if (!(y > 0) || !Number.isFinite(y) || !Number.isFinite(px)) continue;
    const b = Math.floor(px);
    if (b !== bucket) {
      flush();
      bucket = b;
      minIndex = i;
      maxIndex = i;
    } else {
      if (y < ys[minIndex]) minIndex = i;
      if (y > ys[maxIndex]) maxIndex = i;
    }
  }
  flush();
  return kept;
}

/**
 * The scale as a plain affine map (of v or of ln v): the same numbers as calling the d3
 * scale, without its per-call overhead, for loops over tens of thousands of points.
 */
export function affineTransform(scale: ScaleContinuousNumeric<number, number>, log: boolean): (v: number) => number {
  const [d0, d1] = scale.domain() as [number, number];
  const [r0, r1] = scale.range() as [number, number];
  if (log) {
    const l0 = Math.log(d0);
    const slope = (r1 - r0) / (Math.log(d1) - l0);
    return (v) => r0 + (Math.log(v) - l0) * slope;
  }
  const slope = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * slope;
}

/** Index of the point whose x is nearest to `target` (xs ascending), or -1 when empty. */
export function nearestIndex(xs: ArrayLike<number>, target: number): number {
  const n = xs.length;
  if (n === 0) return -1;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= target) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[hi] - target) < Math.abs(xs[lo] - target) ? hi : lo;
}

/** ρ with enough decimals that 1 − ρ keeps two significant digits (at least four). */
export function formatRho(rho: number): string {
  const gap = Math.abs(1 - rho);
  const decimals = gap > 0 ? Math.min(10, Math.max(4, Math.ceil(-Math.log10(gap)) + 1)) : 4;
  return rho.toFixed(decimals);
}

export function createLogLineChart(container: HTMLElement, options: LogLineOptions = {}): LogLineChart {
  const frame = createFrame(container, options, 'pl-log-line', () => render(), 2);
  const svg = frame.svg;
  const clipId = uniqueId('pl-clip');
  svg.append('defs').append('clipPath').attr('id', clipId).append('rect');
  const legend = svg.append('g').attr('class', 'pl-legend');
  const plot = svg.append('g').attr('class', 'pl-plot');
  const grid = plot.append('g').attr('class', 'pl-grid');
  const { xAxis, yAxis } = appendAxes(plot);
  const lines = plot.append('g').attr('class', 'pl-lines').attr('clip-path', `url(#${clipId})`);
  const fitGroup = plot.append('g').attr('class', 'pl-fit');
  const fitLine = fitGroup
    .append('line')
    .attr('class', 'pl-fit-line')
    .attr('clip-path', `url(#${clipId})`)
    .style('stroke', COLORS.fit)
    .style('stroke-width', 1.5)
    .style('stroke-dasharray', '4 3');
  // The rate is printed in the top-right corner with a sample of the dashed line: the fit
  // lies on the data, so a label next to it would cover the curve it describes.
  const fitKey = fitGroup
    .append('line')
    .attr('class', 'pl-fit-key')
    .style('stroke', COLORS.fit)
    .style('stroke-width', 1.5)
    .style('stroke-dasharray', '4 3');
  const fitLabel = styleText(fitGroup.append('text').attr('class', 'pl-fit-label').attr('text-anchor', 'end').attr('dy', '0.32em'), COLORS.ink)
    .style('font-variant-numeric', 'tabular-nums')
    .style('paint-order', 'stroke')
    .style('stroke', COLORS.background)
    .style('stroke-width', 3);
  const { xTitle, yTitle } = appendAxisTitles(plot);
  const hover = plot.append('g').attr('class', 'pl-hover').style('display', 'none').style('pointer-events', 'none');
  const rule = hover.append('line').style('stroke', COLORS.muted).style('stroke-width', 1);
  const overlay = plot.append('rect').attr('class', 'pl-overlay').style('fill', 'transparent').style('cursor', 'crosshair');
  const readout = createReadout(frame.wrapper);

  let data: LogLineData | null = null;
  let columns: Columns[] = [];
  let x: ScaleContinuousNumeric<number, number> = scaleLinear();
  let y: ScaleContinuousNumeric<number, number> = scaleLog();
  let hoverX: number | null = null;

  const xName = options.xName ?? 'step';
  const formatX = (v: number) => (options.xScale === 'log' ? formatValue(v) : String(Math.round(v * 1e6) / 1e6));

  const render = (): void => {
    if (!data) return;
    const { width, height } = layoutBelowLegend(frame, MARGIN, legend, seriesLegendItems(data.series, 'line'), plot);
    svg.select(`#${clipId} rect`).attr('width', width).attr('height', height);
    overlay.attr('width', width).attr('height', height);

    columns = data.series.map(seriesColumns);
    const logX = options.xScale === 'log';
    let xMin = Infinity;
    let xMax = -Infinity;
    let yMin = Infinity;
    let yMax = -Infinity;
    for (const { xs, ys } of columns) {
      for (let i = 0; i < xs.length; i++) {
        const xv = xs[i];
        if (!Number.isFinite(xv) || (logX && !(xv > 0))) continue;
        if (xv < xMin) xMin = xv;
        if (xv > xMax) xMax = xv;
        const yv = ys[i];
        if (yv > 0 && Number.isFinite(yv)) {
          if (yv < yMin) yMin = yv;
          if (yv > yMax) yMax = yv;
        }
      }
    }
    if (!Number.isFinite(xMin)) {
      xMin = logX ? 1 : 0;
      xMax = logX ? 10 : 1;
    } else if (xMin === xMax) {
      xMin = logX ? xMin / 2 : xMin - 1;
      xMax = logX ? xMax * 2 : xMax + 1;
    }
    const xDomain = data.xDomain ?? [xMin, xMax];
    x = (logX ? scaleLog() : scaleLinear()).domain(xDomain).range([0, width]);
    const yDomain = data.yDomain ?? decadeDomain(yMin, yMax);
    y = scaleLog().domain(yDomain).range([height, 0]).clamp(true);

    const yTicks = logTickValues(yDomain, 5);
    drawGrid(grid, yTicks, y, width);
    drawAxis(yAxis, axisLeft<number>(y).tickValues(yTicks).tickSize(0).tickPadding(6).tickFormat(formatLogTick), 'y');
    const xAxisGenerator = axisBottom<number>(x).tickSize(3);
    if (logX) xAxisGenerator.tickValues(logTickValues(xDomain as [number, number], 6)).tickFormat(formatLogTick);
    else xAxisGenerator.ticks(Math.max(2, Math.min(6, Math.floor(width / 90)))).tickFormat((v) => formatStep(v));
    drawAxis(xAxis.attr('transform', `translate(0,${height})`), xAxisGenerator, 'x');
    xTitle.attr('x', width / 2).attr('y', height + 32).text(options.xLabel ?? 'step');
    yTitle.attr('transform', `translate(${-44},${height / 2}) rotate(-90)`).text(options.yLabel ?? '');

    const toPixel = affineTransform(x, logX);
    const toY = affineTransform(y, true);
    const clampY = (v: number) => Math.max(-height, Math.min(2 * height, toY(v)));
    joinSeriesPaths(lines, data.series)
      .style('stroke-linejoin', 'round')
      .attr('d', (_, i) => {
        const { xs, ys } = columns[i];
        const indices = downsampleIndices(xs, ys, toPixel);
        if (indices.length === 0) return null;
        let d = '';
        for (let j = 0; j < indices.length; j++) {
          const idx = indices[j];
          d += `${j === 0 ? 'M' : 'L'}${toPixel(xs[idx]).toFixed(1)},${clampY(ys[idx]).toFixed(1)}`;
        }
        return d;
      });

    const fit = data.fit;
    const fitVisible = !!fit && fit.C > 0 && fit.rho > 0 && fit.to > fit.from;
    fitGroup.style('display', fitVisible ? 'inline' : 'none');
    if (fit && fitVisible) {
      const y0 = fit.C * fit.rho ** fit.from;
      const y1 = fit.C * fit.rho ** fit.to;
      fitLine.attr('x1', x(fit.from)).attr('x2', x(fit.to)).attr('y1', y(y0)).attr('y2', y(y1));
      const text = `${fit.label ? `${fit.label}: ` : ''}ρ = ${formatRho(fit.rho)}`;
      fitLabel.attr('x', width).attr('y', 8).text(text);
      const keyRight = width - estimateTextWidth(text) - 6;
      fitKey.attr('x1', keyRight - 20).attr('x2', keyRight).attr('y1', 8).attr('y2', 8);
    }


    frame.setLabel(describe(data, columns, options.description ?? 'Line chart', xName));
    drawHover();
  };

  const drawHover = (): void => {
    if (!data || hoverX === null) {
      hover.style('display', 'none');
      return;
    }
    const height = y.range()[0];
    let ruleX: number | null = null;
    const parts: string[] = [];
    const dots: { cx: number; cy: number; color: string }[] = [];
    for (let i = 0; i < data.series.length; i++) {
      const series = data.series[i];
      const { xs, ys } = columns[i];
      const index = nearestIndex(xs, hoverX);
      if (index < 0) continue;
      if (ruleX === null) {
        ruleX = xs[index];
        parts.push(`${xName} ${formatX(xs[index])}`);
      }
      const v = ys[index];
      const positive = v > 0 && Number.isFinite(v);
      parts.push(`${series.label} ${positive ? formatValue(v) : '—'}`);
      if (positive) dots.push({ cx: x(xs[index]), cy: y(v), color: seriesColor(series.color, i) });
    }
    if (ruleX === null) {
      hover.style('display', 'none');
      return;
    }
    hover.style('display', 'inline');
    rule.attr('x1', x(ruleX)).attr('x2', x(ruleX)).attr('y1', 0).attr('y2', height);
    hover
      .selectAll<SVGCircleElement, (typeof dots)[number]>('circle')
      .data(dots)
      .join('circle')
      .attr('r', 3.5)
      .attr('cx', (d) => d.cx)
      .attr('cy', (d) => d.cy)
      .style('fill', (d) => d.color)
      .style('stroke', COLORS.background)
      .style('stroke-width', 1.5);
    const text = parts.join(' · ');
    if (readout.textContent !== text) readout.textContent = text;
  };

  overlay
    .on('pointermove', (event: PointerEvent) => {
      const [px] = pointer(event, plot.node());
      hoverX = x.invert(px);
      drawHover();
    })
    .on('pointerleave', () => {
      hoverX = null;
      drawHover();
      readout.textContent = '';
    });

  return chartHandle(frame, (next: LogLineData) => {
    data = next;
    render();
  });
}

function describe(data: LogLineData, columns: Columns[], description: string, xName: string): string {
  const parts = data.series.map((series, i) => {
    const { xs, ys } = columns[i];
    let first = -1;
    let last = -1;
    for (let j = 0; j < ys.length; j++) {
      if (ys[j] > 0 && Number.isFinite(ys[j])) {
        if (first < 0) first = j;
        last = j;
      }
    }
    if (first < 0) return `${series.label}: no positive values`;
    return `${series.label} from ${formatValue(ys[first])} at ${xName} ${formatValue(xs[first])} to ${formatValue(ys[last])} at ${xName} ${formatValue(xs[last])}`;
  });
  const fit = data.fit ? `; fitted rate ρ = ${formatRho(data.fit.rho)}` : '';
  return `${description} (log scale): ${parts.length ? parts.join('; ') : 'no data'}${fit}`;
}
