// The random streams' standard normals (src/core/rng.ts) in WebAssembly: xoshiro128**, the
// 53-bit uniform and Box–Muller with fdlibm's log, sin and cos, line for line as
// src/core/rng.ts and src/core/libm.ts compute them. Only IEEE-exact operations (+, −, ×, ÷,
// √ and bit access), so every engine gets the same doubles as the JavaScript streams; the
// problem of an empirical run draws n·d² of them, which JavaScript computes several times
// slower.
//
// A stream's state, at `state`: xoshiro's words s0…s3 (i32), then whether a spare normal
// waits (i32) at byte 16, the spare (f64) at byte 24, and 16 bytes of scratch (NORMAL_STATE_BYTES
// in src/core/rng.ts).

const TWO_POW_53: f64 = 9007199254740992;
const TWO_PI: f64 = 2 * Math.PI;

// @ts-ignore: decorator
@inline function highWord(x: f64): i32 {
  return <i32>(reinterpret<u64>(x) >>> 32);
}

// @ts-ignore: decorator
@inline function lowWord(x: f64): i32 {
  return <i32>reinterpret<u64>(x);
}

// @ts-ignore: decorator
@inline function withHighWord(x: f64, high: i32): f64 {
  return reinterpret<f64>((<u64><u32>high << 32) | (reinterpret<u64>(x) & 0xffffffff));
}

// @ts-ignore: decorator
@inline function fromHighWord(high: i32): f64 {
  return reinterpret<f64>(<u64><u32>high << 32);
}

const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const TWO54: f64 = 1.8014398509481984e16;
const LG1: f64 = 6.666666666666735130e-1;
const LG2: f64 = 3.999999999940941908e-1;
const LG3: f64 = 2.857142874366239149e-1;
const LG4: f64 = 2.222219843214978396e-1;
const LG5: f64 = 1.818357216161805012e-1;
const LG6: f64 = 1.531383769920937332e-1;
const LG7: f64 = 1.479819860511658591e-1;

/** libm.ts log: fdlibm's __ieee754_log. */
export function libmLog64(input: f64): f64 {
  let x = input;
  let hx = highWord(x);
  const lx = lowWord(x);
  let k: i32 = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) == 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i0 ^ 0x3ff00000));
  k += i0 >> 20;
  const f = x - 1;
  const dk = <f64>k;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0) return k == 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const R = f * f * (0.5 - 0.3333333333333333 * f);
    return k == 0 ? f - R : dk * LN2_HI - (R - dk * LN2_LO - f);
  }
  const s = f / (2 + f);
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
    return k == 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  return k == 0 ? f - s * (f - R) : dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

const S1: f64 = -1.66666666666666324348e-1;
const S2: f64 = 8.33333333332248946124e-3;
const S3: f64 = -1.98412698298579493134e-4;
const S4: f64 = 2.75573137070700676789e-6;
const S5: f64 = -2.50507602534068634195e-8;
const S6: f64 = 1.58969099521155010221e-10;

// @ts-ignore: decorator
@inline function kernelSin(x: f64, y: f64, hasTail: bool): f64 {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000 && Math.trunc(x) == 0) return x;
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  return hasTail ? x - (z * (0.5 * y - v * r) - y - v * S1) : x + v * (S1 + z * r);
}

const C1: f64 = 4.16666666666666019037e-2;
const C2: f64 = -1.38888888888741095749e-3;
const C3: f64 = 2.48015872894767294178e-5;
const C4: f64 = -2.75573143513906633035e-7;
const C5: f64 = 2.08757232129817482790e-9;
const C6: f64 = -1.13596475577881948265e-11;

// @ts-ignore: decorator
@inline function kernelCos(x: f64, y: f64): f64 {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000 && Math.trunc(x) == 0) return 1;
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y));
  const qx = ix > 0x3fe90000 ? 0.28125 : fromHighWord(ix - 0x00200000);
  const hz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

const INV_PIO2: f64 = 6.36619772367581382433e-1;
const PIO2_1: f64 = 1.57079632673412561417;
const PIO2_1T: f64 = 6.07710050650619224932e-11;
const PIO2_2: f64 = 6.07710050630396597660e-11;
const PIO2_2T: f64 = 2.02226624879595063154e-21;
const PIO2_3: f64 = 2.02226624871116645580e-21;
const PIO2_3T: f64 = 8.47842766036889956997e-32;

/** High word of n·π/2 for n = 1…4, where the quick reduction may cancel. */
// @ts-ignore: decorator
@inline function nPio2HighWord(n: i32): i32 {
  return n == 1 ? 0x3ff921fb : n == 2 ? 0x400921fb : n == 3 ? 0x4012d97c : 0x401921fb;
}

/** libm.ts sinCos for |x| ≤ TRIG_MAX: sin(x) at out, cos(x) at out + 8. */
export function libmSinCos64(x: f64, out: usize): void {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    store<f64>(out, kernelSin(x, 0, false));
    store<f64>(out, kernelCos(x, 0), 8);
    return;
  }
  // remPio2: x − n·π/2 = y0 + y1.
  let y0: f64, y1: f64;
  let n: i32;
  if (ix < 0x4002d97c) {
    const sign: f64 = hx > 0 ? 1 : -1;
    let z = x - sign * PIO2_1;
    if (ix != 0x3ff921fb) {
      y0 = z - sign * PIO2_1T;
      y1 = z - y0 - sign * PIO2_1T;
    } else {
      z -= sign * PIO2_2;
      y0 = z - sign * PIO2_2T;
      y1 = z - y0 - sign * PIO2_2T;
    }
    n = hx > 0 ? 1 : -1;
  } else {
    const t0 = Math.abs(x);
    n = <i32>Math.trunc(t0 * INV_PIO2 + 0.5);
    const fn = <f64>n;
    let r = t0 - fn * PIO2_1;
    let w = fn * PIO2_1T;
    y0 = r - w;
    if (ix == nPio2HighWord(n)) {
      const j = ix >> 20;
      let i = j - ((highWord(y0) >> 20) & 0x7ff);
      if (i > 16) {
        let t = r;
        w = fn * PIO2_2;
        r = t - w;
        w = fn * PIO2_2T - (t - r - w);
        y0 = r - w;
        i = j - ((highWord(y0) >> 20) & 0x7ff);
        if (i > 49) {
          t = r;
          w = fn * PIO2_3;
          r = t - w;
          w = fn * PIO2_3T - (t - r - w);
          y0 = r - w;
        }
      }
    }
    y1 = r - y0 - w;
    if (hx < 0) {
      y0 = -y0;
      y1 = -y1;
      n = -n;
    }
  }
  const s = kernelSin(y0, y1, true);
  const c = kernelCos(y0, y1);
  switch (n & 3) {
    case 0:
      store<f64>(out, s);
      store<f64>(out, c, 8);
      return;
    case 1:
      store<f64>(out, c);
      store<f64>(out, -s, 8);
      return;
    case 2:
      store<f64>(out, -s);
      store<f64>(out, -c, 8);
      return;
    default:
      store<f64>(out, -c);
      store<f64>(out, s, 8);
  }
}

// The xoshiro128** words of the stream being drawn.
let s0: i32 = 0;
let s1: i32 = 0;
let s2: i32 = 0;
let s3: i32 = 0;

/** Rng.nextUint32. */
// @ts-ignore: decorator
@inline function nextUint32(): u32 {
  const result = <u32>(rotl<i32>(s1 * 5, 7) * 9);
  const t = s1 << 9;
  const n2 = s2 ^ s0;
  const n3 = s3 ^ s1;
  s1 = s1 ^ n2;
  s0 = s0 ^ n3;
  s2 = n2 ^ t;
  s3 = rotl<i32>(n3, 11);
  return result;
}

/** Rng.nextFloat: 27 high bits, then 26 low bits. */
// @ts-ignore: decorator
@inline function nextFloat(): f64 {
  const high = nextUint32() >>> 5;
  const low = nextUint32() >>> 6;
  return (<f64>high * 67108864 + <f64>low) / TWO_POW_53;
}

/**
 * Rng.fillNormal(out, scale) of the stream at `state`: count values scale·normal() into out,
 * and the stream's state (spare included) advanced as that call advances it. Box–Muller's
 * sin and cos land at state + 32.
 */
export function normals64(state: usize, out: usize, count: i32, scale: f64): void {
  s0 = load<i32>(state);
  s1 = load<i32>(state, 4);
  s2 = load<i32>(state, 8);
  s3 = load<i32>(state, 12);
  let hasSpare = load<i32>(state, 16) != 0;
  let spare = load<f64>(state, 24);
  const trig = state + 32;
  for (let i = 0; i < count; i++) {
    let value: f64;
    if (hasSpare) {
      hasSpare = false;
      value = spare;
    } else {
      const u1 = 1 - nextFloat();
      const u2 = nextFloat();
      const radius = Math.sqrt(-2 * libmLog64(u1));
      libmSinCos64(TWO_PI * u2, trig);
      spare = radius * load<f64>(trig);
      hasSpare = true;
      value = radius * load<f64>(trig, 8);
    }
    store<f64>(out + (<usize>i << 3), scale * value);
  }
  store<i32>(state, s0);
  store<i32>(state, s1, 4);
  store<i32>(state, s2, 8);
  store<i32>(state, s3, 12);
  store<i32>(state, hasSpare ? 1 : 0, 16);
  store<f64>(state, spare, 24);
}
