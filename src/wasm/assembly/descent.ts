// The gradient step of the population trainer (math.md §3) in the operator's memory, split
// between threads: the column norms the penalty weights come from, then the update. The
// arithmetic is the trainer's JavaScript, term for term (columnSquaredNorms in linalg.ts,
// penalizedUpdate in regularizers.ts), so a step taken here gives the same bits.
import { demoteFlushed, demotePairFlushed } from './steps32';

/**
 * out[c] = Σ_i U[i, c]² for the columns c in [from, to) of the d×k matrix U, each column
 * adding its rows in order (two rows per pass, as linalg.ts does).
 */
export function columnSquaredNorms64(U: usize, d: i32, k: i32, out: usize, from: i32, to: i32): void {
  for (let c = from; c < to; c++) store<f64>(out + (<usize>c << 3), 0);
  const rowBytes = <usize>k << 3;
  let i = 0;
  for (; i + 2 <= d; i += 2) {
    const r0 = U + <usize>i * rowBytes;
    const r1 = r0 + rowBytes;
    let c = from;
    for (; c + 2 <= to; c += 2) {
      const o = <usize>c << 3;
      const a = v128.load(r0 + o);
      const b = v128.load(r1 + o);
      v128.store(out + o, f64x2.add(f64x2.add(v128.load(out + o), f64x2.mul(a, a)), f64x2.mul(b, b)));
    }
    if (c < to) {
      const o = <usize>c << 3;
      const a = load<f64>(r0 + o);
      const b = load<f64>(r1 + o);
      store<f64>(out + o, load<f64>(out + o) + a * a + b * b);
    }
  }
  if (i < d) {
    const r = U + <usize>i * rowBytes;
    for (let c = from; c < to; c++) {
      const o = <usize>c << 3;
      const u = load<f64>(r + o);
      store<f64>(out + o, load<f64>(out + o) + u * u);
    }
  }
}

/**
 * Rows [from, to) of the d×k matrix U: U ← U − η (G + U diag(w)) when penalized, else
 * U ← U − η G, with G of element type G (a float32 gradient is widened exactly). With a
 * float32 gradient U also goes, flushed, into the float32 copy U32 the next step's products
 * read (demoteFlushed32's rounding), so that step need not copy it in again.
 */
// @ts-ignore: decorator
@inline function descend<G>(U: usize, U32: usize, grad: usize, weights: usize, k: i32, eta: f64, penalized: bool, from: i32, to: i32): void {
  const etas = f64x2.splat(eta);
  for (let i = from; i < to; i++) {
    const entry = <usize>i * <usize>k;
    const u = U + (entry << 3);
    const g = grad + entry * sizeof<G>();
    const u32 = U32 + (entry << 2);
    let c = 0;
    for (; c + 2 <= k; c += 2) {
      const o = <usize>c << 3;
      const x = v128.load(u + o);
      const gradient = sizeof<G>() == 8 ? v128.load(g + o) : f64x2.promote_low_f32x4(v128.load64_zero(g + (<usize>c << 2)));
      const step = penalized ? f64x2.add(gradient, f64x2.mul(v128.load(weights + o), x)) : gradient;
      const next = f64x2.sub(x, f64x2.mul(etas, step));
      v128.store(u + o, next);
      if (sizeof<G>() == 4) v128.store64_lane(u32 + (<usize>c << 2), demotePairFlushed(next), 0);
    }
    if (c < k) {
      const o = <usize>c << 3;
      const x = load<f64>(u + o);
      const gradient = <f64>load<G>(g + <usize>c * sizeof<G>());
      const next = x - eta * (penalized ? gradient + load<f64>(weights + o) * x : gradient);
      store<f64>(u + o, next);
      if (sizeof<G>() == 4) store<f32>(u32 + (<usize>c << 2), demoteFlushed(next));
    }
  }
}

/** descend with a float64 gradient; penalized: 0 or 1. */
export function descend64(U: usize, grad: usize, weights: usize, k: i32, eta: f64, penalized: i32, from: i32, to: i32): void {
  descend<f64>(U, 0, grad, weights, k, eta, penalized != 0, from, to);
}

/** descend with a float32 gradient (the float32 population operator's), refreshing U32. */
export function descend32(U: usize, U32: usize, grad: usize, weights: usize, k: i32, eta: f64, penalized: i32, from: i32, to: i32): void {
  descend<f32>(U, U32, grad, weights, k, eta, penalized != 0, from, to);
}

/** The entry q (column c) of G + U diag(w) when penalized, else of G, in float64. */
// @ts-ignore: decorator
@inline function penalizedEntry<G>(U: usize, grad: usize, weights: usize, q: usize, c: i32, penalized: bool): f64 {
  const g = <f64>load<G>(grad + q * sizeof<G>());
  return penalized ? g + load<f64>(weights + (<usize>c << 3)) * load<f64>(U + (q << 3)) : g;
}

/**
 * ‖G + U diag(w)‖_F² (‖G‖_F² when not penalized) of the d×k matrices, summed as
 * frobeniusNorm in linalg.ts sums: four running sums over the entries in order (entry q into
 * sum q mod 4, a last partial group into the first), then (s0 + s1) + (s2 + s3).
 */
// @ts-ignore: decorator
@inline function penalizedGradientSquaredNorm<G>(U: usize, grad: usize, weights: usize, d: i32, k: i32, penalized: bool): f64 {
  const count = <usize>d * <usize>k;
  if ((k & 3) == 0) {
    // Every row starts a group of four: two vectors of running sums, (s0, s1) and (s2, s3).
    let s01 = f64x2.splat(0);
    let s23 = f64x2.splat(0);
    for (let i = 0; i < d; i++) {
      const row = <usize>i * <usize>k;
      for (let c = 0; c < k; c += 4) {
        const q = row + <usize>c;
        let x01: v128, x23: v128;
        if (sizeof<G>() == 8) {
          x01 = v128.load(grad + (q << 3));
          x23 = v128.load(grad + (q << 3), 16);
        } else {
          const g = v128.load(grad + (q << 2));
          x01 = f64x2.promote_low_f32x4(g);
          x23 = f64x2.promote_low_f32x4(v128.shuffle<i32>(g, g, 2, 3, 0, 1));
        }
        if (penalized) {
          const w = weights + (<usize>c << 3);
          const u = U + (q << 3);
          x01 = f64x2.add(x01, f64x2.mul(v128.load(w), v128.load(u)));
          x23 = f64x2.add(x23, f64x2.mul(v128.load(w, 16), v128.load(u, 16)));
        }
        s01 = f64x2.add(s01, f64x2.mul(x01, x01));
        s23 = f64x2.add(s23, f64x2.mul(x23, x23));
      }
    }
    return f64x2.extract_lane(s01, 0) + f64x2.extract_lane(s01, 1) + (f64x2.extract_lane(s23, 0) + f64x2.extract_lane(s23, 1));
  }
  let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
  let q: usize = 0;
  let c = 0;
  for (; q + 4 <= count; q += 4) {
    let x = penalizedEntry<G>(U, grad, weights, q, c, penalized);
    s0 += x * x;
    if (++c == k) c = 0;
    x = penalizedEntry<G>(U, grad, weights, q + 1, c, penalized);
    s1 += x * x;
    if (++c == k) c = 0;
    x = penalizedEntry<G>(U, grad, weights, q + 2, c, penalized);
    s2 += x * x;
    if (++c == k) c = 0;
    x = penalizedEntry<G>(U, grad, weights, q + 3, c, penalized);
    s3 += x * x;
    if (++c == k) c = 0;
  }
  for (; q < count; q++) {
    const x = penalizedEntry<G>(U, grad, weights, q, c, penalized);
    s0 += x * x;
    if (++c == k) c = 0;
  }
  return s0 + s1 + (s2 + s3);
}

/** penalizedGradientSquaredNorm with a float64 gradient; penalized: 0 or 1. */
export function gradientSquaredNorm64(U: usize, grad: usize, weights: usize, d: i32, k: i32, penalized: i32): f64 {
  return penalizedGradientSquaredNorm<f64>(U, grad, weights, d, k, penalized != 0);
}

/** penalizedGradientSquaredNorm with a float32 gradient. */
export function gradientSquaredNorm32(U: usize, grad: usize, weights: usize, d: i32, k: i32, penalized: i32): f64 {
  return penalizedGradientSquaredNorm<f32>(U, grad, weights, d, k, penalized != 0);
}
