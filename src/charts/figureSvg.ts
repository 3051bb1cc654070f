// A Figure as a standalone SVG document (text, no DOM): the CLI's figure files. The same
// figure the lab paints, under an optional heading (title and lines of context) that a file
// needs and a page panel does not.
import { px, type Figure, type Mark, type MarkStyle } from './figure';
import { COLORS, FONT_FAMILY, FONT_SIZE } from './theme';

export interface FigureHeading {
  title: string;
  /** Lines of context under the title (settings, notes), each one line of text. */
  lines?: readonly string[];
}

const TITLE_HEIGHT = 28;
const LINE_HEIGHT = 16;

/** Height of a heading band above a figure: the title and its lines. */
export function headingHeight(heading: FigureHeading): number {
  return TITLE_HEIGHT + (heading.lines?.length ?? 0) * LINE_HEIGHT + 4;
}

/** Baseline of the heading's title (i < 0) or of its line i, from the top of the band. */
export function headingBaseline(i: number): number {
  return i < 0 ? 20 : TITLE_HEIGHT + 10 + i * LINE_HEIGHT;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A themed colour var(--name, fallback) as its fallback: a file has no page to define it. */
function resolveThemed(value: string): string {
  return value.replace(/var\(--[\w-]+,\s*([^()]*)\)/g, (_, fallback: string) => fallback.trim());
}

function styleAttributes(style: MarkStyle): string {
  const attributes: string[] = [];
  attributes.push(`fill="${escapeXml(resolveThemed(style.fill ?? 'none'))}"`);
  if (style.fillOpacity !== undefined) attributes.push(`fill-opacity="${style.fillOpacity}"`);
  if (style.stroke) attributes.push(`stroke="${escapeXml(resolveThemed(style.stroke))}"`);
  if (style.strokeWidth !== undefined) attributes.push(`stroke-width="${style.strokeWidth}"`);
  if (style.dash) attributes.push(`stroke-dasharray="${style.dash}"`);
  if (style.fontWeight) attributes.push(`font-weight="${style.fontWeight}"`);
  return attributes.join(' ');
}

function markSvg(mark: Mark): string {
  const common = `${mark.className ? ` class="${mark.className}"` : ''}${mark.series ? ` data-series="${escapeXml(mark.series)}"` : ''} ${styleAttributes(mark.style)}`;
  switch (mark.kind) {
    case 'rect':
      return `<rect x="${px(mark.x)}" y="${px(mark.y)}" width="${px(mark.width)}" height="${px(mark.height)}"${common}/>`;
    case 'path':
      return `<path d="${mark.d}"${common}/>`;
    case 'line':
      return `<line x1="${px(mark.x1)}" y1="${px(mark.y1)}" x2="${px(mark.x2)}" y2="${px(mark.y2)}"${common}/>`;
    case 'circle':
      return `<circle cx="${px(mark.cx)}" cy="${px(mark.cy)}" r="${px(mark.r)}"${common}/>`;
    case 'text':
      return `<text x="${px(mark.x)}" y="${px(mark.y)}" text-anchor="${mark.anchor}"${mark.dy ? ` dy="${mark.dy}"` : ''}${common}>${escapeXml(mark.text)}</text>`;
  }
}

function axesSvg(figure: Figure): string {
  const { plot, x, y } = figure;
  const muted = resolveThemed(COLORS.muted);
  const parts: string[] = [];
  parts.push(`<g class="pl-y-axis" fill="${muted}">`);
  for (const tick of y.ticks) parts.push(`<text x="-6" y="${px(tick.at)}" dy="0.32em" text-anchor="end">${escapeXml(tick.label)}</text>`);
  parts.push('</g>');
  parts.push(`<g class="pl-x-axis" transform="translate(0,${px(plot.height)})" fill="${muted}">`);
  parts.push(`<line x1="0" x2="${px(plot.width)}" y1="0" y2="0" stroke="${muted}"/>`);
  for (const tick of x.ticks) {
    parts.push(`<line x1="${px(tick.at)}" x2="${px(tick.at)}" y1="0" y2="3" stroke="${muted}"/>`);
    parts.push(`<text x="${px(tick.at)}" y="6" dy="0.71em" text-anchor="middle">${escapeXml(tick.label)}</text>`);
  }
  parts.push('</g>');
  parts.push(`<text class="pl-x-title" x="${px(plot.width / 2)}" y="${px(plot.height + 32)}" text-anchor="middle" fill="${muted}">${escapeXml(x.title)}</text>`);
  parts.push(
    `<text class="pl-y-title" transform="translate(${px(-figure.yTitleOffset)},${px(plot.height / 2)}) rotate(-90)" text-anchor="middle" fill="${muted}">${escapeXml(y.title)}</text>`,
  );
  return parts.join('');
}

function legendSvg(figure: Figure): string {
  const ink = resolveThemed(COLORS.ink);
  return figure.legend
    .map((item) => {
      const color = escapeXml(resolveThemed(item.color));
      const mark =
        item.mark === 'line'
          ? `<line x1="${px(item.x)}" x2="${px(item.x + 16)}" y1="${px(item.y)}" y2="${px(item.y)}" stroke="${color}" stroke-width="2"${item.dashed ? ' stroke-dasharray="5 3"' : ''}/>`
          : `<rect x="${px(item.x + 2)}" y="${px(item.y - 5)}" width="12" height="10" fill="${color}" fill-opacity="0.85"/>`;
      return `<g class="pl-legend-item">${mark}<text x="${px(item.x + 22)}" y="${px(item.y)}" dy="0.32em" fill="${ink}">${escapeXml(item.label)}</text></g>`;
    })
    .join('');
}

/** A complete SVG document of the figure, with the heading (if any) above it. */
export function figureSvg(figure: Figure, heading?: FigureHeading): string {
  const lines = heading?.lines ?? [];
  const band = heading ? headingHeight(heading) : 0;
  const width = figure.width;
  const height = figure.height + band;
  const { plot } = figure;
  const ink = resolveThemed(COLORS.ink);
  const muted = resolveThemed(COLORS.muted);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" ` +
      `aria-label="${escapeXml(figure.label)}" font-family="${escapeXml(resolveThemed(FONT_FAMILY))}" font-size="${FONT_SIZE}">`,
  );
  if (heading) parts.push(`<title>${escapeXml(heading.title)}</title>`);
  parts.push(`<desc>${escapeXml(figure.label)}</desc>`);
  const clipped = figure.layers.some((layer) => layer.clip);
  if (clipped) parts.push(`<defs><clipPath id="plot-clip"><rect width="${px(plot.width)}" height="${px(plot.height)}"/></clipPath></defs>`);
  parts.push(`<rect width="${width}" height="${height}" fill="${resolveThemed(COLORS.background)}"/>`);
  if (heading) {
    parts.push(`<text class="pl-figure-title" x="${plot.left}" y="${headingBaseline(-1)}" font-size="15" font-weight="600" fill="${ink}">${escapeXml(heading.title)}</text>`);
    lines.forEach((line, i) => {
      parts.push(`<text class="pl-figure-line" x="${plot.left}" y="${headingBaseline(i)}" fill="${muted}">${escapeXml(line)}</text>`);
    });
  }
  parts.push(`<g class="pl-figure" transform="translate(0,${band})">`);
  parts.push(`<g class="pl-legend">${legendSvg(figure)}</g>`);
  parts.push(`<g class="pl-plot" transform="translate(${px(plot.left)},${px(plot.top)})">`);
  const grid = resolveThemed(COLORS.grid);
  parts.push(`<g class="pl-grid">${figure.grid.map((y) => `<line x1="0" x2="${px(plot.width)}" y1="${px(y)}" y2="${px(y)}" stroke="${grid}"/>`).join('')}</g>`);
  for (const layer of figure.layers) {
    parts.push(`<g class="${layer.className}"${layer.clip ? ' clip-path="url(#plot-clip)"' : ''}>${layer.marks.map(markSvg).join('')}</g>`);
  }
  parts.push(axesSvg(figure));
  parts.push('</g></g></svg>');
  return `${parts.join('\n')}\n`;
}
