// The Gram-folded operator's step (math.md §2) in float64: x = svec(UUᵀ), g = G x with G
// stored as a packed upper triangle, then S_sym from g − b.
//
// g = G x is summed so that neither the thread count nor the split changes a bit: rows go in
// fixed blocks of SYMV_BLOCK. Block β computes, for each of its rows p, the row part
// Σ_{q ≥ p} G[p,q] x[q] (into rowPart[p]) and, for every column q after its first row, its
// column part Σ_{p in β, p < q} G[p,q] x[p] (into its own slice of colParts). Then
// g[q] = rowPart[q] + Σ_β colParts_β[q], blocks in order.

export const SYMV_BLOCK: i32 = 64;

/** Entries of colParts before block β's slice (block β covers columns q ≥ β·SYMV_BLOCK). */
// @ts-ignore: decorator
@inline function colPartStart(block: i32, m: i32): usize {
  const b = <usize>block;
  return b * <usize>m - ((<usize>SYMV_BLOCK * b * (b - 1)) >> 1);
}

/** Length of colParts for an m×m matrix. */
export function colPartsLength(m: i32): i32 {
  const blocks = (m + SYMV_BLOCK - 1) / SYMV_BLOCK;
  return <i32>colPartStart(blocks, m);
}

/** Byte address of packed G's entry (p, p). */
// @ts-ignore: decorator
@inline function diagonalPointer(G: usize, m: i32, p: i32): usize {
  const r = <usize>p;
  return G + ((r * <usize>m - ((r * (r - 1)) >> 1)) << 3);
}

/** x = svec(X) of the symmetric d×d X: diagonal X_aa, off-diagonal √2·X_ab, row by row. */
export function svec64(X: usize, d: i32, x: usize): void {
  let p: usize = x;
  for (let a = 0; a < d; a++) {
    const row = X + ((<usize>a * <usize>d) << 3);
    store<f64>(p, load<f64>(row + (<usize>a << 3)));
    p += 8;
    for (let b = a + 1; b < d; b++) {
      store<f64>(p, Math.SQRT2 * load<f64>(row + (<usize>b << 3)));
      p += 8;
    }
  }
}

/**
 * Row p's part, from column `from` on, with a pair of lanes; adds G[p,q]·xp to col for q ≥ from.
 * The blocks' rows that do not fill a group of SYMV_ROWS go through here.
 */
// @ts-ignore: decorator
@inline function rowTail(g: usize, x: usize, col: usize, from: i32, m: i32, xp: f64): f64 {
  let acc = f64x2.splat(0);
  const w = f64x2.splat(xp);
  let q = from;
  for (; q + 2 <= m; q += 2) {
    const o = <usize>q << 3;
    const gq = v128.load(g + o);
    acc = f64x2.add(acc, f64x2.mul(gq, v128.load(x + o)));
    v128.store(col + o, f64x2.add(v128.load(col + o), f64x2.mul(gq, w)));
  }
  let s0 = f64x2.extract_lane(acc, 0);
  if (q < m) {
    const o = <usize>q << 3;
    const gq = load<f64>(g + o);
    s0 = s0 + gq * load<f64>(x + o);
    store<f64>(col + o, load<f64>(col + o) + gq * xp);
  }
  return s0 + f64x2.extract_lane(acc, 1);
}

/** Rows a group of symvRows4 computes at once. */
const SYMV_ROWS: i32 = 4;

/**
 * Rows p … p+3 at once, with exactly rowTail's sums: row p's tail Σ_{q > p} G[p,q]x[q] is
 * two running sums, E over q = p+1, p+3, … and O over q = p+2, p+4, …, each in increasing q
 * from +0, added as E + O (rowTail's lanes 0 and 1; its odd last term goes to lane 0, which
 * is E); col[q] gains the rows' G[p,q]·x[p] in row order. Sharing the loads of x[q] and
 * col[q] between four rows, and four independent sums instead of one, is what makes it fast
 * (one running sum waits on its own previous add).
 */
// @ts-ignore: decorator
@inline function symvRows4(G: usize, x: usize, m: i32, rowPart: usize, col: usize, p: i32): void {
  const d0 = diagonalPointer(G, m, p);
  const d1 = diagonalPointer(G, m, p + 1);
  const d2 = diagonalPointer(G, m, p + 2);
  const d3 = diagonalPointer(G, m, p + 3);
  // Row r addressed by column q: G[r,q] at g_r + 8q.
  const g0 = d0 - (<usize>p << 3);
  const g1 = d1 - (<usize>(p + 1) << 3);
  const g2 = d2 - (<usize>(p + 2) << 3);
  const g3 = d3 - (<usize>(p + 3) << 3);
  const xo = x + (<usize>p << 3);
  const x0 = load<f64>(xo);
  const x1 = load<f64>(xo, 8);
  const x2 = load<f64>(xo, 16);
  const x3 = load<f64>(xo, 24);
  // The triangle q ≤ p+3 in order; g0[q] is G[p,q] (byte offset 8q).
  const a01 = load<f64>(d0, 8), a02 = load<f64>(d0, 16), a03 = load<f64>(d0, 24);
  const a12 = load<f64>(d1, 8), a13 = load<f64>(d1, 16);
  const a23 = load<f64>(d2, 8);
  const c = col + (<usize>p << 3);
  store<f64>(c, load<f64>(c, 8) + a01 * x0, 8);
  store<f64>(c, (load<f64>(c, 16) + a02 * x0) + a12 * x1, 16);
  store<f64>(c, ((load<f64>(c, 24) + a03 * x0) + a13 * x1) + a23 * x2, 24);
  // Pairs (q, q+1) from q = p+4: q has row p's and p+2's parity (their O, lane 0 here) and
  // row p+1's and p+3's E (lane 0 there).
  let e0 = (0 + a01 * x1) + a03 * x3;
  let o0 = 0 + a02 * x2;
  let e1 = 0 + a12 * x2;
  let o1 = 0 + a13 * x3;
  let e2 = 0 + a23 * x3;
  let acc0 = f64x2.replace_lane(f64x2.splat(o0), 1, e0);
  let acc1 = f64x2.replace_lane(f64x2.splat(e1), 1, o1);
  let acc2 = f64x2.replace_lane(f64x2.splat(0), 1, e2);
  let acc3 = f64x2.splat(0);
  const w0 = f64x2.splat(x0);
  const w1 = f64x2.splat(x1);
  const w2 = f64x2.splat(x2);
  const w3 = f64x2.splat(x3);
  let q = p + SYMV_ROWS;
  for (; q + 2 <= m; q += 2) {
    const o = <usize>q << 3;
    const xq = v128.load(x + o);
    const r0 = v128.load(g0 + o);
    const r1 = v128.load(g1 + o);
    const r2 = v128.load(g2 + o);
    const r3 = v128.load(g3 + o);
    acc0 = f64x2.add(acc0, f64x2.mul(r0, xq));
    acc1 = f64x2.add(acc1, f64x2.mul(r1, xq));
    acc2 = f64x2.add(acc2, f64x2.mul(r2, xq));
    acc3 = f64x2.add(acc3, f64x2.mul(r3, xq));
    let cq = f64x2.add(v128.load(col + o), f64x2.mul(r0, w0));
    cq = f64x2.add(cq, f64x2.mul(r1, w1));
    cq = f64x2.add(cq, f64x2.mul(r2, w2));
    v128.store(col + o, f64x2.add(cq, f64x2.mul(r3, w3)));
  }
  o0 = f64x2.extract_lane(acc0, 0);
  e0 = f64x2.extract_lane(acc0, 1);
  e1 = f64x2.extract_lane(acc1, 0);
  o1 = f64x2.extract_lane(acc1, 1);
  let o2 = f64x2.extract_lane(acc2, 0);
  e2 = f64x2.extract_lane(acc2, 1);
  let e3 = f64x2.extract_lane(acc3, 0);
  const o3 = f64x2.extract_lane(acc3, 1);
  if (q < m) {
    const o = <usize>q << 3;
    const r0 = load<f64>(g0 + o), r1 = load<f64>(g1 + o), r2 = load<f64>(g2 + o), r3 = load<f64>(g3 + o);
    const xq = load<f64>(x + o);
    o0 = o0 + r0 * xq;
    e1 = e1 + r1 * xq;
    o2 = o2 + r2 * xq;
    e3 = e3 + r3 * xq;
    store<f64>(col + o, (((load<f64>(col + o) + r0 * x0) + r1 * x1) + r2 * x2) + r3 * x3);
  }
  const out = rowPart + (<usize>p << 3);
  store<f64>(out, load<f64>(d0) * x0 + (e0 + o0));
  store<f64>(out, load<f64>(d1) * x1 + (e1 + o1), 8);
  store<f64>(out, load<f64>(d2) * x2 + (e2 + o2), 16);
  store<f64>(out, load<f64>(d3) * x3 + (e3 + o3), 24);
}

/** Blocks [blockFrom, blockTo) of the row and column parts of G x. */
export function symvBlocks64(G: usize, x: usize, m: i32, rowPart: usize, colParts: usize, blockFrom: i32, blockTo: i32): void {
  for (let block = blockFrom; block < blockTo; block++) {
    const first = block * SYMV_BLOCK;
    const last = min(first + SYMV_BLOCK, m);
    // The slice is addressed by column q directly: entry q sits at base + q.
    const col = colParts + ((colPartStart(block, m) - <usize>first) << 3);
    for (let q = first; q < m; q++) store<f64>(col + (<usize>q << 3), 0);
    let p = first;
    for (; p + SYMV_ROWS <= last; p += SYMV_ROWS) symvRows4(G, x, m, rowPart, col, p);
    for (; p < last; p++) {
      const diagonal = diagonalPointer(G, m, p);
      // Row p of G, addressed by column q.
      const g = diagonal - (<usize>p << 3);
      const xp = load<f64>(x + (<usize>p << 3));
      const head = load<f64>(diagonal) * xp;
      store<f64>(rowPart + (<usize>p << 3), head + rowTail(g, x, col, p + 1, m, xp));
    }
  }
}

/** g[q] = rowPart[q] + Σ_β colParts_β[q] (blocks in order) for q in [from, to). */
export function symvReduce64(m: i32, rowPart: usize, colParts: usize, g: usize, from: i32, to: i32): void {
  for (let q = from; q < to; q++) {
    const o = <usize>q << 3;
    let s = load<f64>(rowPart + o);
    const blocks = q / SYMV_BLOCK + 1;
    for (let block = 0; block < blocks; block++) {
      s = s + load<f64>(colParts + ((colPartStart(block, m) - <usize>(block * SYMV_BLOCK)) << 3) + o);
    }
    store<f64>(g + o, s);
  }
}

/** S_sym of svec⁻¹(g − b): diagonal g − b, off-diagonal (g − b)/√2, mirrored. */
export function unsvecResidual64(g: usize, b: usize, d: i32, S: usize): void {
  let p: usize = 0;
  for (let a = 0; a < d; a++) {
    store<f64>(S + ((<usize>a * <usize>d + <usize>a) << 3), load<f64>(g + p) - load<f64>(b + p));
    p += 8;
    for (let c = a + 1; c < d; c++) {
      const s = (load<f64>(g + p) - load<f64>(b + p)) * Math.SQRT1_2;
      store<f64>(S + ((<usize>a * <usize>d + <usize>c) << 3), s);
      store<f64>(S + ((<usize>c * <usize>d + <usize>a) << 3), s);
      p += 8;
    }
  }
}
