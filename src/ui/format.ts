// Number formatting for readouts, the same as the charts' labels so a value reads the
// same in the text and on an axis.
import { formatValue } from '../charts/theme';

/** 3 significant digits (tiny and huge values as 1.2×10⁻⁵); "—" when there is no value yet. */
export function formatNumber(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  return formatValue(x);
}

/**
 * An integer with narrow no-break spaces as thousands separators: as thin as a thin space,
 * but a line never breaks inside the number ("4 000 steps", not "4 / 000 steps").
 */
export function formatCount(x: number): string {
  return COUNT_FORMAT.format(Math.round(x)).replace(/,/g, '\u202f');
}

/** One formatter for every count: toLocaleString builds a new one per call, a cost the readouts paid several times per frame. */
const COUNT_FORMAT = new Intl.NumberFormat('en-US');

const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';

/** A whole number in subscript digits ("12" → "₁₂"), for indices such as σ*ⱼ. */
export function subscript(n: number): string {
  return String(n).replace(/\d/g, (digit) => SUBSCRIPT_DIGITS[Number(digit)]);
}
