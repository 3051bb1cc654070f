// The lab's line chart on a log y-axis: the Figure of logLineFigure.ts painted live, with a
// hover rule and an exact readout of every series at the nearest recorded x.
import { pointer } from 'd3';
import { createReadout } from './draw';
import { chartHandle, createFrame, type Chart, type ChartFrameOptions } from './frame';
import { logLineFigure, type LogLineData, type LogLineFigure, type LogLineLabels } from './logLineFigure';
import { createFigurePainter } from './paintFigure';
import { COLORS, formatValue, seriesColor } from './theme';

export type { EventMark, LineSeries, LogLineData, RateFit } from './logLineFigure';
export { formatRho } from './theme';

export type LogLineOptions = ChartFrameOptions & LogLineLabels;

export type LogLineChart = Chart<LogLineData>;

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

export function createLogLineChart(container: HTMLElement, options: LogLineOptions = {}): LogLineChart {
  const frame = createFrame(container, options, 'pl-log-line', () => render(), 2);
  const painter = createFigurePainter(frame.svg);
  const plot = painter.plot;
  const hover = plot.append('g').attr('class', 'pl-hover').style('display', 'none').style('pointer-events', 'none');
  const rule = hover.append('line').style('stroke', COLORS.muted).style('stroke-width', 1);
  const overlay = plot.append('rect').attr('class', 'pl-overlay').style('fill', 'transparent').style('cursor', 'crosshair');
  const readout = createReadout(frame.wrapper);

  let data: LogLineData | null = null;
  let figure: LogLineFigure | null = null;
  let hoverX: number | null = null;

  const xName = options.xName ?? 'step';
  const formatX = (v: number) => (options.xScale === 'log' ? formatValue(v) : String(Math.round(v * 1e6) / 1e6));

  const render = (): void => {
    if (!data) return;
    figure = logLineFigure(data, frame.size(), options);
    painter.paint(figure);
    overlay.attr('width', figure.plot.width).attr('height', figure.plot.height);
    frame.setLabel(figure.label);
    drawHover();
  };

  function drawHover(): void {
    if (!data || !figure || hoverX === null) {
      hover.style('display', 'none');
      return;
    }
    const { xScale: x, yScale: y, columns } = figure;
    let ruleX: number | null = null;
    const parts: string[] = [];
    const dots: { cx: number; cy: number; color: string }[] = [];
    for (let i = 0; i < data.series.length; i++) {
      const { xs, ys } = columns[i];
      const index = nearestIndex(xs, hoverX);
      if (index < 0) continue;
      if (ruleX === null) {
        ruleX = xs[index];
        parts.push(`${xName} ${formatX(xs[index])}`);
      }
      const v = ys[index];
      const positive = v > 0 && Number.isFinite(v);
      parts.push(`${data.series[i].label} ${positive ? formatValue(v) : '—'}`);
      if (positive) dots.push({ cx: x(xs[index]), cy: y(v), color: seriesColor(data.series[i].color, i) });
    }
    if (ruleX === null) {
      hover.style('display', 'none');
      return;
    }
    hover.style('display', 'inline');
    rule.attr('x1', x(ruleX)).attr('x2', x(ruleX)).attr('y1', 0).attr('y2', figure.plot.height);
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
  }

  overlay
    .on('pointermove', (event: PointerEvent) => {
      if (!figure) return;
      const [px] = pointer(event, plot.node());
      hoverX = figure.xScale.invert(px);
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
