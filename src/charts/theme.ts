// Shared look and plumbing of the chart renderers: colours (CSS custom properties with
// colour-blind-safe fallbacks), number formats, axes with few ticks, and the chart frame
// (wrapper, accessible root <svg>, responsive size).
import { format, select, type Axis, type ScaleContinuousNumeric, type Selection } from 'd3';

/** A CSS colour that the page may override through a custom property. */
function themed(property: string, fallback: string): string {
  return `var(${property}, ${fallback})`;
}

/**
 * Colours of the charts. Fallbacks come from Paul Tol's colour-blind-safe "bright" scheme,
 * so a chart reads correctly even on a page that defines none of the properties.
 */
export const COLORS = {
  ink: themed('--pl-ink', '#222222'),
  muted: themed('--pl-muted', '#666666'),
  grid: themed('--pl-grid', '#e5e5e5'),
  background: themed('--pl-bg', '#ffffff'),
  kept: themed('--pl-kept', '#4477aa'),
  dropped: themed('--pl-dropped', '#c4c4c4'),
  threshold: themed('--pl-threshold', '#cc3311'),
  reg: themed('--pl-reg', '#4477aa'),
  unreg: themed('--pl-unreg', '#ee7733'),
  fit: themed('--pl-fit', '#222222'),
} as const;

/** Default colours of successive series when the caller gives none. */
export const SERIES_COLORS: readonly string[] = [
  COLORS.reg,
  COLORS.unreg,
  themed('--pl-series-3', '#228833'),
  themed('--pl-series-4', '#aa3377'),
  themed('--pl-series-5', '#66ccee'),
  themed('--pl-series-6', '#ccbb44'),
];

/** The colour of the series at `index`: its own if given, else the palette's, in order. */
export function seriesColor(own: string | undefined, index: number): string {
  return own ?? SERIES_COLORS[index % SERIES_COLORS.length];
}

export const FONT_FAMILY = themed('--pl-font', 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif');
export const FONT_SIZE = 12;

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

const significant3 = format('.3~g');
// Decimal notation rounded to 3 significant digits ('g' would switch to 1.23e+4).
const decimal3 = format('.3~r');
const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
};

/** 3 significant digits, trailing zeros removed; tiny and huge values as 1.2×10⁻⁵. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent >= -3 && exponent <= 4) return decimal3(value).replace('-', '−');
  const mantissa = value / 10 ** exponent;
  const power = powerOfTen(exponent);
  const rounded = significant3(mantissa);
  return rounded === '1' ? power : `${rounded.replace('-', '−')}×${power}`;
}

/** "10⁻³" */
function powerOfTen(exponent: number): string {
  return `10${String(exponent).split('').map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

/** Tick label of a log axis: plain decimals near 1, powers of ten elsewhere. */
export function formatLogTick(value: number): string {
  const exponent = Math.round(Math.log10(value));
  if (Math.abs(value - 10 ** exponent) <= 1e-9 * value && (exponent < -3 || exponent > 4)) {
    return powerOfTen(exponent);
  }
  return formatValue(value);
}

/**
 * Tick values of a log axis: at most `maxTicks` powers of ten (every second or third one
 * when the domain spans many decades); inside a single decade, a few plain ticks.
 */
export function logTickValues(domain: readonly [number, number], maxTicks = 5): number[] {
  const lo = Math.min(domain[0], domain[1]);
  const hi = Math.max(domain[0], domain[1]);
  if (!(lo > 0) || !Number.isFinite(hi)) return [];
  const first = Math.ceil(Math.log10(lo) - 1e-9);
  const last = Math.floor(Math.log10(hi) + 1e-9);
  const decades = last - first + 1;
  if (decades >= 2) {
    const stride = Math.ceil(decades / maxTicks);
    const ticks: number[] = [];
    for (let e = last; e >= first; e -= stride) ticks.push(10 ** e);
    return ticks.reverse();
  }
  // Fewer than two powers of ten inside: use 1-2-5 steps across the range.
  const candidates: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) candidates.push(v);
    }
  }
  if (candidates.length <= maxTicks) return candidates;
  const stride = Math.ceil(candidates.length / maxTicks);
  return candidates.filter((_, i) => i % stride === 0);
}

/** The smallest strictly positive finite value, or Infinity. */
export function minPositive(values: ArrayLike<number>): number {
  let min = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > 0 && v < min) min = v;
  }
  return min;
}

/** The largest finite value, or -Infinity. */
export function maxFinite(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > max && Number.isFinite(v)) max = v;
  }
  return max;
}

/** Log domain padded outwards to whole decades, so the axis stays still while data moves. */
export function decadeDomain(lo: number, hi: number): [number, number] {
  if (!(lo > 0) || !(hi > 0)) return [1e-3, 1];
  const bottom = 10 ** Math.floor(Math.log10(lo) + 1e-9);
  let top = 10 ** Math.ceil(Math.log10(hi) - 1e-9);
  if (top <= bottom) top = bottom * 10;
  return [bottom, top];
}

type AnyGroup = Selection<SVGGElement, unknown, null, undefined>;

/** Draws an axis in the charts' quiet style: small muted ticks, no domain line on y. */
export function drawAxis(group: AnyGroup, axis: Axis<number>, orientation: 'x' | 'y'): void {
  group.call(axis.tickSizeOuter(0));
  group.attr('font-size', null).attr('font-family', null);
  group.style('font-size', `${FONT_SIZE}px`).style('font-family', FONT_FAMILY);
  group.select('.domain').style('stroke', COLORS.muted).style('display', orientation === 'y' ? 'none' : 'inline');
  group.selectAll<SVGLineElement, unknown>('.tick line').style('stroke', COLORS.muted);
  group.selectAll<SVGTextElement, unknown>('.tick text').style('fill', COLORS.muted);
}

/** Light horizontal grid lines at the given y values. */
export function drawGrid(
  group: AnyGroup,
  values: readonly number[],
  y: ScaleContinuousNumeric<number, number>,
  width: number,
): void {
  group
    .selectAll<SVGLineElement, number>('line')
    .data(values)
    .join('line')
    .attr('x1', 0)
    .attr('x2', width)
    .attr('y1', (v) => y(v))
    .attr('y2', (v) => y(v))
    .style('stroke', COLORS.grid)
    .style('stroke-width', 1);
}

/** A text element in the chart's font. */
export function styleText<T extends SVGTextElement>(
  text: Selection<T, unknown, null, undefined>,
  color: string = COLORS.muted,
): Selection<T, unknown, null, undefined> {
  return text.style('font-family', FONT_FAMILY).style('font-size', `${FONT_SIZE}px`).style('fill', color);
}

/** Options shared by every renderer. */
export interface ChartFrameOptions {
  /** Fixed width in CSS pixels; otherwise the container's width, followed as it changes. */
  width?: number;
  /** Fixed height in CSS pixels; otherwise width / aspectRatio. */
  height?: number;
  /** Width / height when no height is given. */
  aspectRatio?: number;
  /** Lower bound on the height that aspectRatio gives (default MIN_CHART_HEIGHT), so a chart stays readable on a narrow phone. */
  minHeight?: number;
  /** If set, the chart's wrapper becomes a labelled region (role="region"). */
  regionLabel?: string;
}

/** Smallest height a chart sized by its aspect ratio gets: below it a phone's axes crowd. */
const MIN_CHART_HEIGHT = 200;

/** Width used when neither an explicit width nor a laid-out container is available (jsdom). */
const FALLBACK_WIDTH = 640;

export interface ChartFrame {
  wrapper: HTMLDivElement;
  svg: Selection<SVGSVGElement, unknown, null, undefined>;
  /** Current outer size. */
  size(): { width: number; height: number };
  /** Sets the svg size; returns true when it changed. */
  layout(): boolean;
  /** Screen-reader label of the root element. */
  setLabel(label: string): void;
  destroy(): void;
}

let uniqueCounter = 0;
/** Ids that are unique in the page (clip paths, gradients). */
export function uniqueId(prefix: string): string {
  uniqueCounter += 1;
  return `${prefix}-${uniqueCounter}`;
}

/**
 * Creates the wrapper <div> (position: relative, so overlays can be placed over the plot)
 * and, unless `withSvg` is false, the root <svg role="img">. `onResize` is called when the
 * container's width changes (ResizeObserver when the environment has one).
 */
export function createFrame(
  container: HTMLElement,
  options: ChartFrameOptions,
  className: string,
  onResize: () => void,
  defaultAspect = 2,
): ChartFrame {
  const wrapper = document.createElement('div');
  wrapper.className = `pl-chart ${className}`;
  wrapper.style.position = 'relative';
  wrapper.style.width = options.width === undefined ? '100%' : `${options.width}px`;
  if (options.regionLabel) {
    wrapper.setAttribute('role', 'region');
    wrapper.setAttribute('aria-label', options.regionLabel);
  }
  container.appendChild(wrapper);
  const svg = select(wrapper)
    .append('svg')
    .attr('role', 'img')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .style('display', 'block')
    .style('overflow', 'visible')
    .style('font-family', FONT_FAMILY)
    .style('font-size', `${FONT_SIZE}px`);

  let width = 0;
  let height = 0;
  const measure = (): { width: number; height: number } => {
    // The wrapper fills the container's content box (its padding excluded).
    const w = options.width ?? (wrapper.clientWidth || container.clientWidth || FALLBACK_WIDTH);
    const h = options.height ?? Math.max(options.minHeight ?? MIN_CHART_HEIGHT, Math.round(w / (options.aspectRatio ?? defaultAspect)));
    return { width: w, height: h };
  };
  const layout = (): boolean => {
    const next = measure();
    if (next.width === width && next.height === height) return false;
    width = next.width;
    height = next.height;
    svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    return true;
  };
  layout();

  let observer: ResizeObserver | null = null;
  if (options.width === undefined && typeof ResizeObserver !== 'undefined') {
    observer = new ResizeObserver(() => {
      if (layout()) onResize();
    });
    observer.observe(container);
  }

  return {
    wrapper,
    svg,
    size: () => ({ width, height }),
    layout,
    setLabel: (label) => {
      svg.attr('aria-label', label);
    },
    destroy: () => {
      observer?.disconnect();
      wrapper.remove();
    },
  };
}

/** What every renderer returns. */
export interface Chart<T> {
  /** Redraws the chart for new data. */
  update(data: T): void;
  /** Stops following the container's size and removes the chart. */
  destroy(): void;
}

/** The Chart of a renderer: `update` is its own (store the data, redraw); destroy tears down the frame. */
export function chartHandle<T>(frame: ChartFrame, update: (data: T) => void): Chart<T> {
  return { update, destroy: () => frame.destroy() };
}

/** The plot area never shrinks below this many pixels a side, so scales keep a non-empty range. */
const MIN_PLOT_SIZE = 10;

/** Width and height of the plot inside an outer size and its margins (at least MIN_PLOT_SIZE). */
export function innerSize(outer: { width: number; height: number }, margins: Margins): { width: number; height: number } {
  return {
    width: Math.max(MIN_PLOT_SIZE, outer.width - margins.left - margins.right),
    height: Math.max(MIN_PLOT_SIZE, outer.height - margins.top - margins.bottom),
  };
}

/** The first legend row is centred this far below the top margin, so its marks (±5 px) stay inside. */
const LEGEND_OFFSET = 6;

/**
 * Draws the legend above the plot (wrapped to the plot's width), moves the plot below it and
 * returns the plot's size and its top edge in the svg.
 */
export function layoutBelowLegend(
  frame: ChartFrame,
  margins: Margins,
  legend: AnyGroup,
  items: readonly LegendItem[],
  plot: AnyGroup,
): { width: number; height: number; top: number } {
  const outer = frame.size();
  const width = Math.max(MIN_PLOT_SIZE, outer.width - margins.left - margins.right);
  const top = margins.top + drawLegend(legend, items, width) * LEGEND_ROW_HEIGHT;
  const height = Math.max(MIN_PLOT_SIZE, outer.height - top - margins.bottom);
  plot.attr('transform', `translate(${margins.left},${top})`);
  legend.attr('transform', `translate(${margins.left},${margins.top + LEGEND_OFFSET})`);
  return { width, height, top };
}

/** The x and y axis groups of a plot, appended in that order. */
export function appendAxes(plot: AnyGroup): { xAxis: AnyGroup; yAxis: AnyGroup } {
  return { xAxis: plot.append('g').attr('class', 'pl-x-axis'), yAxis: plot.append('g').attr('class', 'pl-y-axis') };
}

type TextSelection = Selection<SVGTextElement, unknown, null, undefined>;

/** The x and y axis titles of a plot (centred; the caller places and fills them). */
export function appendAxisTitles(plot: AnyGroup): { xTitle: TextSelection; yTitle: TextSelection } {
  return {
    xTitle: styleText(plot.append('text').attr('class', 'pl-x-title').attr('text-anchor', 'middle')),
    yTitle: styleText(plot.append('text').attr('class', 'pl-y-title').attr('text-anchor', 'middle')),
  };
}

/** What the line and bar renderers need to know of a series to draw and name it. */
export interface StyledSeries {
  id: string;
  label: string;
  color?: string;
  dashed?: boolean;
}

/** Legend items of the series, or none for a single series (the chart's title names it). */
export function seriesLegendItems(series: readonly StyledSeries[], mark: LegendItem['mark']): LegendItem[] {
  if (series.length < 2) return [];
  return series.map((s, i) => ({ label: s.label, color: seriesColor(s.color, i), dashed: s.dashed, mark }));
}

/** One unfilled <path> per series in group, stroked in the series' colour and dash; the caller sets `d`. */
export function joinSeriesPaths<S extends StyledSeries>(group: AnyGroup, series: readonly S[]): Selection<SVGPathElement, S, SVGGElement, unknown> {
  return group
    .selectAll<SVGPathElement, S>('path')
    .data(series)
    .join('path')
    .attr('data-series', (s) => s.id)
    .style('fill', 'none')
    .style('stroke', (s, i) => seriesColor(s.color, i))
    .style('stroke-width', 1.75)
    .style('stroke-dasharray', (s) => (s.dashed ? '6 3' : null));
}

/** A visually quiet HTML readout (aria-live polite) placed under a chart. */
export function createReadout(wrapper: HTMLElement): HTMLDivElement {
  const readout = document.createElement('div');
  readout.className = 'pl-chart-readout';
  readout.setAttribute('aria-live', 'polite');
  readout.style.minHeight = '1.4em';
  readout.style.fontSize = '12px';
  readout.style.fontFamily = FONT_FAMILY;
  readout.style.color = COLORS.muted;
  readout.style.fontVariantNumeric = 'tabular-nums';
  wrapper.appendChild(readout);
  return readout;
}

export interface LegendItem {
  label: string;
  color: string;
  dashed?: boolean;
  /** 'line' for curves, 'swatch' for filled areas. */
  mark: 'line' | 'swatch';
}

/** Approximate text width; jsdom has no layout and exact widths are not needed for spacing. */
export function estimateTextWidth(text: string, fontSize = FONT_SIZE): number {
  return text.length * fontSize * 0.58;
}

/** Height of one legend row. */
const LEGEND_ROW_HEIGHT = 20;

/**
 * A legend inside the svg (so exported files keep it), wrapped into rows no wider than
 * `maxWidth`. Returns the number of rows drawn.
 */
export function drawLegend(group: AnyGroup, items: readonly LegendItem[], maxWidth = Infinity): number {
  let x = 0;
  let row = 0;
  const offsets = items.map((item) => {
    const itemWidth = 22 + estimateTextWidth(item.label);
    if (x > 0 && x + itemWidth > maxWidth) {
      x = 0;
      row += 1;
    }
    const at = [x, row * LEGEND_ROW_HEIGHT];
    x += itemWidth + 16;
    return at;
  });
  const entries = group
    .selectAll<SVGGElement, LegendItem>('g.pl-legend-item')
    .data(items)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'pl-legend-item');
      g.append('line').attr('x1', 0).attr('x2', 16).attr('y1', 0).attr('y2', 0);
      g.append('rect').attr('x', 2).attr('y', -5).attr('width', 12).attr('height', 10);
      g.append('text').attr('x', 22).attr('dy', '0.32em');
      return g;
    })
    .attr('transform', (_, i) => `translate(${offsets[i][0]},${offsets[i][1]})`);
  entries
    .select('line')
    .style('display', (d) => (d.mark === 'line' ? 'inline' : 'none'))
    .style('stroke', (d) => d.color)
    .style('stroke-width', 2)
    .style('stroke-dasharray', (d) => (d.dashed ? '5 3' : null));
  entries
    .select('rect')
    .style('display', (d) => (d.mark === 'swatch' ? 'inline' : 'none'))
    .style('fill', (d) => d.color)
    .style('fill-opacity', 0.85)
    .style('stroke', 'none');
  entries
    .select<SVGTextElement>('text')
    .text((d) => d.label)
    .style('font-family', FONT_FAMILY)
    .style('font-size', `${FONT_SIZE}px`)
    .style('fill', COLORS.ink);
  return items.length ? row + 1 : 0;
}

/** Plural helper for labels: "1 column", "3 columns". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
