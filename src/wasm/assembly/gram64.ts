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

/** Row p's part, from column `from` on, with a pair of lanes; adds G[p,q]·xp to col for q ≥ from. */
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

/** Blocks [blockFrom, blockTo) of the row and column parts of G x. */
export function symvBlocks64(G: usize, x: usize, m: i32, rowPart: usize, colParts: usize, blockFrom: i32, blockTo: i32): void {
  for (let block = blockFrom; block < blockTo; block++) {
    const first = block * SYMV_BLOCK;
    const last = min(first + SYMV_BLOCK, m);
    // The slice is addressed by column q directly: entry q sits at base + q.
    const col = colParts + ((colPartStart(block, m) - <usize>first) << 3);
    for (let q = first; q < m; q++) store<f64>(col + (<usize>q << 3), 0);
    for (let p = first; p < last; p++) {
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
