// Number formatting for readouts: short, and never hiding that a value is tiny or huge.

/** A number with `digits` significant digits, in exponent form outside [1e-3, 1e5). */
export function formatNumber(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const magnitude = Math.abs(x);
  if (magnitude >= 1e5 || magnitude < 1e-3) return x.toExponential(digits - 1).replace('e', '·10^').replace('+', '');
  return String(Number(x.toPrecision(digits)));
}

/** An integer with thin-space thousands separators. */
export function formatCount(x: number): string {
  return Math.round(x).toLocaleString('en-US').replace(/,/g, '\u2009');
}
