// Paints a Figure into the lab's live <svg>, reusing its elements from frame to frame and
// writing only the attributes that changed (the charts redraw at the animation frame rate).
import type { Selection } from 'd3';
import { uniqueId } from './frame';
import { px, type Figure, type FigureLegendItem, type Mark, type MarkStyle } from './figure';
import { COLORS } from './theme';

const SVG_NS = 'http://www.w3.org/2000/svg';

type Group = Selection<SVGGElement, unknown, null, undefined>;

export interface FigurePainter {
  /** The plot group (translated to the plot box): renderers add their interactive parts here, above the marks. */
  plot: Group;
  /** The group of a layer, created (in first-use order) if it does not exist yet. */
  layer(className: string): SVGGElement;
  paint(figure: Figure): void;
}

function setAttributes(element: Element, attributes: Record<string, string>): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }
}

function cssOf(style: MarkStyle): string {
  const declarations = [`fill: ${style.fill ?? 'none'}`];
  if (style.fillOpacity !== undefined) declarations.push(`fill-opacity: ${style.fillOpacity}`);
  if (style.stroke) declarations.push(`stroke: ${style.stroke}`);
  if (style.strokeWidth !== undefined) declarations.push(`stroke-width: ${style.strokeWidth}`);
  if (style.dash) declarations.push(`stroke-dasharray: ${style.dash}`);
  if (style.fontWeight) declarations.push(`font-weight: ${style.fontWeight}`);
  return declarations.join('; ');
}

function geometryOf(mark: Mark): Record<string, string> {
  switch (mark.kind) {
    case 'rect':
      return { x: px(mark.x), y: px(mark.y), width: px(mark.width), height: px(mark.height) };
    case 'path':
      return { d: mark.d };
    case 'line':
      return { x1: px(mark.x1), y1: px(mark.y1), x2: px(mark.x2), y2: px(mark.y2) };
    case 'circle':
      return { cx: px(mark.cx), cy: px(mark.cy), r: px(mark.r) };
    case 'text':
      return { x: px(mark.x), y: px(mark.y), 'text-anchor': mark.anchor, dy: mark.dy ?? '0' };
  }
}

/** Makes the children of `group` the given marks, in order, reusing elements of the same kind. */
function paintMarks(group: SVGGElement, marks: readonly Mark[]): void {
  const children = group.children;
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i];
    let element = children[i] as SVGElement | undefined;
    if (!element || element.tagName !== mark.kind) {
      const created = document.createElementNS(SVG_NS, mark.kind);
      if (element) group.replaceChild(created, element);
      else group.appendChild(created);
      element = created;
    }
    setAttributes(element, { ...geometryOf(mark), class: mark.className ?? '', style: cssOf(mark.style) });
    if (mark.series !== undefined) setAttributes(element, { 'data-series': mark.series });
    if (mark.kind === 'text' && element.textContent !== mark.text) element.textContent = mark.text;
  }
  while (children.length > marks.length) group.lastChild?.remove();
}

function legendMarks(items: readonly (FigureLegendItem & { x: number; y: number })[]): Mark[] {
  return items.flatMap((item): Mark[] => [
    item.mark === 'line'
      ? { kind: 'line', x1: item.x, x2: item.x + 16, y1: item.y, y2: item.y, className: 'pl-legend-item', style: { stroke: item.color, strokeWidth: 2, dash: item.dashed ? '5 3' : undefined } }
      : { kind: 'rect', x: item.x + 2, y: item.y - 5, width: 12, height: 10, className: 'pl-legend-item', style: { fill: item.color, fillOpacity: 0.85 } },
    { kind: 'text', x: item.x + 22, y: item.y, dy: '0.32em', anchor: 'start', text: item.label, className: 'pl-legend-label', style: { fill: COLORS.ink } },
  ]);
}

function axisMarks(figure: Figure): { x: Mark[]; y: Mark[]; titles: Mark[] } {
  const { plot } = figure;
  const muted = { fill: COLORS.muted };
  const y: Mark[] = figure.y.ticks.map((tick) => ({ kind: 'text', x: -6, y: tick.at, dy: '0.32em', anchor: 'end', text: tick.label, className: 'tick', style: muted }));
  const x: Mark[] = [{ kind: 'line', x1: 0, x2: plot.width, y1: plot.height, y2: plot.height, className: 'domain', style: { stroke: COLORS.muted } }];
  for (const tick of figure.x.ticks) {
    x.push({ kind: 'line', x1: tick.at, x2: tick.at, y1: plot.height, y2: plot.height + 3, className: 'tick', style: { stroke: COLORS.muted } });
    x.push({ kind: 'text', x: tick.at, y: plot.height + 6, dy: '0.71em', anchor: 'middle', text: tick.label, className: 'tick', style: muted });
  }
  const titles: Mark[] = [
    { kind: 'text', x: plot.width / 2, y: plot.height + 32, anchor: 'middle', text: figure.x.title, className: 'pl-x-title', style: muted },
  ];
  return { x, y, titles };
}

/**
 * The painter of one chart's svg: legend, grid, axes and the figure's layers. Call paint()
 * with each new figure; elements are kept and updated in place.
 */
export function createFigurePainter(svg: Selection<SVGSVGElement, unknown, null, undefined>): FigurePainter {
  const clipId = uniqueId('pl-clip');
  const clipRect = svg.append('defs').append('clipPath').attr('id', clipId).append('rect');
  const legend = svg.append('g').attr('class', 'pl-legend').node() as SVGGElement;
  const plot = svg.append('g').attr('class', 'pl-plot');
  const grid = plot.append('g').attr('class', 'pl-grid').node() as SVGGElement;
  const xAxis = plot.append('g').attr('class', 'pl-x-axis').node() as SVGGElement;
  const yAxis = plot.append('g').attr('class', 'pl-y-axis').node() as SVGGElement;
  const titles = plot.append('g').attr('class', 'pl-axis-titles').node() as SVGGElement;
  const yTitle = plot.append('text').attr('class', 'pl-y-title').attr('text-anchor', 'middle').style('fill', COLORS.muted);
  const layersRoot = plot.append('g').attr('class', 'pl-layers').node() as SVGGElement;
  const layers = new Map<string, SVGGElement>();

  const layer = (className: string): SVGGElement => {
    let group = layers.get(className);
    if (!group) {
      group = document.createElementNS(SVG_NS, 'g') as SVGGElement;
      group.setAttribute('class', className);
      layersRoot.appendChild(group);
      layers.set(className, group);
    }
    return group;
  };

  const paint = (figure: Figure): void => {
    const { plot: box } = figure;
    plot.attr('transform', `translate(${px(box.left)},${px(box.top)})`);
    clipRect.attr('width', px(box.width)).attr('height', px(box.height));
    paintMarks(legend, legendMarks(figure.legend));
    paintMarks(
      grid,
      figure.grid.map((y) => ({ kind: 'line', x1: 0, x2: box.width, y1: y, y2: y, style: { stroke: COLORS.grid, strokeWidth: 1 } })),
    );
    const axes = axisMarks(figure);
    paintMarks(xAxis, axes.x);
    paintMarks(yAxis, axes.y);
    paintMarks(titles, axes.titles);
    yTitle.attr('transform', `translate(${px(-figure.yTitleOffset)},${px(box.height / 2)}) rotate(-90)`).text(figure.y.title);
    for (const { className, marks, clip } of figure.layers) {
      const group = layer(className);
      if (clip) group.setAttribute('clip-path', `url(#${clipId})`);
      else group.removeAttribute('clip-path');
      paintMarks(group, marks);
    }
  };

  return { plot, layer, paint };
}
