// Multi-series line chart on a log y-axis (training curves, fine-tuning loss gap, gradient
// norm) as a Figure, with fitted linear rates C·ρ^x drawn as straight dashed lines and
// optional event marks (vertical rules with a label) that callers add. Drawn by the lab
// (logLineChart.ts, which adds the hover readout) and the CLI alike.
import { format, scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';
import { layoutPlot, seriesLegend, type AxisTick, type Figure, type Mark, type Size } from './figure';
import { COLORS, decadeDomain, estimateTextWidth, formatLogTick, formatRho, formatValue, logTickValues, seriesColor, type Margins } from './theme';

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
  /** A dot at every point drawn (for short series). */
  markers?: boolean;
}

/** A fitted linear rate y ≈ C·ρ^x over [from, to]. */
export interface RateFit {
  rho: number;
  C: number;
  from: number;
  to: number;
  /** Printed before "ρ = …", e.g. "fit". */
  label?: string;
  color?: string;
}

/** A moment to mark on the x-axis (e.g. an event of the run): a vertical rule and its label. */
export interface EventMark {
  x: number;
  label: string;
  color?: string;
}

export interface LogLineData {
  series: readonly LineSeries[];
  fits?: readonly RateFit[];
  events?: readonly EventMark[];
  /** Fixed x-domain (shared scales); otherwise the data's extent. */
  xDomain?: [number, number];
  /** Fixed y-domain (positive); otherwise whole decades around the data. */
  yDomain?: [number, number];
}

export interface LogLineLabels {
  /** What the chart shows, first words of its accessible label (e.g. "Fine-tuning loss"). */
  description?: string;
  xLabel?: string;
  yLabel?: string;
  /** 'log' for sweeps over decades (e.g. λ); default 'linear' (steps). */
  xScale?: 'linear' | 'log';
  /** Name of the x variable in the description and readout; default "step". */
  xName?: string;
}

export interface Columns {
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
}

export interface LogLineFigure extends Figure {
  xScale: ScaleContinuousNumeric<number, number>;
  yScale: ScaleContinuousNumeric<number, number>;
  columns: Columns[];
}

const MARGIN: Margins = { top: 12, right: 16, bottom: 36, left: 56 };
const formatStep = format('~s');
/** Rows of the fit labels in the top-right corner. */
const FIT_ROW_HEIGHT = 16;

/** Parallel x/y arrays of a series, whichever form it was given in. */
export function seriesColumns(series: LineSeries): Columns {
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

/** The extent of the drawable points: x finite (positive on a log x-axis), y positive and finite. */
function extent(columns: readonly Columns[], logX: boolean): { x: [number, number] | null; y: [number, number] | null } {
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
  return { x: Number.isFinite(xMin) ? [xMin, xMax] : null, y: Number.isFinite(yMin) ? [yMin, yMax] : null };
}

function pathOf({ xs, ys }: Columns, toX: (v: number) => number, toY: (v: number) => number): { d: string; points: number[] } | null {
  const indices = downsampleIndices(xs, ys, toX);
  if (indices.length === 0) return null;
  let d = '';
  for (let j = 0; j < indices.length; j++) d += `${j === 0 ? 'M' : 'L'}${toX(xs[indices[j]]).toFixed(1)},${toY(ys[indices[j]]).toFixed(1)}`;
  return { d, points: indices };
}

export function logLineFigure(data: LogLineData, size: Size, labels: LogLineLabels = {}): LogLineFigure {
  const series = data.series.map((s, i) => ({ ...s, color: seriesColor(s.color, i) }));
  const { plot, legend } = layoutPlot(size, MARGIN, seriesLegend(series, 'line'));
  const { width, height } = plot;
  const logX = labels.xScale === 'log';
  const columns = series.map(seriesColumns);
  const found = extent(columns, logX);
  let xDomain = data.xDomain ?? found.x ?? (logX ? [1, 10] : [0, 1]);
  if (xDomain[0] === xDomain[1]) xDomain = logX ? [xDomain[0] / 2, xDomain[1] * 2] : [xDomain[0] - 1, xDomain[1] + 1];
  const x = (logX ? scaleLog() : scaleLinear()).domain(xDomain).range([0, width]);
  const yDomain = data.yDomain ?? decadeDomain(found.y?.[0] ?? NaN, found.y?.[1] ?? NaN);
  const y = scaleLog().domain(yDomain).range([height, 0]).clamp(true);
  // An empty chart has no scale worth reading: no ticks (not a "500m" step on an empty axis).
  const empty = found.x === null && data.xDomain === undefined;

  const toX = affineTransform(x, logX);
  const toLogY = affineTransform(y, true);
  const toY = (v: number) => Math.max(-height, Math.min(2 * height, toLogY(v)));
  const lines: Mark[] = [];
  const dots: Mark[] = [];
  series.forEach((s, i) => {
    const path = pathOf(columns[i], toX, toY);
    if (!path) return;
    lines.push({ kind: 'path', d: path.d, series: s.id, style: { stroke: s.color, strokeWidth: 1.75, dash: s.dashed ? '6 3' : undefined } });
    if (s.markers) {
      for (const index of path.points) dots.push({ kind: 'circle', cx: toX(columns[i].xs[index]), cy: toY(columns[i].ys[index]), r: 2.5, series: s.id, style: { fill: s.color } });
    }
  });

  const fits = (data.fits ?? []).filter((fit) => fit.C > 0 && fit.rho > 0 && fit.to > fit.from);
  const fitLines: Mark[] = [];
  const fitKeys: Mark[] = [];
  fits.forEach((fit, i) => {
    const color = fit.color ?? COLORS.fit;
    const stroke = { stroke: color, strokeWidth: 1.5, dash: '4 3' };
    fitLines.push({ kind: 'line', x1: x(fit.from), x2: x(fit.to), y1: y(fit.C * fit.rho ** fit.from), y2: y(fit.C * fit.rho ** fit.to), className: 'pl-fit-line', style: stroke });
    // The rate is printed in the top-right corner with a sample of the dashed line: the fit
    // lies on the data, so a label next to it would cover the curve it describes.
    const text = `${fit.label ? `${fit.label}: ` : ''}ρ = ${formatRho(fit.rho)}`;
    const row = 8 + i * FIT_ROW_HEIGHT;
    const keyRight = width - estimateTextWidth(text) - 6;
    fitKeys.push({ kind: 'line', x1: keyRight - 20, x2: keyRight, y1: row, y2: row, className: 'pl-fit-key', style: stroke });
    fitKeys.push({ kind: 'text', x: width, y: row, dy: '0.32em', anchor: 'end', text, className: 'pl-fit-label', style: { fill: COLORS.ink } });
  });

  const events: Mark[] = (data.events ?? []).flatMap((event): Mark[] => {
    const ex = x(event.x);
    if (!(ex >= 0 && ex <= width)) return [];
    const color = event.color ?? COLORS.muted;
    return [
      { kind: 'line', x1: ex, x2: ex, y1: 0, y2: height, className: 'pl-event-line', style: { stroke: color, dash: '2 3' } },
      { kind: 'text', x: ex + 3, y: height - 4, anchor: 'start', text: event.label, className: 'pl-event-label', style: { fill: color } },
    ];
  });

  const yTicks: AxisTick[] = empty ? [] : logTickValues(yDomain, 5).map((v) => ({ at: y(v), label: formatLogTick(v) }));
  let xTicks: AxisTick[] = [];
  if (!empty && logX) xTicks = logTickValues(xDomain, 6).map((v) => ({ at: x(v), label: formatLogTick(v) }));
  else if (!empty) {
    // Steps are whole numbers: no tick between them (0.5 would read "500m").
    xTicks = x
      .ticks(Math.max(2, Math.min(6, Math.floor(width / 90))))
      .filter((v) => Number.isInteger(v))
      .map((v) => ({ at: x(v), label: formatStep(v) }));
  }
  return {
    width: size.width,
    height: size.height,
    plot,
    legend,
    x: { ticks: xTicks, title: labels.xLabel ?? 'step' },
    y: { ticks: yTicks, title: labels.yLabel ?? '' },
    grid: yTicks.map((t) => t.at),
    yTitleOffset: 44,
    layers: [
      { className: 'pl-lines', marks: [...lines, ...dots], clip: true },
      { className: 'pl-events', marks: events },
      { className: 'pl-fit', marks: [...fitLines, ...fitKeys] },
    ],
    label: describe(series, columns, fits, labels.description ?? 'Line chart', labels.xName ?? 'step'),
    xScale: x,
    yScale: y,
    columns,
  };
}

function describe(series: readonly LineSeries[], columns: readonly Columns[], fits: readonly RateFit[], description: string, xName: string): string {
  const parts = series.map((s, i) => {
    const { xs, ys } = columns[i];
    let first = -1;
    let last = -1;
    for (let j = 0; j < ys.length; j++) {
      if (ys[j] > 0 && Number.isFinite(ys[j])) {
        if (first < 0) first = j;
        last = j;
      }
    }
    if (first < 0) return `${s.label}: no positive values`;
    return `${s.label} from ${formatValue(ys[first])} at ${xName} ${formatValue(xs[first])} to ${formatValue(ys[last])} at ${xName} ${formatValue(xs[last])}`;
  });
  const rates = fits.map((fit) => `; fitted rate ρ = ${formatRho(fit.rho)}`).join('');
  return `${description} (log scale): ${parts.length ? parts.join('; ') : 'no data'}${rates}`;
}
