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
// the K strided rows of B ran the tile at two thirds of its speed at d = 500.
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

/** Bytes of one block of packed A (ROWS rows of K terms) plus the vector it uses to mask edges. */
// @ts-ignore: decorator
@inline function blockBytes<T>(K: i32): usize {
  return ((<usize>ROWS * <usize>K * sizeof<T>() + VECTOR - 1) & ~(VECTOR - 1)) + VECTOR;
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

/** The accumulator's start: zero, or (resume) the lanes of C in mask, read through edge. */
// @ts-ignore: decorator
@inline function start<T>(c: usize, mask: i32, resume: bool, edge: usize): v128 {
  const L = lanes<T>();
  const full = (1 << L) - 1;
  if (!resume || mask == 0) return v128.splat<T>(<T>0);
  if (mask == full) return v128.load(c);
  v128.store(edge, v128.splat<T>(<T>0));
  for (let t = 0; t < L; t++) if ((mask >> t) & 1) store<T>(edge + <usize>t * sizeof<T>(), load<T>(c + <usize>t * sizeof<T>()));
  return v128.load(edge);
}

/** Stores the lanes in mask of acc (times scale when scaled) to C, through edge for a partial vector. */
// @ts-ignore: decorator
@inline function finish<T>(c: usize, acc: v128, mask: i32, scale: v128, scaled: bool, edge: usize): void {
  const L = lanes<T>();
  const full = (1 << L) - 1;
  if (mask == 0) return;
  const value = scaled ? v128.mul<T>(acc, scale) : acc;
  if (mask == full) {
    v128.store(c, value);
    return;
  }
  v128.store(edge, value);
  for (let t = 0; t < L; t++) if ((mask >> t) & 1) store<T>(c + <usize>t * sizeof<T>(), load<T>(edge + <usize>t * sizeof<T>()));
}

/** acc + x·b: fused in float32 when built with relaxed SIMD, a plain multiply and add otherwise. */
// @ts-ignore: decorator
@inline function multiplyAdd<T>(acc: v128, x: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD && sizeof<T>() == 4) return v128.relaxed_madd<T>(x, b, acc);
  return v128.add<T>(acc, v128.mul<T>(x, b));
}

/**
 * One register tile: rows i … i+4 (those below i + rows exist) by the strip at column j,
 * from the packed block pa and the packed strip pb.
 */
function tile<T>(pa: usize, pb: usize, K: i32, C: usize, ldc: i32, i: i32, rows: i32, j: i32, n: i32, mode: i32, scale: T, resume: bool, scaled: bool, edge: usize): void {
  const upper = (mode & UPPER) != 0;
  const packed = (mode & PACKED) != 0;
  const L = lanes<T>();
  const o0 = <usize>j * sizeof<T>();
  const c0 = rowPointer<T>(C, ldc, i, packed) + o0, c1 = rowPointer<T>(C, ldc, i + 1, packed) + o0;
  const c2 = rowPointer<T>(C, ldc, i + 2, packed) + o0, c3 = rowPointer<T>(C, ldc, i + 3, packed) + o0;
  const c4 = rowPointer<T>(C, ldc, i + 4, packed) + o0;
  const m00 = laneMask<T>(i, j, n, upper, true), m01 = laneMask<T>(i, j + L, n, upper, true);
  const m10 = laneMask<T>(i + 1, j, n, upper, rows > 1), m11 = laneMask<T>(i + 1, j + L, n, upper, rows > 1);
  const m20 = laneMask<T>(i + 2, j, n, upper, rows > 2), m21 = laneMask<T>(i + 2, j + L, n, upper, rows > 2);
  const m30 = laneMask<T>(i + 3, j, n, upper, rows > 3), m31 = laneMask<T>(i + 3, j + L, n, upper, rows > 3);
  const m40 = laneMask<T>(i + 4, j, n, upper, rows > 4), m41 = laneMask<T>(i + 4, j + L, n, upper, rows > 4);
  let s00 = start<T>(c0, m00, resume, edge), s01 = start<T>(c0 + VECTOR, m01, resume, edge);
  let s10 = start<T>(c1, m10, resume, edge), s11 = start<T>(c1 + VECTOR, m11, resume, edge);
  let s20 = start<T>(c2, m20, resume, edge), s21 = start<T>(c2 + VECTOR, m21, resume, edge);
  let s30 = start<T>(c3, m30, resume, edge), s31 = start<T>(c3 + VECTOR, m31, resume, edge);
  let s40 = start<T>(c4, m40, resume, edge), s41 = start<T>(c4 + VECTOR, m41, resume, edge);
  const end = pb + <usize>K * STRIP_BYTES;
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, VECTOR);
    let x = v128.splat<T>(load<T>(pa));
    s00 = multiplyAdd<T>(s00, x, b0);
    s01 = multiplyAdd<T>(s01, x, b1);
    x = v128.splat<T>(load<T>(pa, sizeof<T>()));
    s10 = multiplyAdd<T>(s10, x, b0);
    s11 = multiplyAdd<T>(s11, x, b1);
    x = v128.splat<T>(load<T>(pa, 2 * sizeof<T>()));
    s20 = multiplyAdd<T>(s20, x, b0);
    s21 = multiplyAdd<T>(s21, x, b1);
    x = v128.splat<T>(load<T>(pa, 3 * sizeof<T>()));
    s30 = multiplyAdd<T>(s30, x, b0);
    s31 = multiplyAdd<T>(s31, x, b1);
    x = v128.splat<T>(load<T>(pa, 4 * sizeof<T>()));
    s40 = multiplyAdd<T>(s40, x, b0);
    s41 = multiplyAdd<T>(s41, x, b1);
    pa += <usize>ROWS * sizeof<T>();
    pb += STRIP_BYTES;
  }
  const sc = v128.splat<T>(scale);
  finish<T>(c0, s00, m00, sc, scaled, edge); finish<T>(c0 + VECTOR, s01, m01, sc, scaled, edge);
  finish<T>(c1, s10, m10, sc, scaled, edge); finish<T>(c1 + VECTOR, s11, m11, sc, scaled, edge);
  finish<T>(c2, s20, m20, sc, scaled, edge); finish<T>(c2 + VECTOR, s21, m21, sc, scaled, edge);
  finish<T>(c3, s30, m30, sc, scaled, edge); finish<T>(c3 + VECTOR, s31, m31, sc, scaled, edge);
  finish<T>(c4, s40, m40, sc, scaled, edge); finish<T>(c4 + VECTOR, s41, m41, sc, scaled, edge);
}

/**
 * mode: UPPER computes only columns j ≥ i (the upper triangle of a symmetric result, the
 * rest left as it was); PACKED (with UPPER) addresses C as a packed upper triangle whose row
 * i holds (i, i..n−1); ACCUMULATE adds to C instead of overwriting it (scale is then unused);
 * SYMMETRIC_A reads A as symmetric from its upper triangle. Bp is B packed by packB; Ap is the scratch of gemmScratchBytes(m, K) for the m rows of C.
 * rowFrom is a multiple of ROWS.
 */
function gemm<T>(A: usize, lda: i32, Bp: usize, Ap: usize, C: usize, ldc: i32, n: i32, K: i32, scale: T, mode: i32, rowFrom: i32, rowTo: i32): void {
  const accumulate = (mode & ACCUMULATE) != 0;
  const upper = (mode & UPPER) != 0;
  const symmetric = (mode & SYMMETRIC_A) != 0;
  const w = stripColumns<T>();
  const strips = (n + w - 1) / w;
  const lda8 = <usize>lda * sizeof<T>();
  const bytes = blockBytes<T>(K);
  const aBytes = bytes - VECTOR;
  for (let i = rowFrom; i < rowTo; i += ROWS) {
    const rows = min(ROWS, rowTo - i);
    const block = Ap + <usize>(i / ROWS) * bytes;
    if (symmetric) packSymmetricA<T>(A, lda8, i, rows, K, block);
    else packA<T>(A + <usize>i * lda8, lda8, rows, K, block);
    for (let s = upper ? i / w : 0; s < strips; s++) {
      tile<T>(block, Bp + <usize>s * <usize>K * STRIP_BYTES, K, C, ldc, i, rows, s * w, n, mode, scale, accumulate, !accumulate, block + aBytes);
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
