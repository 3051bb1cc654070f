// Shared look of the chart renderers and of the figures they share with the CLI: colours
// (CSS custom properties with colour-blind-safe fallbacks), number formats and axis ticks.
// Pure: no DOM, so the CLI's SVG files use the very same rules.
import { format } from 'd3';

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
/** Height of one legend row. */
export const LEGEND_ROW_HEIGHT = 20;

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

/** Log domain padded outwards to whole decades, so the axis stays still while data moves. */
export function decadeDomain(lo: number, hi: number): [number, number] {
  if (!(lo > 0) || !(hi > 0)) return [1e-3, 1];
  const bottom = 10 ** Math.floor(Math.log10(lo) + 1e-9);
  let top = 10 ** Math.ceil(Math.log10(hi) - 1e-9);
  if (top <= bottom) top = bottom * 10;
  return [bottom, top];
}

/** ρ with enough decimals that 1 − ρ keeps two significant digits (at least four). */
export function formatRho(rho: number): string {
  const gap = Math.abs(1 - rho);
  const decimals = gap > 0 ? Math.min(10, Math.max(4, Math.ceil(-Math.log10(gap)) + 1)) : 4;
  return rho.toFixed(decimals);
}

/** Approximate text width; jsdom has no layout and exact widths are not needed for spacing. */
export function estimateTextWidth(text: string, fontSize = FONT_SIZE): number {
  return text.length * fontSize * 0.58;
}

/** Plural helper for labels: "1 column", "3 columns". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
