// DOM drawing helpers of the d3 renderers: axes in the charts' quiet style, grid, text,
// series paths, legends and the readout under a chart.
import type { Axis, ScaleContinuousNumeric, Selection } from 'd3';
import { MIN_PLOT_SIZE } from './figure';
import type { ChartFrame } from './frame';
import { COLORS, FONT_FAMILY, FONT_SIZE, LEGEND_ROW_HEIGHT, estimateTextWidth, type Margins } from './theme';

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

