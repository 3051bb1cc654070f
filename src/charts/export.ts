// Export of any chart as a standalone SVG file or a PNG image. The live charts take their
// colours from CSS custom properties, which a standalone file cannot see, so every styled
// property is written inline with var() resolved.
import { headingBaseline, headingHeight, type FigureHeading } from './figureSvg';
import { COLORS, FONT_FAMILY, FONT_SIZE } from './theme';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** Presentation properties copied inline, with the initial values that need not be written. */
const STYLE_PROPERTIES: Record<string, string[]> = {
  fill: ['rgb(0, 0, 0)', '#000', '#000000', 'black'],
  'fill-opacity': ['1'],
  stroke: ['none', 'rgba(0, 0, 0, 0)', 'transparent'],
  'stroke-width': ['1', '1px'],
  'stroke-opacity': ['1'],
  'stroke-dasharray': ['none'],
  'stroke-linecap': ['butt'],
  'stroke-linejoin': ['miter'],
  opacity: ['1'],
  display: ['inline', 'block', 'inline-block', ''],
  visibility: ['visible'],
  'font-family': [],
  'font-size': [],
  'font-weight': ['400', 'normal'],
  'font-variant-numeric': ['normal'],
  'text-anchor': ['start'],
  'dominant-baseline': ['auto'],
  'paint-order': ['normal'],
  'image-rendering': ['auto'],
};

/** Properties that only apply to their own element; the others are inherited by children. */
const NOT_INHERITED = new Set(['opacity', 'display']);

/** Interactive-only parts that mean nothing in a file. */
const INTERACTIVE_SELECTORS = ['.pl-overlay', '.pl-tau-hit', '.pl-focus', '.pl-hover', '.pl-hover-label'];

export interface ExportOptions {
  /** Background painted behind the chart; default the page's --pl-bg or white. */
  background?: string;
  /**
   * A title (and lines of context) drawn above the chart: a file has no page around it to
   * say what it shows. Callers generate it from the state the chart shows.
   */
  heading?: FigureHeading;
}

/**
 * Replaces every var(--name, fallback) in a CSS value by the custom property's value on
 * `element` (or the fallback when the property is unset), recursively.
 */
export function resolveCssVariables(value: string, element: Element): string {
  let result = value;
  for (let guard = 0; guard < 20 && result.includes('var('); guard++) {
    const start = result.lastIndexOf('var(');
    let depth = 0;
    let end = -1;
    for (let i = start + 3; i < result.length; i++) {
      if (result[i] === '(') depth++;
      else if (result[i] === ')' && --depth === 0) {
        end = i;
        break;
      }
    }
    if (end < 0) break;
    const inner = result.slice(start + 4, end);
    const comma = inner.indexOf(',');
    const name = (comma < 0 ? inner : inner.slice(0, comma)).trim();
    const fallback = comma < 0 ? '' : inner.slice(comma + 1).trim();
    const defined = getComputedStyle(element).getPropertyValue(name).trim();
    result = result.slice(0, start) + (defined || fallback) + result.slice(end + 1);
  }
  return result;
}

type ResolvedStyle = Map<string, string>;

/**
 * Writes the element's resolved presentation properties as its inline style, leaving out
 * initial values and inherited values equal to the parent's, and returns what it resolved.
 */
function inlineStyles(original: Element, clone: Element, parent: ResolvedStyle | undefined): ResolvedStyle {
  const computed = getComputedStyle(original);
  const inline = (original as SVGElement).style;
  const resolved: ResolvedStyle = new Map();
  const declarations: string[] = [];
  for (const [property, initial] of Object.entries(STYLE_PROPERTIES)) {
    // Browsers resolve var() in computed values; environments that do not fall back to the
    // inline declaration, resolved by hand below.
    let value = computed.getPropertyValue(property);
    if (!value || value.includes('var(')) value = inline?.getPropertyValue(property) || value;
    value = value ? resolveCssVariables(value, original).trim() : '';
    const inherited = !NOT_INHERITED.has(property);
    if (!value) {
      if (inherited && parent?.has(property)) resolved.set(property, parent.get(property) as string);
      continue;
    }
    resolved.set(property, value);
    if (inherited && parent) {
      if (parent.get(property) === value) continue;
      if (!parent.has(property) && initial.includes(value)) continue;
    } else if (initial.includes(value)) {
      continue;
    }
    declarations.push(`${property}: ${value}`);
  }
  if (declarations.length) clone.setAttribute('style', declarations.join('; '));
  else clone.removeAttribute('style');
  return resolved;
}

/** The visible (non-decorative) chart svg inside `root`, or root itself. */
function chartSvg(root: Element): SVGSVGElement | null {
  if (root instanceof SVGSVGElement) return root;
  return root.querySelector<SVGSVGElement>('svg[role="img"]') ?? root.querySelector<SVGSVGElement>('svg');
}

function backgroundOf(root: Element, options: ExportOptions): string {
  return options.background ?? resolveCssVariables('var(--pl-bg, #ffffff)', root);
}

/** Text of the heading band, in the chart's font, with var() colours resolved on `root`. */
function headingText(root: Element, text: string, y: number, left: number, title: boolean): SVGTextElement {
  const element = document.createElementNS(SVG_NS, 'text');
  element.setAttribute('x', String(left));
  element.setAttribute('y', String(y));
  const color = resolveCssVariables(title ? COLORS.ink : COLORS.muted, root);
  const font = resolveCssVariables(FONT_FAMILY, root);
  element.setAttribute('style', `fill: ${color}; font-family: ${font}; font-size: ${title ? 15 : FONT_SIZE}px${title ? '; font-weight: 600' : ''}`);
  element.textContent = text;
  return element;
}

function standalone(svg: SVGSVGElement, width: number, height: number, background: string, title: string | null, heading?: FigureHeading): SVGSVGElement {
  svg.setAttributeNS(XMLNS_NS, 'xmlns', SVG_NS);
  svg.setAttributeNS(XMLNS_NS, 'xmlns:xlink', XLINK_NS);
  const band = heading ? headingHeight(heading) : 0;
  if (heading) {
    const body = document.createElementNS(SVG_NS, 'g');
    body.setAttribute('transform', `translate(0,${band})`);
    while (svg.firstChild) body.appendChild(svg.firstChild);
    svg.appendChild(body);
    const left = 12;
    svg.insertBefore(headingText(svg, heading.title, headingBaseline(-1), left, true), body);
    (heading.lines ?? []).forEach((line, i) => svg.insertBefore(headingText(svg, line, headingBaseline(i), left, false), body));
  }
  const total = height + band;
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(total));
  svg.setAttribute('viewBox', `0 0 ${width} ${total}`);
  svg.removeAttribute('tabindex');
  svg.removeAttribute('aria-hidden');
  const rect = document.createElementNS(SVG_NS, 'rect');
  rect.setAttribute('width', String(width));
  rect.setAttribute('height', String(total));
  rect.setAttribute('style', `fill: ${background}`);
  svg.insertBefore(rect, svg.firstChild);
  const name = heading?.title ?? title;
  if (name) {
    const titleElement = document.createElementNS(SVG_NS, 'title');
    titleElement.textContent = name;
    svg.insertBefore(titleElement, svg.firstChild);
  }
  return svg;
}

function numberAttribute(element: Element, name: string, fallback: number): number {
  const value = Number(element.getAttribute(name));
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** A copy of `svg` with every style inlined (var() resolved) and interactive parts removed. */
function inlinedCopy(svg: SVGSVGElement): SVGSVGElement {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const copies = [clone, ...Array.from(clone.querySelectorAll('*'))];
  const styles = new Map<Element, ResolvedStyle>();
  originals.forEach((original, i) => {
    const parent = original === svg || !original.parentElement ? undefined : styles.get(original.parentElement);
    styles.set(original, inlineStyles(original, copies[i], parent));
  });
  for (const selector of INTERACTIVE_SELECTORS) clone.querySelectorAll(selector).forEach((node) => node.remove());
  return clone;
}

/**
 * A standalone SVG document of the chart in `root` (a renderer's container, its wrapper or the
 * svg itself). A canvas chart (the heatmap) is embedded as an image with its legend below.
 */
export function toSvgString(root: Element, options: ExportOptions = {}): string {
  const background = backgroundOf(root, options);
  const canvas = root instanceof HTMLCanvasElement ? root : root.querySelector('canvas');
  if (canvas) return canvasToSvgString(root, canvas, background, options.heading);
  const svg = chartSvg(root);
  if (!svg) throw new Error('No chart found to export: the element holds neither an <svg> nor a <canvas>.');
  const clone = inlinedCopy(svg);
  const width = numberAttribute(svg, 'width', 640);
  const height = numberAttribute(svg, 'height', 320);
  return new XMLSerializer().serializeToString(standalone(clone, width, height, background, svg.getAttribute('aria-label'), options.heading));
}

function canvasToSvgString(root: Element, canvas: HTMLCanvasElement, background: string, heading?: FigureHeading): string {
  const legend = root.querySelector<SVGSVGElement>('svg');
  // Without layout (tests, hidden tabs) fall back to the sizes the renderer set.
  const width = canvas.clientWidth || (legend ? numberAttribute(legend, 'width', canvas.width) : canvas.width);
  const height = canvas.clientHeight || parseFloat(canvas.style.height) || canvas.height;
  const legendHeight = legend ? numberAttribute(legend, 'height', 0) : 0;
  const svg = document.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  const image = document.createElementNS(SVG_NS, 'image');
  image.setAttribute('href', canvas.toDataURL('image/png'));
  image.setAttribute('width', String(width));
  image.setAttribute('height', String(height));
  image.setAttribute('preserveAspectRatio', 'none');
  image.setAttribute('style', 'image-rendering: pixelated');
  svg.appendChild(image);
  if (legend) {
    const group = document.createElementNS(SVG_NS, 'g');
    group.setAttribute('transform', `translate(0,${height + 4})`);
    const copy = inlinedCopy(legend);
    const style = copy.getAttribute('style');
    if (style) group.setAttribute('style', style);
    while (copy.firstChild) group.appendChild(copy.firstChild);
    svg.appendChild(group);
  }
  const total = height + (legend ? legendHeight + 4 : 0);
  return new XMLSerializer().serializeToString(standalone(svg, width, total, background, canvas.getAttribute('aria-label'), heading));
}

function canvasBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode the chart as PNG.'))), 'image/png');
  });
}

/**
 * A PNG of the chart in `root`, drawn at `scale` × its CSS size (browser only: it needs
 * Image, canvas encoding and object URLs).
 */
export async function toPngBlob(root: Element, options: ExportOptions & { scale?: number } = {}): Promise<Blob> {
  const scale = options.scale ?? 2;
  const svgText = toSvgString(root, options);
  const match = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svgText);
  const width = match ? Number(match[1]) : 640;
  const height = match ? Number(match[2]) : 320;
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('The chart could not be rendered to an image for PNG export.'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('PNG export needs a 2D canvas, which this browser does not provide.');
    context.imageSmoothingEnabled = false;
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await canvasBlob(canvas);
  } finally {
    URL.revokeObjectURL(url);
  }
}
