// Bar chart of the column norms ‖U e_i‖ with the pruning threshold τ as a horizontal line
// that can be dragged (mouse, touch) or moved with the keyboard.
import { axisBottom, axisLeft, drag, scaleBand, scaleLinear, scaleLog, select, type ScaleContinuousNumeric } from 'd3';
import { appendAxes, appendAxisTitles, drawAxis, drawGrid, styleText } from './draw';
import { chartHandle, createFrame, innerSize, type Chart, type ChartFrameOptions } from './frame';
import { COLORS, formatLogTick, formatValue, logTickValues, maxFinite, minPositive, plural, type Margins } from './theme';

export interface ColumnNormsData {
  norms: ArrayLike<number>;
  tau: number;
  /** τ is the derived default √(2β): its label then says so, so it is not read as the paper's. */
  tauDerived?: boolean;
  /** Rank of the truth, mentioned in the accessible label when known. */
  r?: number;
  /** Original column ids of the current columns (after pruning); defaults to 0..k−1. */
  indices?: readonly number[];
  order: 'index' | 'descending';
  scale: 'linear' | 'log';
  /** Top of the y-axis, for shared scales across side-by-side charts. */
  yMax?: number;
  /**
   * Bottom of a log y-axis. Default: from the data and τ; with yMax given, 10⁻⁶·yMax (or τ/2
   * if lower), so two charts sharing yMax share the whole axis.
   */
  logFloor?: number;
}

export interface ColumnNormsOptions extends ChartFrameOptions {
  /** Called while τ is dragged or moved with the keyboard, clamped to the y-axis. */
  onTauChange?: (tau: number) => void;
  /** Axis label; default "‖U eᵢ‖". */
  yLabel?: string;
}

export type ColumnNormsChart = Chart<ColumnNormsData>;

const MARGIN: Margins = { top: 14, right: 28, bottom: 34, left: 52 };
/** A log axis never reaches below this, whatever the data (norms of dead columns can be ~1e-12). */
const ABSOLUTE_LOG_FLOOR = 1e-12;
/** Dynamic range shown on the log axis below the largest norm when no floor is given. */
const LOG_RANGE_DECADES = 6;
/** Keyboard steps of τ, in decades (ten presses of the arrow key multiply τ by ≈ 1.58). */
const SMALL_LOG_STEP = 0.02;
const LARGE_LOG_STEP = 0.2;
const HANDLE_SIZE = 14;

/** Number of norms ≥ τ (the columns pruning keeps). */
export function countAboveTau(norms: ArrayLike<number>, tau: number): number {
  let count = 0;
  for (let i = 0; i < norms.length; i++) if (norms[i] >= tau) count++;
  return count;
}

/** The y-domain for the data: [0, top] on a linear axis, [floor, top] on a log axis. */
export function columnNormsDomain(data: ColumnNormsData): [number, number] {
  const largest = Math.max(maxFinite(data.norms), data.tau > 0 ? data.tau : 0);
  if (data.scale === 'linear') {
    // A nice top (1, 1.2, 1.5 …) keeps the axis still while the largest norm creeps up.
    const top = data.yMax ?? (largest > 0 ? (scaleLinear().domain([0, largest * 1.02]).nice(5).domain()[1] as number) : 1);
    return [0, top];
  }
  const top = data.yMax ?? (largest > 0 ? 10 ** Math.ceil(Math.log10(largest) + 1e-9) : 1);
  let floor = data.logFloor;
  if (floor === undefined && data.yMax !== undefined) {
    // Shared scales: a floor from the shared top alone, so side-by-side charts agree.
    floor = Math.min(top * 10 ** -LOG_RANGE_DECADES, data.tau > 0 ? data.tau / 2 : Infinity);
  }
  if (floor === undefined) {
    const smallest = Math.min(minPositive(data.norms), data.tau > 0 ? data.tau : Infinity);
    const rangeFloor = top * 10 ** -LOG_RANGE_DECADES;
    const dataFloor = Number.isFinite(smallest) ? 10 ** Math.floor(Math.log10(smallest) - 1e-9) : rangeFloor;
    floor = Math.max(ABSOLUTE_LOG_FLOOR, Math.min(Math.max(dataFloor, rangeFloor), data.tau > 0 ? data.tau / 2 : Infinity));
  }
  return [Math.max(floor, ABSOLUTE_LOG_FLOOR), Math.max(top, floor * 10)];
}

/** The accessible description of the chart. */
function columnNormsLabel(data: ColumnNormsData): string {
  const k = data.norms.length;
  const above = countAboveTau(data.norms, data.tau);
  const rank = data.r === undefined ? '' : ` (r = ${data.r})`;
  return `Column norms of ${plural(k, 'column')}; ${above} above τ = ${formatValue(data.tau)}${rank}`;
}

export function createColumnNorms(container: HTMLElement, options: ColumnNormsOptions = {}): ColumnNormsChart {
  const frame = createFrame(container, options, 'pl-column-norms', () => render(), 2.2);
  const svg = frame.svg;
  const plot = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  const grid = plot.append('g').attr('class', 'pl-grid');
  const bars = plot.append('g').attr('class', 'pl-bars');
  const { xAxis, yAxis } = appendAxes(plot);
  const { xTitle, yTitle } = appendAxisTitles(plot);
  // Hovering a bar names its column and norm in the plot's top-left corner (no extra layout).
  const hoverLabel = styleText(plot.append('text').attr('class', 'pl-hover-label').attr('y', -2), COLORS.ink)
    .style('font-variant-numeric', 'tabular-nums')
    .style('pointer-events', 'none');

  const tauGroup = plot.append('g').attr('class', 'pl-tau');
  const tauLine = tauGroup
    .append('line')
    .attr('class', 'pl-tau-line')
    .style('stroke', COLORS.threshold)
    .style('stroke-width', 2)
    .style('stroke-dasharray', '6 3');
  // A wide transparent line: an easy target for mice and fingers.
  const tauHit = tauGroup
    .append('line')
    .attr('class', 'pl-tau-hit')
    .style('stroke', 'transparent')
    .style('stroke-width', 16)
    .style('cursor', 'ns-resize');
  const tauLabel = styleText(
    tauGroup.append('text').attr('class', 'pl-tau-label').attr('text-anchor', 'end').attr('dy', '-0.45em'),
    COLORS.threshold,
  )
    .style('font-weight', '600')
    .style('paint-order', 'stroke')
    .style('stroke', COLORS.background)
    .style('stroke-width', 3)
    .style('pointer-events', 'none');

  // The focusable handle is HTML, outside the role="img" svg, so assistive technology sees it.
  const handle = document.createElement('div');
  handle.className = 'pl-tau-handle';
  handle.tabIndex = 0;
  handle.setAttribute('role', 'slider');
  handle.setAttribute('aria-label', 'Pruning threshold line');
  handle.setAttribute('aria-orientation', 'vertical');
  Object.assign(handle.style, {
    position: 'absolute',
    width: `${HANDLE_SIZE}px`,
    height: `${HANDLE_SIZE}px`,
    borderRadius: '50%',
    background: COLORS.threshold,
    border: `2px solid ${COLORS.background}`,
    boxShadow: '0 0 0 1px rgba(0,0,0,0.25)',
    cursor: 'ns-resize',
    touchAction: 'none',
    boxSizing: 'border-box',
  });
  frame.wrapper.appendChild(handle);

  let data: ColumnNormsData | null = null;
  let tau = 0;
  let y: ScaleContinuousNumeric<number, number> = scaleLinear();
  let positions: number[] = [];
  // While the user drags, frames that still carry the previous τ must not pull the line back.
  let dragging = false;

  const plotSize = (): { width: number; height: number } => innerSize(frame.size(), MARGIN);

  const clampTau = (value: number): number => {
    const [lo, hi] = y.domain() as [number, number];
    return Math.min(hi, Math.max(lo, value));
  };

  const setTau = (value: number): void => {
    if (!data) return;
    const next = clampTau(value);
    if (next === tau) return;
    tau = next;
    drawTau();
    colourBars();
    frame.setLabel(columnNormsLabel({ ...data, tau }));
    options.onTauChange?.(tau);
  };

  const drawTau = (): void => {
    const { width } = plotSize();
    const [lo, hi] = y.domain() as [number, number];
    const visible = data !== null && tau >= lo && tau <= hi;
    const ty = visible ? y(tau) : 0;
    tauGroup.style('display', visible ? 'inline' : 'none');
    tauLine.attr('x1', 0).attr('x2', width).attr('y1', ty).attr('y2', ty);
    tauHit.attr('x1', 0).attr('x2', width).attr('y1', ty).attr('y2', ty);
    // A dragged τ is the reader's own, no longer the derived default.
    const derived = data?.tauDerived === true && tau === data.tau;
    tauLabel.attr('x', width - HANDLE_SIZE).attr('y', ty).text(`τ = ${formatValue(tau)}${derived ? ' = √(2β) [derived]' : ''}`);
    handle.style.display = visible ? '' : 'none';
    handle.style.left = `${MARGIN.left + width - HANDLE_SIZE / 2}px`;
    handle.style.top = `${MARGIN.top + ty - HANDLE_SIZE / 2}px`;
    handle.setAttribute('aria-valuemin', String(lo));
    handle.setAttribute('aria-valuemax', String(hi));
    handle.setAttribute('aria-valuenow', String(tau));
    handle.setAttribute('aria-valuetext', `τ = ${formatValue(tau)}`);
  };

  /**
   * Writes bar geometry (unless only colours changed) and colours straight to the reused
   * <rect>s, touching colour and class only where a bar crossed τ: at 60 frames a second
   * the chart costs a couple of attribute writes per bar.
   */
  const paintBars = (geometry: boolean): void => {
    if (!data) return;
    const norms = data.norms;
    const [lo] = y.domain() as [number, number];
    const bottom = y.range()[0];
    for (let p = 0; p < rects.length; p++) {
      const rect = rects[p];
      const v = norms[positions[p]];
      if (geometry) {
        const top = v > lo ? Math.max(0, y(v)) : bottom;
        rect.setAttribute('y', top.toFixed(2));
        rect.setAttribute('height', (bottom - top).toFixed(2));
      }
      const state = v < tau ? 1 : 0;
      if (below[p] !== state) {
        below[p] = state;
        rect.classList.toggle('pl-below-tau', state === 1);
        rect.style.fill = state ? COLORS.dropped : COLORS.kept;
      }
    }
  };
  const colourBars = (): void => paintBars(false);

  let rects: SVGRectElement[] = [];
  /** Per bar: 1 below τ, 0 at or above, 255 not yet coloured. */
  let below = new Uint8Array(0);
  let layoutKey = '';
  let axesKey = '';

  const render = (): void => {
    if (!data) return;
    const { width, height } = plotSize();
    const norms = data.norms;
    const k = norms.length;
    const domain = columnNormsDomain(data);
    y = data.scale === 'log' ? scaleLog().domain(domain).range([height, 0]) : scaleLinear().domain(domain).range([height, 0]);
    tau = clampTau(dragging ? tau : data.tau);

    if (positions.length !== k) positions = new Array<number>(k);
    for (let i = 0; i < k; i++) positions[i] = i;
    if (data.order === 'descending') positions.sort((a, b) => norms[b] - norms[a] || a - b);

    if (rects.length !== k) {
      // Keyed by display position: the same <rect> elements are reused every frame.
      rects = bars
        .selectAll<SVGRectElement, number>('rect')
        .data(positions, (_, p) => String(p))
        .join('rect')
        .nodes();
      below = new Uint8Array(k).fill(255);
    }
    const band = k > 0 ? width / k : width;
    const padding = k > 120 ? 0 : 0.15 * band;
    const nextLayout = `${k}|${width}`;
    if (nextLayout !== layoutKey) {
      layoutKey = nextLayout;
      const barWidth = Math.max(0.5, band - padding).toFixed(2);
      rects.forEach((rect, p) => {
        rect.setAttribute('x', (p * band + padding / 2).toFixed(2));
        rect.setAttribute('width', barWidth);
      });
    }
    paintBars(true);

    const ids = data.order === 'index' && data.indices ? data.indices.join(',') : '';
    const nextAxes = `${domain.join(',')}|${width}|${height}|${k}|${data.order}|${data.scale}|${ids}`;
    if (nextAxes !== axesKey) {
      axesKey = nextAxes;
      drawAxes(width, height, domain);
    }
    drawTau();
    frame.setLabel(columnNormsLabel({ ...data, tau }));
  };

  const drawAxes = (width: number, height: number, domain: [number, number]): void => {
    if (!data) return;
    const k = data.norms.length;
    const x = scaleBand<number>()
      .domain(positions.map((_, p) => p))
      .range([0, width])
      .paddingInner(k > 120 ? 0 : 0.15);
    const yTicks = data.scale === 'log' ? logTickValues(domain, 5) : y.ticks(4);
    drawGrid(grid, yTicks, y, width);
    drawAxis(
      yAxis,
      axisLeft<number>(y)
        .tickValues(yTicks)
        .tickSize(0)
        .tickPadding(6)
        .tickFormat((v) => (data?.scale === 'log' ? formatLogTick(v) : formatValue(v))),
      'y',
    );
    const ids = data.indices;
    drawAxis(
      xAxis.attr('transform', `translate(0,${height})`),
      axisBottom<number>(x)
        .tickValues(columnTicks(k, data.order === 'descending'))
        .tickSize(3)
        .tickFormat((p) => (data?.order === 'descending' ? String(p + 1) : String(ids ? ids[p] : p))),
      'x',
    );
    xTitle
      .attr('x', width / 2)
      .attr('y', height + 30)
      .text(data.order === 'descending' ? 'columns, largest norm first' : 'column');
    yTitle
      .attr('transform', `translate(${-40},${height / 2}) rotate(-90)`)
      .text(options.yLabel ?? '‖U eᵢ‖');
  };

  // The drag container is the root svg, so event.y is in svg coordinates for mouse and touch alike.
  const dragBehaviour = drag<Element, unknown>()
    .container(() => svg.node() as SVGSVGElement)
    .on('start drag', (event: { y: number }) => {
      dragging = true;
      setTau(y.invert(event.y - MARGIN.top));
    })
    .on('end', () => {
      dragging = false;
    });
  tauHit.call(dragBehaviour as never);
  select(handle).call(dragBehaviour as never);

  handle.addEventListener('keydown', (event) => {
    if (!data) return;
    const [lo, hi] = y.domain() as [number, number];
    const base = tau > 0 ? tau : Math.max(lo, hi * 1e-3);
    let next: number;
    switch (event.key) {
      case 'ArrowUp':
      case 'ArrowRight':
        next = base * 10 ** (event.shiftKey ? LARGE_LOG_STEP : SMALL_LOG_STEP);
        break;
      case 'ArrowDown':
      case 'ArrowLeft':
        next = base * 10 ** -(event.shiftKey ? LARGE_LOG_STEP : SMALL_LOG_STEP);
        break;
      case 'PageUp':
        next = base * 10 ** LARGE_LOG_STEP;
        break;
      case 'PageDown':
        next = base * 10 ** -LARGE_LOG_STEP;
        break;
      case 'Home':
        next = lo;
        break;
      case 'End':
        next = hi;
        break;
      default:
        return;
    }
    event.preventDefault();
    setTau(next);
  });

  let hovered: number | null = null;
  const drawHover = (): void => {
    if (!data || hovered === null || hovered >= positions.length) {
      hoverLabel.text('');
      return;
    }
    const column = positions[hovered];
    const id = data.indices ? data.indices[column] : column;
    hoverLabel.text(`column ${id}: ‖U eᵢ‖ = ${formatValue(data.norms[column])}`);
  };
  bars
    .on('pointermove', (event: PointerEvent) => {
      const index = rects.indexOf(event.target as SVGRectElement);
      hovered = index >= 0 ? index : null;
      drawHover();
    })
    .on('pointerleave', () => {
      hovered = null;
      drawHover();
    });

  return chartHandle(frame, (next: ColumnNormsData) => {
    data = next;
    render();
    if (hovered !== null) drawHover();
  });
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
