// The (λ, β) phase diagram: a grid of runs on log axes, each cell coloured by its outcome,
// cells filling in as results arrive, with every direction's learnability boundary drawn
// over it, each labelled at its end.
import { axisBottom, axisLeft, scaleLog, select, type ScaleLogarithmic, type Selection } from 'd3';
import { appendAxes, appendAxisTitles, createReadout, drawAxis, layoutBelowLegend, type LegendItem } from './draw';
import { chartHandle, createFrame, uniqueId, type Chart, type ChartFrameOptions } from './frame';
import { COLORS, FONT_FAMILY, FONT_SIZE, formatLogTick, formatValue, logTickValues, type Margins } from './theme';

export type PhaseClass = 'stuck' | 'exact' | 'extra' | 'unstable' | 'pending';

export interface PhaseCell {
  lambdaIndex: number;
  betaIndex: number;
  lambda: number;
  beta: number;
  outcome: PhaseClass;
  /** Shown in the hover readout, e.g. "4 columns kept, test error 0.031". */
  detail?: string;
}

export interface PhaseDiagramData {
  /** Grid values of λ (x-axis), ascending, positive. */
  lambdas: readonly number[];
  /** Grid values of β (y-axis), ascending, positive. */
  betas: readonly number[];
  /** Finished cells; grid points without one are drawn as pending. */
  cells: readonly PhaseCell[];
  /**
   * Curves drawn over the grid, e.g. each direction's learnability boundary λ = c·σ*ⱼ·√β:
   * `label` names the curve at its end on the plot, `legend` (once, for the set) in the legend.
   */
  boundaries?: readonly PhaseBoundary[];
  /** The legend entry of the boundary curves. */
  boundaryLegend?: string;
  /** A cell to outline (e.g. the lab's current setting). */
  selected?: { lambdaIndex: number; betaIndex: number } | null;
}

export interface PhaseBoundary {
  points: readonly { lambda: number; beta: number }[];
  label: string;
}

export interface PhaseDiagramOptions extends ChartFrameOptions {
  onCellClick?: (cell: PhaseCell) => void;
  description?: string;
  /** Overrides of the legend's class names (e.g. "exactly r = 4"). */
  classLabels?: Partial<Record<PhaseClass, string>>;
}

export type PhaseDiagramChart = Chart<PhaseDiagramData>;

const PHASE_CLASSES: readonly PhaseClass[] = ['stuck', 'exact', 'extra', 'unstable', 'pending'];

export const PHASE_COLORS: Record<PhaseClass, string> = {
  stuck: 'var(--pl-phase-stuck, #4477aa)',
  exact: 'var(--pl-phase-exact, #228833)',
  extra: 'var(--pl-phase-extra, #ccbb44)',
  unstable: 'var(--pl-phase-unstable, #aa3377)',
  pending: 'var(--pl-phase-pending, #eeeeee)',
};

export const PHASE_LABELS: Record<PhaseClass, string> = {
  stuck: 'stuck at 0',
  exact: 'exactly r',
  extra: 'extra columns left',
  unstable: 'unstable',
  pending: 'pending',
};

const MARGIN: Margins = { top: 12, right: 16, bottom: 40, left: 56 };
/** Vertical offset between consecutive boundary labels (px). */
const LABEL_STEP = 14;

/**
 * Cell edges of a log-spaced grid: geometric midpoints between neighbours, extended by half a
 * step at both ends (a factor √10 around a single value).
 */
export function logCellEdges(values: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return [];
  if (n === 1) return [values[0] / Math.sqrt(10), values[0] * Math.sqrt(10)];
  const edges = [values[0] / Math.sqrt(values[1] / values[0])];
  for (let i = 1; i < n; i++) edges.push(Math.sqrt(values[i - 1] * values[i]));
  edges.push(values[n - 1] * Math.sqrt(values[n - 1] / values[n - 2]));
  return edges;
}

/** Every grid cell, finished or pending, λ-major. */
export function gridCells(data: PhaseDiagramData): PhaseCell[] {
  const nB = data.betas.length;
  const cells: PhaseCell[] = [];
  for (let i = 0; i < data.lambdas.length; i++) {
    for (let j = 0; j < nB; j++) {
      cells.push({ lambdaIndex: i, betaIndex: j, lambda: data.lambdas[i], beta: data.betas[j], outcome: 'pending' });
    }
  }
  for (const cell of data.cells) {
    if (cell.lambdaIndex < data.lambdas.length && cell.betaIndex < nB && cell.lambdaIndex >= 0 && cell.betaIndex >= 0) {
      cells[cell.lambdaIndex * nB + cell.betaIndex] = cell;
    }
  }
  return cells;
}

function phaseDiagramLabel(data: PhaseDiagramData, labels: Record<PhaseClass, string>, description: string): string {
  const counts: Record<PhaseClass, number> = { stuck: 0, exact: 0, extra: 0, unstable: 0, pending: 0 };
  for (const cell of gridCells(data)) counts[cell.outcome] += 1;
  const parts = PHASE_CLASSES.filter((c) => counts[c] > 0).map((c) => `${counts[c]} ${labels[c]}`);
  return `${description} over ${data.lambdas.length} λ × ${data.betas.length} β values: ${parts.join(', ') || 'empty'}`;
}

function cellText(cell: PhaseCell, labels: Record<PhaseClass, string>): string {
  return `λ = ${formatValue(cell.lambda)}, β = ${formatValue(cell.beta)}: ${labels[cell.outcome]}${cell.detail ? ` (${cell.detail})` : ''}`;
}

/**
 * One dashed path per boundary, clipped to the plot, each labelled at its last point inside
 * the grid; the labels step down by a line each so neighbouring curves stay readable.
 */
function drawBoundaries(
  group: Selection<SVGGElement, unknown, null, undefined>,
  boundaries: readonly PhaseBoundary[],
  x: ScaleLogarithmic<number, number>,
  y: ScaleLogarithmic<number, number>,
  clipId: string,
  xDomain: [number, number],
  yDomain: [number, number],
): void {
  const joined = group
    .selectAll<SVGGElement, PhaseBoundary>('g.pl-boundary-curve')
    .data(boundaries)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'pl-boundary-curve');
      g.append('path')
        .attr('class', 'pl-boundary')
        .attr('clip-path', `url(#${clipId})`)
        .style('fill', 'none')
        .style('stroke', COLORS.ink)
        .style('stroke-width', 2)
        .style('stroke-dasharray', '6 3');
      g.append('text')
        .attr('class', 'pl-boundary-label')
        .attr('text-anchor', 'end')
        .style('font-family', FONT_FAMILY)
        .style('font-size', `${FONT_SIZE}px`)
        .style('fill', COLORS.ink)
        .style('paint-order', 'stroke')
        .style('stroke', COLORS.background)
        .style('stroke-width', 3);
      return g;
    });
  joined.each(function (boundary, index) {
    const g = select(this);
    const { points } = boundary;
    g.select('path').attr('d', `M${points.map((p) => `${x(p.lambda).toFixed(1)},${y(p.beta).toFixed(1)}`).join('L')}`);
    const inside = points.filter((p) => p.lambda >= xDomain[0] && p.lambda <= xDomain[1] && p.beta >= yDomain[0] && p.beta <= yDomain[1]);
    const anchor = inside[inside.length - 1];
    g.select('text')
      .style('display', anchor ? 'inline' : 'none')
      .attr('x', anchor ? x(anchor.lambda) - 6 : 0)
      .attr('y', anchor ? y(anchor.beta) + 16 + index * LABEL_STEP : 0)
      .text(boundary.label);
  });
}

export function createPhaseDiagram(container: HTMLElement, options: PhaseDiagramOptions = {}): PhaseDiagramChart {
  const frame = createFrame(container, options, 'pl-phase-diagram', () => render(), 1.25);
  const svg = frame.svg;
  const labels: Record<PhaseClass, string> = { ...PHASE_LABELS, ...options.classLabels };
  const clipId = uniqueId('pl-clip');
  svg.append('defs').append('clipPath').attr('id', clipId).append('rect');
  const legend = svg.append('g').attr('class', 'pl-legend');
  const plot = svg.append('g');
  const cellsGroup = plot.append('g').attr('class', 'pl-cells');
  const boundaryGroup = plot.append('g').attr('class', 'pl-boundaries').style('pointer-events', 'none');
  const selectedRect = plot.append('rect').attr('class', 'pl-selected').style('fill', 'none').style('stroke', COLORS.ink).style('stroke-width', 2).style('pointer-events', 'none');
  const focusRect = plot
    .append('rect')
    .attr('class', 'pl-focus')
    .style('fill', 'none')
    .style('stroke', COLORS.threshold)
    .style('stroke-width', 2.5)
    .style('pointer-events', 'none')
    .style('display', 'none');
  const { xAxis, yAxis } = appendAxes(plot);
  const { xTitle, yTitle } = appendAxisTitles(plot);
  xTitle.text('λ (regularization strength)');
  yTitle.text('β (smoothing)');
  const readout = createReadout(frame.wrapper);

  let data: PhaseDiagramData | null = null;
  let cells: PhaseCell[] = [];
  let lambdaEdges: number[] = [];
  let betaEdges: number[] = [];
  let x = scaleLog();
  let y = scaleLog();
  let cursor: { i: number; j: number } | null = null;

  const cellBox = (i: number, j: number) => {
    const x0 = x(lambdaEdges[i]);
    const x1 = x(lambdaEdges[i + 1]);
    const y0 = y(betaEdges[j + 1]);
    const y1 = y(betaEdges[j]);
    return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
  };

  const show = (cell: PhaseCell | null): void => {
    const text = cell ? cellText(cell, labels) : '';
    if (readout.textContent !== text) readout.textContent = text;
  };

  const drawFocus = (): void => {
    if (!data || !cursor || cursor.i >= data.lambdas.length || cursor.j >= data.betas.length) {
      focusRect.style('display', 'none');
      return;
    }
    const box = cellBox(cursor.i, cursor.j);
    focusRect.style('display', 'inline').attr('x', box.x).attr('y', box.y).attr('width', box.width).attr('height', box.height);
  };

  const render = (): void => {
    if (!data) return;
    const boundaries = (data.boundaries ?? [])
      .map((b) => ({ label: b.label, points: b.points.filter((p) => p.lambda > 0 && p.beta > 0) }))
      .filter((b) => b.points.length >= 2);
    const items: LegendItem[] = PHASE_CLASSES.map((c) => ({ label: labels[c], color: PHASE_COLORS[c], mark: 'swatch' }));
    if (boundaries.length) items.push({ label: data.boundaryLegend ?? 'boundary', color: COLORS.ink, dashed: true, mark: 'line' });
    const { width, height } = layoutBelowLegend(frame, MARGIN, legend, items, plot);
    svg.select(`#${clipId} rect`).attr('width', width).attr('height', height);

    lambdaEdges = logCellEdges(data.lambdas);
    betaEdges = logCellEdges(data.betas);
    const xDomain: [number, number] = lambdaEdges.length ? [lambdaEdges[0], lambdaEdges[lambdaEdges.length - 1]] : [1e-3, 1];
    const yDomain: [number, number] = betaEdges.length ? [betaEdges[0], betaEdges[betaEdges.length - 1]] : [1e-3, 1];
    x = scaleLog().domain(xDomain).range([0, width]);
    y = scaleLog().domain(yDomain).range([height, 0]);
    cells = gridCells(data);

    const nB = data.betas.length;
    cellsGroup
      .selectAll<SVGRectElement, PhaseCell>('rect')
      .data(cells, (_, index) => String(index))
      .join('rect')
      .attr('data-outcome', (c) => c.outcome)
      .each(function (c) {
        const box = cellBox(c.lambdaIndex, c.betaIndex);
        select(this).attr('x', box.x).attr('y', box.y).attr('width', box.width).attr('height', box.height);
      })
      .style('fill', (c) => PHASE_COLORS[c.outcome])
      .style('stroke', COLORS.background)
      .style('stroke-width', 1)
      .style('cursor', options.onCellClick ? 'pointer' : 'default');

    drawBoundaries(boundaryGroup, boundaries, x, y, clipId, xDomain, yDomain);

    const selected = data.selected;
    if (selected && selected.lambdaIndex < data.lambdas.length && selected.betaIndex < nB) {
      const box = cellBox(selected.lambdaIndex, selected.betaIndex);
      selectedRect.style('display', 'inline').attr('x', box.x).attr('y', box.y).attr('width', box.width).attr('height', box.height);
    } else {
      selectedRect.style('display', 'none');
    }
    drawFocus();

    drawAxis(
      xAxis.attr('transform', `translate(0,${height})`),
      axisBottom<number>(x).tickValues(logTickValues(xDomain, 5)).tickFormat(formatLogTick).tickSize(3),
      'x',
    );
    drawAxis(yAxis, axisLeft<number>(y).tickValues(logTickValues(yDomain, 5)).tickFormat(formatLogTick).tickSize(3), 'x');
    xTitle.attr('x', width / 2).attr('y', height + 34);
    yTitle.attr('transform', `translate(${-44},${height / 2}) rotate(-90)`);


    const keys = options.onCellClick ? '; arrow keys pick a cell, Enter loads it' : '';
    frame.setLabel(phaseDiagramLabel(data, labels, options.description ?? 'Phase diagram') + keys);
  };

  cellsGroup
    .on('pointerover', (event: PointerEvent) => {
      const target = event.target as Element;
      const cell = select<Element, PhaseCell>(target).datum();
      if (cell) show(cell);
    })
    .on('pointerleave', () => show(null))
    .on('click', (event: MouseEvent) => {
      const cell = select<Element, PhaseCell>(event.target as Element).datum();
      if (cell) options.onCellClick?.(cell);
    });

  if (options.onCellClick) {
    svg.attr('tabindex', 0);
    svg.on('focus', () => {
      cursor ??= { i: 0, j: 0 };
      drawFocus();
      if (data) show(cells[cursor.i * data.betas.length + cursor.j] ?? null);
    });
    svg.on('blur', () => {
      focusRect.style('display', 'none');
    });
    svg.on('keydown', (event: KeyboardEvent) => {
      if (!data || data.lambdas.length === 0 || data.betas.length === 0) return;
      const current = cursor ?? { i: 0, j: 0 };
      const moves: Record<string, [number, number]> = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
      const move = moves[event.key];
      if (move) {
        cursor = {
          i: Math.max(0, Math.min(data.lambdas.length - 1, current.i + move[0])),
          j: Math.max(0, Math.min(data.betas.length - 1, current.j + move[1])),
        };
      } else if (event.key === 'Enter' || event.key === ' ') {
        cursor = current;
        options.onCellClick?.(cells[current.i * data.betas.length + current.j]);
      } else {
        return;
      }
      event.preventDefault();
      drawFocus();
      show(cells[cursor.i * data.betas.length + cursor.j] ?? null);
    });
  }

  return chartHandle(frame, (next: PhaseDiagramData) => {
    data = next;
    render();
  });
}
