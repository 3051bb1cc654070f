// Standalone SVG figures built as strings, with no DOM: d3 computes the scales and ticks,
// this module lays out axes, grid, title, legend and marks. One chart type covers the CLI's
// figures (lines, bars, reference rules, notes), on linear or log axes.
import { scaleLinear, scaleLog, schemeTableau10 } from 'd3';
import { decadeDomain } from '../charts/theme';

export type AxisScale = 'linear' | 'log';

export interface AxisSpec {
  label: string;
  scale?: AxisScale;
  /** Fixed domain; otherwise the data's extent, rounded outwards to nice values. */
  domain?: [number, number];
  /** Linear axes only: stretch the domain to include 0. */
  includeZero?: boolean;
  /** Only whole-number tick labels (counts, indices). */
  integerTicks?: boolean;
}

export interface LineSeries {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color?: string;
  dashed?: boolean;
  /** Draw a dot at every point (for short series). */
  markers?: boolean;
  /** Hold each value until the next x (a step function sampled on a grid). */
  step?: boolean;
}

export interface Bar {
  x0: number;
  x1: number;
  y: number;
}

export interface BarSeries {
  label: string;
  bars: Bar[];
  color?: string;
  opacity?: number;
}

/** A reference line across the plot, e.g. the threshold τ. */
export interface RuleSpec {
  axis: 'x' | 'y';
  value: number;
  label: string;
  color?: string;
}

export interface ChartSpec {
  title: string;
  subtitle?: string;
  width?: number;
  height?: number;
  x: AxisSpec;
  y: AxisSpec;
  lines?: LineSeries[];
  bars?: BarSeries[];
  rules?: RuleSpec[];
  /** Short text lines printed under the legend, above the plot. */
  notes?: string[];
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif';
const INK = '#222';
const MUTED = '#666';
const GRID = '#e6e6e6';
const RULE_COLOR = '#c0392b';
const CHAR_WIDTH = 6.6;
const TICK_COUNT = 6;

type Scale = ((value: number) => number) & { ticks(count?: number): number[]; domain(): number[] };

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const coord = (value: number): string => String(Math.round(value * 100) / 100);

function usable(value: number, scale: AxisScale): boolean {
  return Number.isFinite(value) && (scale === 'linear' || value > 0);
}

function domainOf(values: number[], axis: AxisSpec): [number, number] {
  const scale = axis.scale ?? 'linear';
  if (axis.domain) return axis.domain;
  const finite = values.filter((v) => usable(v, scale));
  if (axis.includeZero && scale === 'linear') finite.push(0);
  if (finite.length === 0) return scale === 'log' ? [1e-3, 1] : [0, 1];
  let low = Math.min(...finite);
  let high = Math.max(...finite);
  if (scale === 'log') return decadeDomain(low, high);
  if (low === high) {
    const pad = low === 0 ? 1 : Math.abs(low) * 0.1;
    low -= pad;
    high += pad;
  }
  const nice = scaleLinear().domain([low, high]).nice(TICK_COUNT).domain();
  return [nice[0], nice[1]];
}

function makeScale(axis: AxisSpec, domain: [number, number], range: [number, number]): Scale {
  return axis.scale === 'log' ? scaleLog().domain(domain).range(range) : scaleLinear().domain(domain).range(range);
}

interface Tick {
  value: number;
  /** Label as SVG text content (may contain tspans); empty for a minor tick. */
  label: string;
}

const MINUS = '\u2212';

function powerOfTenLabel(value: number): string {
  const exponent = Math.round(Math.log10(value));
  if (exponent === 0) return '1';
  if (exponent === 1) return '10';
  const text = exponent < 0 ? `${MINUS}${-exponent}` : String(exponent);
  return `10<tspan dy="-0.5em" font-size="0.75em">${text}</tspan>`;
}

function isPowerOfTen(value: number): boolean {
  const log = Math.log10(value);
  return Math.abs(log - Math.round(log)) < 1e-9;
}

function ticksOf(axis: AxisSpec, scale: Scale): Tick[] {
  if (axis.scale === 'log') {
    const all = scale.ticks();
    const powers = all.filter(isPowerOfTen);
    if (powers.length >= 2) {
      // Many decades: label every decade (or every few), keep the rest as minor ticks.
      const stride = Math.max(1, Math.ceil(powers.length / 8));
      const labelled = new Set(powers.filter((_, i) => i % stride === 0));
      return all.map((value) => ({ value, label: labelled.has(value) ? powerOfTenLabel(value) : '' }));
    }
    const format = scaleLog().domain(scale.domain()).tickFormat(TICK_COUNT, '~g');
    return all.map((value) => ({ value, label: escapeXml(format(value)) }));
  }
  const linear = scaleLinear().domain(scale.domain());
  const format = linear.tickFormat(TICK_COUNT, axis.integerTicks ? 'd' : undefined);
  return linear
    .ticks(TICK_COUNT)
    .filter((value) => !axis.integerTicks || Number.isInteger(value))
    .map((value) => ({ value, label: escapeXml(format(value)) }));
}

interface LegendEntry {
  label: string;
  kind: 'line' | 'bar' | 'rule';
  color: string;
  dashed: boolean;
}

function legendSwatch(entry: LegendEntry, x: number, y: number): string {
  if (entry.kind === 'bar') {
    return `<rect x="${coord(x)}" y="${coord(y - 5)}" width="18" height="10" fill="${entry.color}" fill-opacity="0.75"/>`;
  }
  const dash = entry.dashed ? ' stroke-dasharray="5 3"' : '';
  return `<line x1="${coord(x)}" y1="${coord(y)}" x2="${coord(x + 18)}" y2="${coord(y)}" stroke="${entry.color}" stroke-width="2"${dash}/>`;
}

/** Legend rows, wrapped to the available width. Returns the markup and the height used. */
function legend(entries: LegendEntry[], left: number, top: number, width: number): { markup: string; height: number } {
  if (entries.length === 0) return { markup: '', height: 0 };
  const parts: string[] = [];
  let x = left;
  let y = top + 8;
  for (const entry of entries) {
    const entryWidth = 24 + entry.label.length * CHAR_WIDTH + 18;
    if (x > left && x + entryWidth > left + width) {
      x = left;
      y += 18;
    }
    parts.push(legendSwatch(entry, x, y));
    parts.push(`<text x="${coord(x + 24)}" y="${coord(y)}" dominant-baseline="middle" fill="${INK}">${escapeXml(entry.label)}</text>`);
    x += entryWidth;
  }
  return { markup: `<g class="legend">${parts.join('')}</g>`, height: y - top + 14 };
}

function pathOf(series: LineSeries, sx: Scale, sy: Scale, xScale: AxisScale, yScale: AxisScale): string {
  const { x: xs, y: ys } = series;
  const commands: string[] = [];
  let penDown = false;
  const count = Math.min(xs.length, ys.length);
  for (let i = 0; i < count; i++) {
    if (!usable(xs[i], xScale) || !usable(ys[i], yScale)) {
      penDown = false;
      continue;
    }
    const x = coord(sx(xs[i]));
    const y = coord(sy(ys[i]));
    if (penDown && series.step) commands.push(`H${x}V${y}`);
    else commands.push(`${penDown ? 'L' : 'M'}${x},${y}`);
    penDown = true;
  }
  return commands.join('');
}

/** Greedy word wrap to lines of at most `columns` characters (a longer word gets a line of its own). */
export function wrapText(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > columns) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'chart';
}

/** A complete SVG document for one chart. */
export function renderChart(spec: ChartSpec): string {
  const width = spec.width ?? 720;
  const height = spec.height ?? 440;
  const lines = spec.lines ?? [];
  const bars = spec.bars ?? [];
  const rules = spec.rules ?? [];
  const xScaleKind = spec.x.scale ?? 'linear';
  const yScaleKind = spec.y.scale ?? 'linear';
  const palette = schemeTableau10;

  const colored = {
    lines: lines.map((s, i) => ({ ...s, color: s.color ?? palette[i % palette.length] })),
    bars: bars.map((s, i) => ({ ...s, color: s.color ?? palette[(lines.length + i) % palette.length] })),
    rules: rules.map((r) => ({ ...r, color: r.color ?? RULE_COLOR })),
  };
  const entries: LegendEntry[] = [
    ...colored.lines.map((s) => ({ label: s.label, kind: 'line' as const, color: s.color, dashed: !!s.dashed })),
    ...colored.bars.map((s) => ({ label: s.label, kind: 'bar' as const, color: s.color, dashed: false })),
    ...colored.rules.map((r) => ({ label: r.label, kind: 'rule' as const, color: r.color, dashed: true })),
  ];

  const marginLeft = 72;
  const marginRight = 32;
  const subtitleLines = spec.subtitle ? wrapText(spec.subtitle, Math.floor((width - marginLeft - marginRight) / CHAR_WIDTH)) : [];
  const titleHeight = 28 + subtitleLines.length * 16;
  const legendBlock = legend(entries, marginLeft, titleHeight + 4, width - marginLeft - marginRight);
  const notes = spec.notes ?? [];
  const notesTop = titleHeight + 4 + legendBlock.height + 12;
  const marginTop = notesTop + notes.length * 16 + (notes.length ? 4 : 0);
  const marginBottom = 52;
  const plotWidth = Math.max(40, width - marginLeft - marginRight);
  const plotHeight = Math.max(40, height - marginTop - marginBottom);

  const xValues: number[] = [];
  const yValues: number[] = [];
  for (const s of lines) {
    for (let i = 0; i < Math.min(s.x.length, s.y.length); i++) {
      if (usable(s.x[i], xScaleKind) && usable(s.y[i], yScaleKind)) {
        xValues.push(s.x[i]);
        yValues.push(s.y[i]);
      }
    }
  }
  for (const s of bars) {
    for (const b of s.bars) {
      xValues.push(b.x0, b.x1);
      yValues.push(b.y);
    }
  }
  if (bars.length && yScaleKind === 'linear') yValues.push(0);
  for (const r of rules) (r.axis === 'x' ? xValues : yValues).push(r.value);

  const xDomain = domainOf(xValues, spec.x);
  const yDomain = domainOf(yValues, spec.y);
  const sx = makeScale(spec.x, xDomain, [marginLeft, marginLeft + plotWidth]);
  const sy = makeScale(spec.y, yDomain, [marginTop + plotHeight, marginTop]);
  const plotBottom = marginTop + plotHeight;
  const plotRight = marginLeft + plotWidth;
  const clipId = `plot-${slug(spec.title)}`;
  const parts: string[] = [];

  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `role="img" aria-labelledby="${clipId}-title" font-family='${FONT}' font-size="12">`,
  );
  parts.push(`<title id="${clipId}-title">${escapeXml(spec.title)}</title>`);
  parts.push(`<desc>${escapeXml([spec.subtitle, `x: ${spec.x.label}`, `y: ${spec.y.label}`].filter(Boolean).join('; '))}</desc>`);
  parts.push(`<defs><clipPath id="${clipId}"><rect x="${marginLeft}" y="${coord(marginTop)}" width="${plotWidth}" height="${coord(plotHeight)}"/></clipPath></defs>`);
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(`<text class="title" x="${marginLeft}" y="20" font-size="15" font-weight="600" fill="${INK}">${escapeXml(spec.title)}</text>`);
  if (subtitleLines.length) {
    const spans = subtitleLines.map((line, i) => `<tspan x="${marginLeft}" dy="${i === 0 ? 0 : 16}">${escapeXml(line)}</tspan>`).join('');
    parts.push(`<text class="subtitle" x="${marginLeft}" y="38" fill="${MUTED}">${spans}</text>`);
  }
  parts.push(legendBlock.markup);

  const yTicks = ticksOf(spec.y, sy);
  const xTicks = ticksOf(spec.x, sx);
  const grid: string[] = [];
  const axisY: string[] = [];
  for (const tick of yTicks) {
    const y = coord(sy(tick.value));
    if (tick.label) grid.push(`<line x1="${marginLeft}" y1="${y}" x2="${plotRight}" y2="${y}" stroke="${GRID}"/>`);
    axisY.push(`<line x1="${marginLeft - (tick.label ? 6 : 3)}" y1="${y}" x2="${marginLeft}" y2="${y}" stroke="${INK}"/>`);
    if (tick.label) axisY.push(`<text x="${marginLeft - 9}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="${INK}">${tick.label}</text>`);
  }
  const axisX: string[] = [];
  for (const tick of xTicks) {
    const x = coord(sx(tick.value));
    axisX.push(`<line x1="${x}" y1="${plotBottom}" x2="${x}" y2="${plotBottom + (tick.label ? 6 : 3)}" stroke="${INK}"/>`);
    if (tick.label) axisX.push(`<text x="${x}" y="${plotBottom + 20}" text-anchor="middle" fill="${INK}">${tick.label}</text>`);
  }
  parts.push(`<g class="grid">${grid.join('')}</g>`);

  const marks: string[] = [];
  for (const s of colored.bars) {
    const opacity = s.opacity ?? 0.75;
    const base = yScaleKind === 'log' ? yDomain[0] : 0;
    for (const b of s.bars) {
      if (!usable(b.y, yScaleKind) || !Number.isFinite(b.x0) || !Number.isFinite(b.x1)) continue;
      const left = Math.min(sx(b.x0), sx(b.x1));
      const barWidth = Math.max(0.5, Math.abs(sx(b.x1) - sx(b.x0)));
      const top = Math.min(sy(b.y), sy(base));
      const barHeight = Math.abs(sy(base) - sy(b.y));
      marks.push(`<rect x="${coord(left)}" y="${coord(top)}" width="${coord(barWidth)}" height="${coord(barHeight)}" fill="${s.color}" fill-opacity="${opacity}"/>`);
    }
  }
  for (const s of colored.lines) {
    const d = pathOf(s, sx, sy, xScaleKind, yScaleKind);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    if (d) marks.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2" stroke-linejoin="round"${dash}/>`);
    if (s.markers) {
      for (let i = 0; i < Math.min(s.x.length, s.y.length); i++) {
        if (!usable(s.x[i], xScaleKind) || !usable(s.y[i], yScaleKind)) continue;
        marks.push(`<circle cx="${coord(sx(s.x[i]))}" cy="${coord(sy(s.y[i]))}" r="2.5" fill="${s.color}"/>`);
      }
    }
  }
  for (const r of colored.rules) {
    const scaleKind = r.axis === 'x' ? xScaleKind : yScaleKind;
    if (!usable(r.value, scaleKind)) continue;
    if (r.axis === 'x') {
      const x = coord(sx(r.value));
      marks.push(`<line class="rule" x1="${x}" y1="${coord(marginTop)}" x2="${x}" y2="${plotBottom}" stroke="${r.color}" stroke-width="1.5" stroke-dasharray="6 4"/>`);
    } else {
      const y = coord(sy(r.value));
      marks.push(`<line class="rule" x1="${marginLeft}" y1="${y}" x2="${plotRight}" y2="${y}" stroke="${r.color}" stroke-width="1.5" stroke-dasharray="6 4"/>`);
    }
  }
  parts.push(`<g class="marks" clip-path="url(#${clipId})">${marks.join('')}</g>`);

  parts.push(`<g class="axis y-axis">${axisY.join('')}<line x1="${marginLeft}" y1="${coord(marginTop)}" x2="${marginLeft}" y2="${plotBottom}" stroke="${INK}"/></g>`);
  parts.push(`<g class="axis x-axis">${axisX.join('')}<line x1="${marginLeft}" y1="${plotBottom}" x2="${plotRight}" y2="${plotBottom}" stroke="${INK}"/></g>`);
  parts.push(`<text class="x-label" x="${coord(marginLeft + plotWidth / 2)}" y="${height - 10}" text-anchor="middle" fill="${INK}">${escapeXml(spec.x.label)}</text>`);
  const yLabelY = coord(marginTop + plotHeight / 2);
  parts.push(`<text class="y-label" x="16" y="${yLabelY}" text-anchor="middle" transform="rotate(-90 16 ${yLabelY})" fill="${INK}">${escapeXml(spec.y.label)}</text>`);
  notes.forEach((note, i) => {
    parts.push(`<text class="note" x="${marginLeft}" y="${coord(notesTop + i * 16)}" fill="${MUTED}">${escapeXml(note)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
