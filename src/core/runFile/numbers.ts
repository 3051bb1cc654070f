// JSON has no NaN, ±Infinity or −0, and JSON.stringify would silently turn them into null
// or 0; they are written as the strings "NaN", "Infinity", "-Infinity", "-0" instead, so
// every double survives the round trip exactly.

export type EncodedNumber = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

export function encodeNumber(x: number): EncodedNumber {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0';
  return x;
}

export function decodeNumber(raw: unknown): number | null {
  if (typeof raw === 'number') return raw;
  if (raw === 'NaN') return NaN;
  if (raw === 'Infinity') return Infinity;
  if (raw === '-Infinity') return -Infinity;
  if (raw === '-0') return -0;
  return null;
}
