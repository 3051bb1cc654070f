// The column-norms bar chart as a Figure: the y-axis (which always includes τ), a bar per
// column coloured kept / below τ, and the τ line with a label placed where it covers no bar.
// The lab's renderer (columnNorms.ts) adds dragging and hover; the CLI writes it as a file.
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';
import { largestFinite } from '../core/metrics';
import { px, type AxisTick, type Figure, type Mark, type PlotBox, type Size } from './figure';
import { COLORS, estimateTextWidth, formatLogTick, formatValue, logTickValues, minPositive, plural, type Margins } from './theme';

export interface ColumnNormsData {
  norms: ArrayLike<number>;
  tau: number;
  /** Columns with norm ≥ τ (core's countAbove), for the description. */
  aboveTau: number;
  /** τ is the derived default √(2β): its label then says so, so it is not read as the paper's. */
  tauDerived?: boolean;
  /** Rank of the truth, mentioned in the accessible label when known. */
  r?: number;
  /** Original column ids of the current columns (after pruning); defaults to 0..k−1. */
  indices?: readonly number[];
  order: 'index' | 'descending';
  scale: 'linear' | 'log';
  /** Top of the y-axis, for shared scales across side-by-side charts (raised to fit τ). */
  yMax?: number;
  /**
   * Bottom of a log y-axis. Default: from the data and τ; with yMax given, 10⁻⁶·yMax (or τ/2
   * if lower), so two charts sharing yMax share the whole axis.
   */
  logFloor?: number;
}

export interface ColumnNormsFigure extends Figure {
  /** The y scale of the plot (the lab inverts it while τ is dragged). */
  y: Figure['y'] & { scale: ScaleContinuousNumeric<number, number> };
  /** Column shown at each bar position. */
  positions: number[];
  /** Each bar position's box in the plot (bars of one colour are drawn as one path). */
  bars: BarGeometry[];
  /** y of the τ line in the plot. */
  tauY: number;
}

/** A bar in plot coordinates: it spans x … x + width and reaches from y down to the axis. */
export interface BarGeometry {
  x: number;
  width: number;
  y: number;
  /** Greyed: its norm is below τ. */
  below: boolean;
}

/** The subpath of one bar (a closed rectangle down to the axis at `bottom`). */
function barSubpath(x: number, top: number, width: number, bottom: number): string {
  return `M${px(x)},${px(top)}H${px(x + width)}V${px(bottom)}H${px(x)}Z`;
}

/** The bar position whose band (the bar and its share of the gaps) holds plot x, or null outside the plot's bars. */
export function barAt(figure: Pick<ColumnNormsFigure, 'bars' | 'plot'>, x: number): number | null {
  const count = figure.bars.length;
  const position = Math.floor((x * count) / figure.plot.width);
  return count > 0 && position >= 0 && position < count ? position : null;
}

export const COLUMN_NORMS_MARGIN: Margins = { top: 14, right: 28, bottom: 34, left: 52 };
/** A log axis never reaches below this, whatever the data (norms of dead columns can be ~1e-12). */
const ABSOLUTE_LOG_FLOOR = 1e-12;
/** Dynamic range shown on the log axis below the largest norm when no floor is given. */
const LOG_RANGE_DECADES = 6;
/** Room kept free at the plot's right end for the drag handle. */
export const HANDLE_SIZE = 14;

/** Nice top of a linear axis holding `value`: 1, 1.2, 1.5 … keeps the axis still while norms creep up. */
function niceLinearTop(value: number): number {
  return scaleLinear().domain([0, value * 1.02]).nice(5).domain()[1] as number;
}

/** The power of ten at or above `value`. */
function decadeAbove(value: number): number {
  return 10 ** Math.ceil(Math.log10(value) + 1e-9);
}

/** The y-domain: [0, top] on a linear axis, [floor, top] on a log axis; τ always inside. */
export function columnNormsDomain(data: Pick<ColumnNormsData, 'norms' | 'tau' | 'scale' | 'yMax' | 'logFloor'>): [number, number] {
  const tau = data.tau > 0 && Number.isFinite(data.tau) ? data.tau : 0;
  const largest = Math.max(largestFinite(data.norms), tau);
  if (data.scale === 'linear') {
    const top = data.yMax === undefined ? (largest > 0 ? niceLinearTop(largest) : 1) : Math.max(data.yMax, tau > 0 ? niceLinearTop(tau) : 0);
    return [0, top];
  }
  const top = data.yMax === undefined ? (largest > 0 ? decadeAbove(largest) : 1) : Math.max(data.yMax, tau > 0 ? decadeAbove(tau) : 0);
  let floor = data.logFloor;
  if (floor === undefined && data.yMax !== undefined) {
    // Shared scales: a floor from the shared top alone, so side-by-side charts agree.
    floor = Math.min(top * 10 ** -LOG_RANGE_DECADES, tau > 0 ? tau / 2 : Infinity);
  }
  if (floor === undefined) {
    const smallest = Math.min(minPositive(data.norms), tau > 0 ? tau : Infinity);
    const rangeFloor = top * 10 ** -LOG_RANGE_DECADES;
    const dataFloor = Number.isFinite(smallest) ? 10 ** Math.floor(Math.log10(smallest) - 1e-9) : rangeFloor;
    floor = Math.max(ABSOLUTE_LOG_FLOOR, Math.min(Math.max(dataFloor, rangeFloor), tau > 0 ? tau / 2 : Infinity));
  }
  return [Math.max(floor, ABSOLUTE_LOG_FLOOR), Math.max(top, floor * 10)];
}

/** The τ label's text: the τ in use, and "= √(2β) [derived]" while it is the default. */
export function tauLabelText(tau: number, derived: boolean): string {
  return `τ = ${formatValue(tau)}${derived ? ' = √(2β) [derived]' : ''}`;
}

/**
 * Where the τ label goes: just above or below the line, at the right end or the left, the
 * first of these whose box covers no bar; if every one does (tall bars all along), in the
 * top margin, where no bar reaches.
 */
function placeTauLabel(text: string, tauY: number, plot: PlotBox, bars: readonly { x: number; width: number; y: number }[]): { x: number; y: number; anchor: 'start' | 'end' } {
  const width = estimateTextWidth(text);
  const lineHeight = 14;
  const right = plot.width - HANDLE_SIZE;
  const candidates: { x: number; y: number; anchor: 'start' | 'end'; left: number; top: number }[] = [];
  for (const above of [true, false]) {
    const baseline = above ? tauY - 4 : tauY + lineHeight;
    const top = baseline - lineHeight + 3;
    if (top < 0 || baseline > plot.height) continue;
    candidates.push({ x: right, y: baseline, anchor: 'end', left: right - width, top });
    candidates.push({ x: 4, y: baseline, anchor: 'start', left: 4, top });
  }
  for (const c of candidates) {
    const covers = bars.some((bar) => bar.x < c.left + width && bar.x + bar.width > c.left && bar.y < c.top + lineHeight);
    if (!covers) return c;
  }
  return { x: right, y: -4, anchor: 'end' };
}

/**
 * Up to about six evenly spaced bar positions to label, always including the first:
 * 0, 10, 20 … for 0-based column ids; ranks 1, 10, 20 … (positions 0, 9, 19 …) when sorted.
 */
function columnTicks(k: number, ranks: boolean): number[] {
  if (k === 0) return [];
  const step = niceStep(k / 6);
  const ticks: number[] = [0];
  for (let p = ranks ? step - 1 : step; p < k; p += step) if (p > 0) ticks.push(p);
  return ticks;
}

function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= raw) return m * magnitude;
  return 10 * magnitude;
}

/** The accessible description of the chart. */
function describe(data: ColumnNormsData): string {
  const rank = data.r === undefined ? '' : ` (r = ${data.r})`;
  return `Column norms of ${plural(data.norms.length, 'column')}; ${data.aboveTau} above τ = ${formatValue(data.tau)}${rank}`;
}

export function columnNormsFigure(data: ColumnNormsData, size: Size, yLabel = '‖U eᵢ‖'): ColumnNormsFigure {
  const m = COLUMN_NORMS_MARGIN;
  const plot: PlotBox = { left: m.left, top: m.top, width: Math.max(10, size.width - m.left - m.right), height: Math.max(10, size.height - m.top - m.bottom) };
  const { width, height } = plot;
  const norms = data.norms;
  const k = norms.length;
  const domain = columnNormsDomain(data);
  const y = data.scale === 'log' ? scaleLog().domain(domain).range([height, 0]) : scaleLinear().domain(domain).range([height, 0]);

  const positions = Array.from({ length: k }, (_, i) => i);
  if (data.order === 'descending') positions.sort((a, b) => norms[b] - norms[a] || a - b);
  const band = k > 0 ? width / k : width;
  const padding = k > 120 ? 0 : 0.15 * band;
  const barWidth = Math.max(0.5, band - padding);
  const bars: BarGeometry[] = [];
  // One path per colour, a subpath per bar: hundreds of columns redrawn at the frame rate
  // cost the page two elements to update instead of one per column.
  let keptPath = '';
  let belowPath = '';
  positions.forEach((column, p) => {
    const v = norms[column];
    const top = v > domain[0] ? Math.max(0, y(v)) : height;
    const below = !(v >= data.tau);
    const x = p * band + padding / 2;
    bars.push({ x, width: barWidth, y: top, below });
    const bar = barSubpath(x, top, barWidth, height);
    if (below) belowPath += bar;
    else keptPath += bar;
  });
  const barMarks: Mark[] = [
    { kind: 'path', d: keptPath, className: 'pl-above-tau', style: { fill: COLORS.kept } },
    { kind: 'path', d: belowPath, className: 'pl-below-tau', style: { fill: COLORS.dropped } },
  ];

  const tauY = y(data.tau);
  const text = tauLabelText(data.tau, data.tauDerived === true);
  const label = placeTauLabel(text, tauY, plot, bars);
  const tauMarks: Mark[] = [
    { kind: 'line', x1: 0, x2: width, y1: tauY, y2: tauY, className: 'pl-tau-line', style: { stroke: COLORS.threshold, strokeWidth: 2, dash: '6 3' } },
    { kind: 'text', x: label.x, y: label.y, anchor: label.anchor, text, className: 'pl-tau-label', style: { fill: COLORS.threshold, fontWeight: '600' } },
  ];

  const yTickValues = data.scale === 'log' ? logTickValues(domain, 5) : y.ticks(4);
  const yTicks: AxisTick[] = yTickValues.map((v) => ({ at: y(v), label: data.scale === 'log' ? formatLogTick(v) : formatValue(v) }));
  const xTicks: AxisTick[] = columnTicks(k, data.order === 'descending').map((p) => ({
    at: p * band + padding / 2 + barWidth / 2,
    label: data.order === 'descending' ? String(p + 1) : String(data.indices ? data.indices[p] : p),
  }));
  return {
    width: size.width,
    height: size.height,
    plot,
    legend: [],
    x: { ticks: xTicks, title: data.order === 'descending' ? 'columns, largest norm first' : 'column' },
    y: { ticks: yTicks, title: yLabel, scale: y },
    grid: yTicks.map((t) => t.at),
    yTitleOffset: 40,
    layers: [
      { className: 'pl-bars', marks: barMarks },
      { className: 'pl-tau', marks: tauMarks },
    ],
    label: describe(data),
    positions,
    bars,
    tauY,
  };
}
