// The lab's column-norms chart: the Figure of columnNormsFigure.ts painted live, with the
// threshold τ as a line that can be dragged (mouse, touch) or moved with the keyboard, and a
// hover readout of the column under the pointer.
import { drag, pointer, select } from 'd3';
import { styleText } from './draw';
import { chartHandle, createFrame, type Chart, type ChartFrameOptions } from './frame';
import { COLUMN_NORMS_MARGIN, HANDLE_SIZE, barAt, columnNormsFigure, type ColumnNormsData, type ColumnNormsFigure } from './columnNormsFigure';
import { createFigurePainter } from './paintFigure';
import { createTauHandle, validDraggedTau } from './tauHandle';
import { COLORS, formatValue } from './theme';

export type { ColumnNormsData } from './columnNormsFigure';

export interface ColumnNormsOptions extends ChartFrameOptions {
  /** Called while τ is dragged or moved with the keyboard, with a valid τ on the y-axis. */
  onTauChange?: (tau: number) => void;
  /** Axis label; default "‖U eᵢ‖". */
  yLabel?: string;
}

export type ColumnNormsChart = Chart<ColumnNormsData>;

export function createColumnNorms(container: HTMLElement, options: ColumnNormsOptions = {}): ColumnNormsChart {
  const frame = createFrame(container, options, 'pl-column-norms', () => render(), 2.2);
  const painter = createFigurePainter(frame.svg);
  const plot = painter.plot;
  painter.layer('pl-bars');
  painter.layer('pl-tau');
  // Hovering a bar names its column and norm in the plot's top-left corner (no extra layout).
  const hoverLabel = styleText(plot.append('text').attr('class', 'pl-hover-label').attr('y', -2), COLORS.ink)
    .style('font-variant-numeric', 'tabular-nums')
    .style('pointer-events', 'none');
  // A wide transparent line over the τ line: an easy target for mice and fingers.
  const tauHit = plot.append('line').attr('class', 'pl-tau-hit').style('stroke', 'transparent').style('stroke-width', 16).style('cursor', 'ns-resize');
  const handle = createTauHandle(frame.wrapper, (step) => {
    if (figure) setTau(step(tau, figure.y.scale.domain() as [number, number]));
  });

  let data: ColumnNormsData | null = null;
  let figure: ColumnNormsFigure | null = null;
  let tau = 0;
  // While the user drags, frames that still carry the previous τ must not pull the line back.
  let dragging = false;

  /** Takes τ from the data (unless the reader is dragging it) and draws. */
  const render = (): void => {
    if (!data) return;
    if (!dragging) tau = data.tau;
    draw();
  };

  const draw = (): void => {
    if (!data) return;
    figure = columnNormsFigure({ ...data, tau }, frame.size(), options.yLabel);
    painter.paint(figure);
    const { width } = figure.plot;
    tauHit.attr('x1', 0).attr('x2', width).attr('y1', figure.tauY).attr('y2', figure.tauY);
    handle.place(COLUMN_NORMS_MARGIN.left + width - HANDLE_SIZE / 2, COLUMN_NORMS_MARGIN.top + figure.tauY, tau, figure.y.scale.domain() as [number, number]);
    frame.setLabel(figure.label);
    drawHover();
  };

  const setTau = (value: number): void => {
    if (!figure) return;
    const next = validDraggedTau(value, figure.y.scale);
    if (next === tau) return;
    tau = next;
    draw();
    options.onTauChange?.(tau);
  };

  // The drag container is the root svg, so event.y is in svg coordinates for mouse and touch alike.
  const dragBehaviour = drag<Element, unknown>()
    .container(() => frame.svg.node() as SVGSVGElement)
    .on('start drag', (event: { y: number }) => {
      dragging = true;
      if (figure) setTau(figure.y.scale.invert(event.y - COLUMN_NORMS_MARGIN.top));
    })
    .on('end', () => {
      dragging = false;
    });
  tauHit.call(dragBehaviour as never);
  select(handle.element).call(dragBehaviour as never);

  let hovered: number | null = null;
  function drawHover(): void {
    if (!data || !figure || hovered === null || hovered >= figure.positions.length) {
      hoverLabel.text('');
      return;
    }
    const column = figure.positions[hovered];
    const id = data.indices ? data.indices[column] : column;
    hoverLabel.text(`column ${id}: ‖U eᵢ‖ = ${formatValue(data.norms[column])}`);
  }
  // The bars of a colour are one path, so the column under the pointer comes from its x.
  frame.svg
    .on('pointermove', (event: PointerEvent) => {
      const [x, y] = pointer(event, frame.svg.node());
      const inPlot = figure !== null && y >= figure.plot.top && y <= figure.plot.top + figure.plot.height;
      hovered = inPlot && figure ? barAt(figure, x - figure.plot.left) : null;
      drawHover();
    })
    .on('pointerleave', () => {
      hovered = null;
      drawHover();
    });

  return chartHandle(frame, (next: ColumnNormsData) => {
    data = next;
    render();
  });
}
