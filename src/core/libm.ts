// log, sin and cos written out in JavaScript (ports of fdlibm's e_log.c, k_sin.c, k_cos.c
// and the medium-range part of e_rem_pio2.c, as V8's base/ieee754.cc has them), for the
// random streams. Math.log/sin/cos are not specified to the bit and engines disagree in
// the last place: Node 20's V8 and a current Chromium give different bits for most inputs.
// A ULP in a generated A_i or U₀ grows into a visibly different run, so a run file written
// by the CLI (Node) would not repeat in the browser, nor a shared link in another browser.
// These use only IEEE-exact arithmetic (+, −, ×, ÷ and bit access), so every engine gets
// the same doubles.

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
/** Index of the high word of a double in `words` (platform byte order). */
const HI = (() => {
  scratch[0] = 1;
  return words[1] === 0x3ff00000 ? 1 : 0;
})();
const LO = 1 - HI;

function highWord(x: number): number {
  scratch[0] = x;
  return words[HI] | 0;
}

function lowWord(x: number): number {
  scratch[0] = x;
  return words[LO];
}

function withHighWord(x: number, high: number): number {
  scratch[0] = x;
  words[HI] = high >>> 0;
  return scratch[0];
}

function fromWords(high: number, low: number): number {
  words[HI] = high >>> 0;
  words[LO] = low >>> 0;
  return scratch[0];
}

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const TWO54 = 1.8014398509481984e16;
const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/** Natural logarithm, the same doubles on every engine (fdlibm's __ieee754_log). */
export function log(input: number): number {
  let x = input;
  let hx = highWord(x);
  const lx = lowWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    // Subnormal: scale into the normal range.
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  // Normalize x or x/2 into [√2/2, √2).
  x = withHighWord(x, hx | (i0 ^ 0x3ff00000));
  k += i0 >> 20;
  const f = x - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2⁻²⁰
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const R = f * f * (0.5 - 0.3333333333333333 * f);
    return k === 0 ? f - R : k * LN2_HI - (R - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const dk = k;
  const z = s * s;
  let i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;

/** sin on [−π/4, π/4] of x + y (y the tail of a reduced argument). */
function kernelSin(x: number, y: number, hasTail: boolean): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000 && Math.trunc(x) === 0) return x;
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  return hasTail ? x - (z * (0.5 * y - v * r) - y - v * S1) : x + v * (S1 + z * r);
}

const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.08757232129817482790e-9;
const C6 = -1.13596475577881948265e-11;

/** cos on [−π/4, π/4] of x + y. */
function kernelCos(x: number, y: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000 && Math.trunc(x) === 0) return 1;
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y));
  const qx = ix > 0x3fe90000 ? 0.28125 : fromWords(ix - 0x00200000, 0);
  const hz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

const INV_PIO2 = 6.36619772367581382433e-1;
const PIO2_1 = 1.57079632673412561417;
const PIO2_1T = 6.07710050650619224932e-11;
const PIO2_2 = 6.07710050630396597660e-11;
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.02226624871116645580e-21;
const PIO2_3T = 8.47842766036889956997e-32;
/** High words of n·π/2 for n = 1…4, where the quick reduction may cancel. */
const NPIO2_HW = [0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb];
/** Largest |x| the reduction below handles: 2π rounded up (the random streams need [0, 2π)). */
export const TRIG_MAX = 6.3;

const reduced = new Float64Array(2);

/** x − n·π/2 as reduced[0] + reduced[1], and n (fdlibm's __ieee754_rem_pio2, medium range). */
function remPio2(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix < 0x4002d97c) {
    // |x| < 3π/4: n = ±1
    const sign = hx > 0 ? 1 : -1;
    let z = x - sign * PIO2_1;
    if (ix !== 0x3ff921fb) {
      reduced[0] = z - sign * PIO2_1T;
      reduced[1] = z - reduced[0] - sign * PIO2_1T;
    } else {
      z -= sign * PIO2_2;
      reduced[0] = z - sign * PIO2_2T;
      reduced[1] = z - reduced[0] - sign * PIO2_2T;
    }
    return sign;
  }
  const t0 = Math.abs(x);
  const n = Math.trunc(t0 * INV_PIO2 + 0.5);
  const fn = n;
  let r = t0 - fn * PIO2_1;
  let w = fn * PIO2_1T;
  if (ix !== NPIO2_HW[n - 1]) {
    reduced[0] = r - w;
  } else {
    const j = ix >> 20;
    reduced[0] = r - w;
    let i = j - ((highWord(reduced[0]) >> 20) & 0x7ff);
    if (i > 16) {
      let t = r;
      w = fn * PIO2_2;
      r = t - w;
      w = fn * PIO2_2T - (t - r - w);
      reduced[0] = r - w;
      i = j - ((highWord(reduced[0]) >> 20) & 0x7ff);
      if (i > 49) {
        t = r;
        w = fn * PIO2_3;
        r = t - w;
        w = fn * PIO2_3T - (t - r - w);
        reduced[0] = r - w;
      }
    }
  }
  reduced[1] = r - reduced[0] - w;
  if (hx < 0) {
    reduced[0] = -reduced[0];
    reduced[1] = -reduced[1];
    return -n;
  }
  return n;
}

function checkRange(x: number): void {
  if (!(Math.abs(x) <= TRIG_MAX)) throw new RangeError(`libm sin/cos handle |x| ≤ ${TRIG_MAX}, got ${x}`);
}

/** sin(x) for |x| ≤ TRIG_MAX, the same doubles on every engine. */
export function sin(x: number): number {
  checkRange(x);
  if ((highWord(x) & 0x7fffffff) <= 0x3fe921fb) return kernelSin(x, 0, false);
  const n = remPio2(x);
  const y0 = reduced[0];
  const y1 = reduced[1];
  switch (n & 3) {
    case 0:
      return kernelSin(y0, y1, true);
    case 1:
      return kernelCos(y0, y1);
    case 2:
      return -kernelSin(y0, y1, true);
    default:
      return -kernelCos(y0, y1);
  }
}

/** cos(x) for |x| ≤ TRIG_MAX, the same doubles on every engine. */
export function cos(x: number): number {
  checkRange(x);
  if ((highWord(x) & 0x7fffffff) <= 0x3fe921fb) return kernelCos(x, 0);
  const n = remPio2(x);
  const y0 = reduced[0];
  const y1 = reduced[1];
  switch (n & 3) {
    case 0:
      return kernelCos(y0, y1);
    case 1:
      return -kernelSin(y0, y1, true);
    case 2:
      return -kernelCos(y0, y1);
    default:
      return kernelSin(y0, y1, true);
  }
}

/**
 * sin(x) into out[0] and cos(x) into out[1] for |x| ≤ TRIG_MAX: the same doubles as sin and
 * cos, from one range check and one argument reduction (Box–Muller needs both of one angle).
 */
export function sinCos(x: number, out: Float64Array): void {
  checkRange(x);
  if ((highWord(x) & 0x7fffffff) <= 0x3fe921fb) {
    out[0] = kernelSin(x, 0, false);
    out[1] = kernelCos(x, 0);
    return;
  }
  const n = remPio2(x);
  const s = kernelSin(reduced[0], reduced[1], true);
  const c = kernelCos(reduced[0], reduced[1]);
  switch (n & 3) {
    case 0:
      out[0] = s;
      out[1] = c;
      return;
    case 1:
      out[0] = c;
      out[1] = -s;
      return;
    case 2:
      out[0] = -s;
      out[1] = -c;
      return;
    default:
      out[0] = -c;
      out[1] = s;
  }
}
