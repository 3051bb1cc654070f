// The float64 pieces of each operator's step around the products of gemm64 (math.md §2).
// Sums run in a fixed order; the ones that may be split between threads take a range and
// write only the outputs in it.

/** dst (cols×rows) = srcᵀ for src rows×cols. */
export function transpose64(src: usize, rows: i32, cols: i32, dst: usize): void {
  for (let i = 0; i < rows; i++) {
    const s = src + ((<usize>i * <usize>cols) << 3);
    for (let c = 0; c < cols; c++) store<f64>(dst + ((<usize>c * <usize>rows + <usize>i) << 3), load<f64>(s + (<usize>c << 3)));
  }
}

/** Copies the upper triangle of the d×d matrix X onto its lower triangle. */
export function mirrorUpper64(X: usize, d: i32): void {
  for (let r = 1; r < d; r++) {
    const row = X + ((<usize>r * <usize>d) << 3);
    for (let c = 0; c < r; c++) store<f64>(row + (<usize>c << 3), load<f64>(X + ((<usize>c * <usize>d + <usize>r) << 3)));
  }
}

/**
 * Population, on the upper triangle of the d×d matrices X and M, rows [from, to): X ← X − M
 * there, and rowSums[r] = row r's share of ‖X − M‖_F² of the symmetric whole (its diagonal
 * entry once, each entry right of it twice). The caller adds the rows in order.
 */
export function residualRows64(X: usize, M: usize, d: i32, rowSums: usize, from: i32, to: i32): void {
  for (let r = from; r < to; r++) {
    const at = (<usize>r * <usize>d + <usize>r) << 3;
    const diagonal = load<f64>(X + at) - load<f64>(M + at);
    store<f64>(X + at, diagonal);
    let s = f64x2.splat(0);
    let c = r + 1;
    for (; c + 2 <= d; c += 2) {
      const o = (<usize>r * <usize>d + <usize>c) << 3;
      const e = f64x2.sub(v128.load(X + o), v128.load(M + o));
      v128.store(X + o, e);
      s = f64x2.add(s, f64x2.mul(e, e));
    }
    let offDiagonal = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    if (c < d) {
      const o = (<usize>r * <usize>d + <usize>c) << 3;
      const e = load<f64>(X + o) - load<f64>(M + o);
      store<f64>(X + o, e);
      offDiagonal += e * e;
    }
    store<f64>(rowSums + (<usize>r << 3), diagonal * diagonal + 2 * offDiagonal);
  }
}

/** Σ a_i b_i over `count` entries: even and odd entries apart, then added. */
export function dot64(a: usize, b: usize, count: i32): f64 {
  let s = f64x2.splat(0);
  let i = 0;
  for (; i + 2 <= count; i += 2) {
    const o = <usize>i << 3;
    s = f64x2.add(s, f64x2.mul(v128.load(a + o), v128.load(b + o)));
  }
  let s0 = f64x2.extract_lane(s, 0);
  if (i < count) s0 += load<f64>(a + (<usize>i << 3)) * load<f64>(b + (<usize>i << 3));
  return s0 + f64x2.extract_lane(s, 1);
}

/** dot64's sum of lanes: lane 0 plus the odd last product, then lane 1. */
// @ts-ignore: decorator
@inline function laneSum(s: v128, a: usize, X: usize, dd: i32): f64 {
  let s0 = f64x2.extract_lane(s, 0);
  if (dd & 1) {
    const o = <usize>(dd - 1) << 3;
    s0 += load<f64>(a + o) * load<f64>(X + o);
  }
  return s0 + f64x2.extract_lane(s, 1);
}

/**
 * Empirical direct: r_i = ⟨A_i, X⟩ − y_i for samples [from, to), each A_i of `dd` entries,
 * each ⟨A_i, X⟩ summed exactly as dot64 sums it. Four samples at a time share the loads of X
 * and keep four running sums instead of one (a lone sum waits on its own previous add).
 */
export function residuals64(A: usize, X: usize, y: usize, r: usize, dd: i32, from: i32, to: i32): void {
  const stride = <usize>dd << 3;
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const a0 = A + <usize>i * stride;
    const a1 = a0 + stride;
    const a2 = a1 + stride;
    const a3 = a2 + stride;
    let s0 = f64x2.splat(0);
    let s1 = f64x2.splat(0);
    let s2 = f64x2.splat(0);
    let s3 = f64x2.splat(0);
    for (let e = 0; e + 2 <= dd; e += 2) {
      const o = <usize>e << 3;
      const xe = v128.load(X + o);
      s0 = f64x2.add(s0, f64x2.mul(v128.load(a0 + o), xe));
      s1 = f64x2.add(s1, f64x2.mul(v128.load(a1 + o), xe));
      s2 = f64x2.add(s2, f64x2.mul(v128.load(a2 + o), xe));
      s3 = f64x2.add(s3, f64x2.mul(v128.load(a3 + o), xe));
    }
    const o = <usize>i << 3;
    store<f64>(r + o, laneSum(s0, a0, X, dd) - load<f64>(y + o));
    store<f64>(r + o, laneSum(s1, a1, X, dd) - load<f64>(y + o, 8), 8);
    store<f64>(r + o, laneSum(s2, a2, X, dd) - load<f64>(y + o, 16), 16);
    store<f64>(r + o, laneSum(s3, a3, X, dd) - load<f64>(y + o, 24), 24);
  }
  for (; i < to; i++) {
    const o = <usize>i << 3;
    store<f64>(r + o, dot64(A + <usize>i * stride, X, dd) - load<f64>(y + o));
  }
}

/**
 * Empirical direct: S[e] = Σ_i r_i A_i[e] for entries e in [from, to), adding samples in
 * order i = 0, 1, …, n−1 (four per pass over the range, which keeps that order).
 */
export function weightedSum64(A: usize, r: usize, S: usize, n: i32, dd: i32, from: i32, to: i32): void {
  const stride = <usize>dd << 3;
  for (let e = from; e < to; e++) store<f64>(S + (<usize>e << 3), 0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const w0 = f64x2.splat(load<f64>(r + (<usize>i << 3)));
    const w1 = f64x2.splat(load<f64>(r + (<usize>(i + 1) << 3)));
    const w2 = f64x2.splat(load<f64>(r + (<usize>(i + 2) << 3)));
    const w3 = f64x2.splat(load<f64>(r + (<usize>(i + 3) << 3)));
    const a0 = A + <usize>i * stride;
    const a1 = a0 + stride;
    const a2 = a1 + stride;
    const a3 = a2 + stride;
    let e = from;
    for (; e + 2 <= to; e += 2) {
      const o = <usize>e << 3;
      let s = v128.load(S + o);
      s = f64x2.add(s, f64x2.mul(w0, v128.load(a0 + o)));
      s = f64x2.add(s, f64x2.mul(w1, v128.load(a1 + o)));
      s = f64x2.add(s, f64x2.mul(w2, v128.load(a2 + o)));
      s = f64x2.add(s, f64x2.mul(w3, v128.load(a3 + o)));
      v128.store(S + o, s);
    }
    if (e < to) {
      const o = <usize>e << 3;
      let s = load<f64>(S + o);
      s = s + f64x2.extract_lane(w0, 0) * load<f64>(a0 + o);
      s = s + f64x2.extract_lane(w1, 0) * load<f64>(a1 + o);
      s = s + f64x2.extract_lane(w2, 0) * load<f64>(a2 + o);
      s = s + f64x2.extract_lane(w3, 0) * load<f64>(a3 + o);
      store<f64>(S + o, s);
    }
  }
  for (; i < n; i++) {
    const w = load<f64>(r + (<usize>i << 3));
    const a = A + <usize>i * stride;
    for (let e = from; e < to; e++) {
      const o = <usize>e << 3;
      store<f64>(S + o, load<f64>(S + o) + w * load<f64>(a + o));
    }
  }
}

/** S ← S + Sᵀ for the d×d matrix S. */
export function symmetrize64(S: usize, d: i32): void {
  for (let a = 0; a < d; a++) {
    const diagonal = S + ((<usize>a * <usize>d + <usize>a) << 3);
    store<f64>(diagonal, load<f64>(diagonal) * 2);
    for (let b = a + 1; b < d; b++) {
      const upper = S + ((<usize>a * <usize>d + <usize>b) << 3);
      const lower = S + ((<usize>b * <usize>d + <usize>a) << 3);
      const s = load<f64>(upper) + load<f64>(lower);
      store<f64>(upper, s);
      store<f64>(lower, s);
    }
  }
}
