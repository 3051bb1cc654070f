// C = scale · A·B in float64 (f64x2) or float32 (f32x4), for the output rows [rowFrom, rowTo).
// Every output element is one accumulator that adds a[l]·b[l] for l = 0, 1, …, K−1 in order
// with a plain multiply and a plain add (no fused multiply-add), whatever tile it falls in, so
// the result does not depend on the tiling, on how rows are split between threads, on the CPU
// or on the engine. The one exception is float32 built with relaxed SIMD (the fast mode's
// binaries): there the engine may fuse each multiply-add, which a mul+add tile cannot match
// for speed (the vector units do a multiply and an add per cycle, or two fused ones); the
// order, and so 1 against N threads, stays the same.
//
// Both operands are read packed, so the register tile streams through contiguous memory:
// packB lays B out in strips of two vectors of columns (each strip K rows of STRIP_BYTES,
// zero past column n), once per product and shared by the threads; gemm packs A itself, five
// rows at a time interleaved by term, into the scratch block of those rows (a thread only
// ever touches the blocks of its own rows). Without packing, the five strided rows of A and
// the K strided rows of B ran the tile at two thirds of its speed at d = 500. A thread packs
// all its rows of A first, then walks B a panel of strips at a time, every block of A over
// each panel, so the panel is read from L2 instead of all of B (2 MB at d = 500) once per
// block from L3.
import { ACCUMULATE, PACKED, SYMMETRIC_A, UPPER, rowPointer } from './layout';

// @ts-ignore: decorator
@inline const VECTOR: usize = 16;
/** Rows of the register tile: five rows by two vectors keep ten accumulators, two vectors of B and one broadcast in V8's fifteen xmm registers. */
// @ts-ignore: decorator
@inline const ROWS: i32 = 5;
/** Bytes of one term of a strip of packed B: two vectors. */
// @ts-ignore: decorator
@inline const STRIP_BYTES: usize = 32;

// @ts-ignore: decorator
@inline function lanes<T>(): i32 {
  return <i32>(VECTOR / sizeof<T>());
}

/** Columns per strip of packed B. */
// @ts-ignore: decorator
@inline function stripColumns<T>(): i32 {
  return <i32>(STRIP_BYTES / sizeof<T>());
}

/** Bytes of packed B one panel of strips may take: the panel stays in L2 while every block of A passes over it. */
// @ts-ignore: decorator
@inline const PANEL_BYTES: usize = 256 * 1024;

/** Accumulator vectors of the register tile: ROWS rows by two vectors. */
// @ts-ignore: decorator
@inline const TILE_VECTORS: usize = 10;

/** Bytes of one block of packed A (ROWS rows of K terms) plus the tile's accumulators between its phases. */
// @ts-ignore: decorator
@inline function blockBytes<T>(K: i32): usize {
  return ((<usize>ROWS * <usize>K * sizeof<T>() + VECTOR - 1) & ~(VECTOR - 1)) + TILE_VECTORS * VECTOR;
}

/**
 * Packs strips [stripFrom, stripTo) of B (K×n, row stride ldb; or, transposed, B = Sᵀ for the
 * n×K matrix S at B with row stride ldb) into Bp: strip s holds, for l = 0…K−1, the entries
 * (l, s·w … s·w + w − 1), zero past column n.
 */
function packB<T>(B: usize, ldb: i32, transposed: bool, K: i32, n: i32, Bp: usize, stripFrom: i32, stripTo: i32): void {
  const w = stripColumns<T>();
  const ldb8 = <usize>ldb * sizeof<T>();
  for (let s = stripFrom; s < stripTo; s++) {
    const col0 = s * w;
    let dst = Bp + <usize>s * <usize>K * STRIP_BYTES;
    if (col0 + w <= n && !transposed) {
      let src = B + <usize>col0 * sizeof<T>();
      for (let l = 0; l < K; l++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, VECTOR), VECTOR);
        src += ldb8;
        dst += STRIP_BYTES;
      }
    } else if (col0 + w <= n) {
      // Column c of the strip is row col0 + c of S, contiguous in l.
      const src = B + <usize>col0 * ldb8;
      for (let l = 0; l < K; l++) {
        const o = <usize>l * sizeof<T>();
        for (let c = 0; c < w; c++) store<T>(dst + <usize>c * sizeof<T>(), load<T>(src + <usize>c * ldb8 + o));
        dst += STRIP_BYTES;
      }
    } else {
      for (let l = 0; l < K; l++) {
        for (let c = 0; c < w; c++) {
          const col = col0 + c;
          const value: T = col >= n ? <T>0 : transposed ? load<T>(B + <usize>col * ldb8 + <usize>l * sizeof<T>()) : load<T>(B + <usize>l * ldb8 + <usize>col * sizeof<T>());
          store<T>(dst + <usize>c * sizeof<T>(), value);
        }
        dst += STRIP_BYTES;
      }
    }
  }
}

/** Packs `rows` (≤ ROWS) rows of A from a into block, term by term, zero for the rows past `rows`. */
function packA<T>(a: usize, lda8: usize, rows: i32, K: i32, block: usize): void {
  let dst = block;
  if (rows == ROWS) {
    const a1 = a + lda8, a2 = a1 + lda8, a3 = a2 + lda8, a4 = a3 + lda8;
    for (let l = 0; l < K; l++) {
      const o = <usize>l * sizeof<T>();
      store<T>(dst, load<T>(a + o));
      store<T>(dst, load<T>(a1 + o), sizeof<T>());
      store<T>(dst, load<T>(a2 + o), 2 * sizeof<T>());
      store<T>(dst, load<T>(a3 + o), 3 * sizeof<T>());
      store<T>(dst, load<T>(a4 + o), 4 * sizeof<T>());
      dst += <usize>ROWS * sizeof<T>();
    }
    return;
  }
  for (let l = 0; l < K; l++) {
    const o = <usize>l * sizeof<T>();
    for (let r = 0; r < ROWS; r++) store<T>(dst + <usize>r * sizeof<T>(), r < rows ? load<T>(a + <usize>r * lda8 + o) : <T>0);
    dst += <usize>ROWS * sizeof<T>();
  }
}

/**
 * Packs rows i … i + rows − 1 of the symmetric matrix whose upper triangle is stored at A:
 * entry (row, l) is read at (l, row) left of the diagonal. Spares the mirroring pass.
 */
function packSymmetricA<T>(A: usize, lda8: usize, i: i32, rows: i32, K: i32, block: usize): void {
  if (rows < ROWS) {
    // The last, partial block: entry by entry.
    let dst = block;
    for (let l = 0; l < K; l++) {
      const o = <usize>l * sizeof<T>();
      for (let r = 0; r < ROWS; r++) {
        const row = i + r;
        const value: T = r >= rows ? <T>0 : l < row ? load<T>(A + <usize>l * lda8 + <usize>row * sizeof<T>()) : load<T>(A + <usize>row * lda8 + o);
        store<T>(dst + <usize>r * sizeof<T>(), value);
      }
      dst += <usize>ROWS * sizeof<T>();
    }
    return;
  }
  // Terms left of the block's diagonal: the five entries (l, i … i+4) of row l, side by side.
  let dst = block;
  let src = A + <usize>i * sizeof<T>();
  for (let l = 0; l < i; l++) {
    for (let r = 0; r < ROWS; r++) store<T>(dst + <usize>r * sizeof<T>(), load<T>(src + <usize>r * sizeof<T>()));
    src += lda8;
    dst += <usize>ROWS * sizeof<T>();
  }
  // The 5×5 diagonal block, then the rows themselves right of it.
  const diagonalEnd = min(K, i + ROWS);
  for (let l = i; l < diagonalEnd; l++) {
    for (let r = 0; r < ROWS; r++) {
      const row = i + r;
      store<T>(dst + <usize>r * sizeof<T>(), l < row ? load<T>(A + <usize>l * lda8 + <usize>row * sizeof<T>()) : load<T>(A + <usize>row * lda8 + <usize>l * sizeof<T>()));
    }
    dst += <usize>ROWS * sizeof<T>();
  }
  packA<T>(A + <usize>i * lda8 + <usize>diagonalEnd * sizeof<T>(), lda8, ROWS, K - diagonalEnd, dst);
}

/**
 * The lanes of a vector of C that exist and belong to this call, as a bit set: lane t covers
 * column col + t; columns past n do not exist, and with UPPER neither do those left of row.
 */
// @ts-ignore: decorator
@inline function laneMask<T>(row: i32, col: i32, n: i32, upper: bool, rowValid: bool): i32 {
  const L = lanes<T>();
  if (!rowValid) return 0;
  const lo = upper ? max(0, row - col) : 0;
  const hi = min(L, n - col);
  if (lo >= hi) return 0;
  return ((1 << hi) - 1) & ~((1 << lo) - 1);
}

/** Accumulator `v` of the tile starts as zero, or (resume) as the lanes of C in mask. */
// @ts-ignore: decorator
@inline function start<T>(acc: usize, c: usize, mask: i32, resume: bool): void {
  const L = lanes<T>();
  if (resume && mask == (1 << L) - 1) {
    v128.store(acc, v128.load(c));
    return;
  }
  v128.store(acc, v128.splat<T>(<T>0));
  if (!resume) return;
  for (let t = 0; t < L; t++) if ((mask >> t) & 1) store<T>(acc + <usize>t * sizeof<T>(), load<T>(c + <usize>t * sizeof<T>()));
}

/** Stores the lanes in mask of accumulator acc (times scale when scaled) to C. */
// @ts-ignore: decorator
@inline function finish<T>(acc: usize, c: usize, mask: i32, scale: T, scaled: bool): void {
  const L = lanes<T>();
  if (mask == 0) return;
  const value = scaled ? v128.mul<T>(v128.load(acc), v128.splat<T>(scale)) : v128.load(acc);
  if (mask == (1 << L) - 1) {
    v128.store(c, value);
    return;
  }
  v128.store(acc, value);
  for (let t = 0; t < L; t++) if ((mask >> t) & 1) store<T>(c + <usize>t * sizeof<T>(), load<T>(acc + <usize>t * sizeof<T>()));
}

/** acc + x·b: fused in float32 when built with relaxed SIMD, a plain multiply and add otherwise. */
// @ts-ignore: decorator
@inline function multiplyAdd<T>(acc: v128, x: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD && sizeof<T>() == 4) return v128.relaxed_madd<T>(x, b, acc);
  return v128.add<T>(acc, v128.mul<T>(x, b));
}

/**
 * The hot loop: the ten accumulators at acc (row r, vector v at acc + 16·(2r + v)) gain the K
 * terms of the packed block pa and strip pb. Kept apart from the tile's edges and masks so
 * that only the accumulators, the two vectors of B, the broadcast and three pointers are live
 * in the loop: with more, V8 spills accumulators to the stack and the loop runs at half speed.
 */
// @ts-ignore: decorator
@inline function accumulate<T>(pa: usize, pb: usize, K: i32, acc: usize): void {
  let s00 = v128.load(acc), s01 = v128.load(acc, VECTOR);
  let s10 = v128.load(acc, 2 * VECTOR), s11 = v128.load(acc, 3 * VECTOR);
  let s20 = v128.load(acc, 4 * VECTOR), s21 = v128.load(acc, 5 * VECTOR);
  let s30 = v128.load(acc, 6 * VECTOR), s31 = v128.load(acc, 7 * VECTOR);
  let s40 = v128.load(acc, 8 * VECTOR), s41 = v128.load(acc, 9 * VECTOR);
  const end = pb + <usize>K * STRIP_BYTES;
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, VECTOR);
    let x = v128.load_splat<T>(pa);
    s00 = multiplyAdd<T>(s00, x, b0);
    s01 = multiplyAdd<T>(s01, x, b1);
    x = v128.load_splat<T>(pa, sizeof<T>());
    s10 = multiplyAdd<T>(s10, x, b0);
    s11 = multiplyAdd<T>(s11, x, b1);
    x = v128.load_splat<T>(pa, 2 * sizeof<T>());
    s20 = multiplyAdd<T>(s20, x, b0);
    s21 = multiplyAdd<T>(s21, x, b1);
    x = v128.load_splat<T>(pa, 3 * sizeof<T>());
    s30 = multiplyAdd<T>(s30, x, b0);
    s31 = multiplyAdd<T>(s31, x, b1);
    x = v128.load_splat<T>(pa, 4 * sizeof<T>());
    s40 = multiplyAdd<T>(s40, x, b0);
    s41 = multiplyAdd<T>(s41, x, b1);
    pa += <usize>ROWS * sizeof<T>();
    pb += STRIP_BYTES;
  }
  v128.store(acc, s00); v128.store(acc, s01, VECTOR);
  v128.store(acc, s10, 2 * VECTOR); v128.store(acc, s11, 3 * VECTOR);
  v128.store(acc, s20, 4 * VECTOR); v128.store(acc, s21, 5 * VECTOR);
  v128.store(acc, s30, 6 * VECTOR); v128.store(acc, s31, 7 * VECTOR);
  v128.store(acc, s40, 8 * VECTOR); v128.store(acc, s41, 9 * VECTOR);
}

function accumulate64(pa: usize, pb: usize, K: i32, acc: usize): void {
  accumulate<f64>(pa, pb, K, acc);
}

function accumulate32(pa: usize, pb: usize, K: i32, acc: usize): void {
  accumulate<f32>(pa, pb, K, acc);
}

/**
 * One register tile: rows i … i+4 (those below i + rows exist) by the strip at column j,
 * from the packed block pa and the packed strip pb; acc holds its ten accumulators.
 */
function tile<T>(pa: usize, pb: usize, K: i32, C: usize, ldc: i32, i: i32, rows: i32, j: i32, n: i32, mode: i32, scale: T, resume: bool, scaled: bool, acc: usize): void {
  const upper = (mode & UPPER) != 0;
  const packed = (mode & PACKED) != 0;
  const L = lanes<T>();
  const o0 = <usize>j * sizeof<T>();
  for (let r = 0; r < ROWS; r++) {
    const c = rowPointer<T>(C, ldc, i + r, packed) + o0;
    const a = acc + <usize>(2 * r) * VECTOR;
    start<T>(a, c, laneMask<T>(i + r, j, n, upper, r < rows), resume);
    start<T>(a + VECTOR, c + VECTOR, laneMask<T>(i + r, j + L, n, upper, r < rows), resume);
  }
  if (sizeof<T>() == 8) accumulate64(pa, pb, K, acc);
  else accumulate32(pa, pb, K, acc);
  for (let r = 0; r < ROWS; r++) {
    const c = rowPointer<T>(C, ldc, i + r, packed) + o0;
    const a = acc + <usize>(2 * r) * VECTOR;
    finish<T>(a, c, laneMask<T>(i + r, j, n, upper, r < rows), scale, scaled);
    finish<T>(a + VECTOR, c + VECTOR, laneMask<T>(i + r, j + L, n, upper, r < rows), scale, scaled);
  }
}

/**
 * mode: UPPER computes only columns j ≥ i (the upper triangle of a symmetric result, the
 * rest left as it was); PACKED (with UPPER) addresses C as a packed upper triangle whose row
 * i holds (i, i..n−1); ACCUMULATE adds to C instead of overwriting it (scale is then unused);
 * SYMMETRIC_A reads A as symmetric from its upper triangle. Bp is B packed by packB; Ap is the scratch of gemmScratchBytes(m, K) for the m rows of C.
 * rowFrom is a multiple of ROWS.
 */
function gemm<T>(A: usize, lda: i32, Bp: usize, Ap: usize, C: usize, ldc: i32, n: i32, K: i32, scale: T, mode: i32, rowFrom: i32, rowTo: i32): void {
  const adding = (mode & ACCUMULATE) != 0;
  const upper = (mode & UPPER) != 0;
  const symmetric = (mode & SYMMETRIC_A) != 0;
  const w = stripColumns<T>();
  const strips = (n + w - 1) / w;
  const lda8 = <usize>lda * sizeof<T>();
  const bytes = blockBytes<T>(K);
  const aBytes = bytes - TILE_VECTORS * VECTOR;
  for (let i = rowFrom; i < rowTo; i += ROWS) {
    const rows = min(ROWS, rowTo - i);
    const block = Ap + <usize>(i / ROWS) * bytes;
    if (symmetric) packSymmetricA<T>(A, lda8, i, rows, K, block);
    else packA<T>(A + <usize>i * lda8, lda8, rows, K, block);
  }
  const panelStrips = max(1, <i32>(PANEL_BYTES / (<usize>K * STRIP_BYTES)));
  for (let s0 = upper ? rowFrom / w : 0; s0 < strips; s0 += panelStrips) {
    const s1 = min(strips, s0 + panelStrips);
    for (let i = rowFrom; i < rowTo; i += ROWS) {
      const rows = min(ROWS, rowTo - i);
      const block = Ap + <usize>(i / ROWS) * bytes;
      for (let s = upper ? max(s0, i / w) : s0; s < s1; s++) {
        tile<T>(block, Bp + <usize>s * <usize>K * STRIP_BYTES, K, C, ldc, i, rows, s * w, n, mode, scale, adding, !adding, block + aBytes);
      }
    }
  }
}

export function gemm64(A: usize, lda: i32, Bp: usize, Ap: usize, C: usize, ldc: i32, n: i32, K: i32, scale: f64, mode: i32, rowFrom: i32, rowTo: i32): void {
  gemm<f64>(A, lda, Bp, Ap, C, ldc, n, K, scale, mode, rowFrom, rowTo);
}

export function gemm32(A: usize, lda: i32, Bp: usize, Ap: usize, C: usize, ldc: i32, n: i32, K: i32, scale: f64, mode: i32, rowFrom: i32, rowTo: i32): void {
  gemm<f32>(A, lda, Bp, Ap, C, ldc, n, K, <f32>scale, mode, rowFrom, rowTo);
}

/** transposed: 0 reads B as K×n, 1 as the transpose of the n×K matrix at B. */
export function packB64(B: usize, ldb: i32, transposed: i32, K: i32, n: i32, Bp: usize, stripFrom: i32, stripTo: i32): void {
  packB<f64>(B, ldb, transposed != 0, K, n, Bp, stripFrom, stripTo);
}

export function packB32(B: usize, ldb: i32, transposed: i32, K: i32, n: i32, Bp: usize, stripFrom: i32, stripTo: i32): void {
  packB<f32>(B, ldb, transposed != 0, K, n, Bp, stripFrom, stripTo);
}

/** Bytes of packed B for K×n in float64 (elementBytes 8) or float32 (4). */
export function gemmPackedBBytes(K: i32, n: i32, elementBytes: i32): usize {
  const w = <i32>STRIP_BYTES / elementBytes;
  return <usize>((n + w - 1) / w) * <usize>K * STRIP_BYTES;
}

/** Bytes of the packed-A scratch gemm needs for m rows of K terms. */
export function gemmScratchBytes(m: i32, K: i32, elementBytes: i32): usize {
  const blocks = <usize>((m + ROWS - 1) / ROWS);
  return blocks * (elementBytes == 8 ? blockBytes<f64>(K) : blockBytes<f32>(K));
}

/** Strips of packed B for n columns (the unit packB splits between threads). */
export function gemmStrips(n: i32, elementBytes: i32): i32 {
  const w = <i32>STRIP_BYTES / elementBytes;
  return (n + w - 1) / w;
}

/**
 * The register tile alone, `reps` times over one packed block and strip of K terms (both in
 * L1 for K of a few hundred): the ceiling every gemm of this build runs under, for `npm run bench`.
 */
export function tileCeiling64(block: usize, strip: usize, K: i32, C: usize, reps: i32): void {
  for (let rep = 0; rep < reps; rep++) tile<f64>(block, strip, K, C, 8, 0, ROWS, 0, 4, 0, 1, false, true, C + 5 * 64);
}

export function tileCeiling32(block: usize, strip: usize, K: i32, C: usize, reps: i32): void {
  for (let rep = 0; rep < reps; rep++) tile<f32>(block, strip, K, C, 8, 0, ROWS, 0, 8, 0, 1, false, true, C + 5 * 64);
}
