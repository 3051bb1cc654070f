// C = scale · A·B in float64 (f64x2) or float32 (f32x4), for the output rows [rowFrom, rowTo).
// Every output element is one accumulator that adds a[l]·b[l] for l = 0, 1, …, K−1 in order
// with a plain multiply and a plain add (no fused multiply-add), whatever tile it falls in, so the result does not
// depend on the tiling, on how rows are split between threads, on the CPU or on the engine.
// A is m×K (row stride lda), B is K×n (row stride ldb), C m×n (row stride ldc); strides and
// pointers are in elements and bytes respectively. A tile is five rows by two vectors.
import { ACCUMULATE, PACKED, UPPER, rowPointer } from './layout';

// @ts-ignore: decorator
@inline const VECTOR: usize = 16;
/** Terms per panel. */
// @ts-ignore: decorator
@inline const KC: i32 = 128;

/** One output element, summed in order (also the reference the tiles must match). */
// @ts-ignore: decorator
@inline function element<T>(a: usize, lda8: usize, b: usize, ldb8: usize, K: i32, c: usize, scale: T, resume: bool, scaled: bool): void {
  let acc: T = resume ? load<T>(c) : <T>0;
  let pa = a;
  let pb = b;
  for (let l = 0; l < K; l++) {
    acc = acc + load<T>(pa) * load<T>(pb);
    pa += sizeof<T>();
    pb += ldb8;
  }
  store<T>(c, scaled ? acc * scale : acc);
}

// @ts-ignore: decorator
@inline function finish<T>(c: usize, acc: v128, scale: v128, scaled: bool): void {
  v128.store(c, scaled ? v128.mul<T>(acc, scale) : acc);
}

// @ts-ignore: decorator
@inline function start<T>(c: usize, resume: bool): v128 {
  return resume ? v128.load(c) : v128.splat<T>(<T>0);
}

/**
 * Five rows by four columns: ten accumulators, two loads of B and one broadcast live, which
 * V8 keeps in its fifteen xmm registers without spilling.
 */
function tileWide<T>(a: usize, lda8: usize, b: usize, ldb8: usize, K: i32, c0: usize, c1: usize, c2: usize, c3: usize, c4: usize, scale: T, resume: bool, scaled: bool): void {
  let s00 = start<T>(c0, resume), s01 = start<T>(c0 + VECTOR, resume);
  let s10 = start<T>(c1, resume), s11 = start<T>(c1 + VECTOR, resume);
  let s20 = start<T>(c2, resume), s21 = start<T>(c2 + VECTOR, resume);
  let s30 = start<T>(c3, resume), s31 = start<T>(c3 + VECTOR, resume);
  let s40 = start<T>(c4, resume), s41 = start<T>(c4 + VECTOR, resume);
  let pa = a;
  let pb = b;
  for (let l = 0; l < K; l++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb + VECTOR);
    let x = v128.splat<T>(load<T>(pa));
    s00 = v128.add<T>(s00, v128.mul<T>(x, b0));
    s01 = v128.add<T>(s01, v128.mul<T>(x, b1));
    x = v128.splat<T>(load<T>(pa + lda8));
    s10 = v128.add<T>(s10, v128.mul<T>(x, b0));
    s11 = v128.add<T>(s11, v128.mul<T>(x, b1));
    x = v128.splat<T>(load<T>(pa + 2 * lda8));
    s20 = v128.add<T>(s20, v128.mul<T>(x, b0));
    s21 = v128.add<T>(s21, v128.mul<T>(x, b1));
    x = v128.splat<T>(load<T>(pa + 3 * lda8));
    s30 = v128.add<T>(s30, v128.mul<T>(x, b0));
    s31 = v128.add<T>(s31, v128.mul<T>(x, b1));
    x = v128.splat<T>(load<T>(pa + 4 * lda8));
    s40 = v128.add<T>(s40, v128.mul<T>(x, b0));
    s41 = v128.add<T>(s41, v128.mul<T>(x, b1));
    pa += sizeof<T>();
    pb += ldb8;
  }
  const sc = v128.splat<T>(scale);
  finish<T>(c0, s00, sc, scaled); finish<T>(c0 + VECTOR, s01, sc, scaled);
  finish<T>(c1, s10, sc, scaled); finish<T>(c1 + VECTOR, s11, sc, scaled);
  finish<T>(c2, s20, sc, scaled); finish<T>(c2 + VECTOR, s21, sc, scaled);
  finish<T>(c3, s30, sc, scaled); finish<T>(c3 + VECTOR, s31, sc, scaled);
  finish<T>(c4, s40, sc, scaled); finish<T>(c4 + VECTOR, s41, sc, scaled);
}

/** Five rows by one vector of columns, for a column remainder. */
function tileNarrow<T>(a: usize, lda8: usize, b: usize, ldb8: usize, K: i32, c0: usize, c1: usize, c2: usize, c3: usize, c4: usize, scale: T, resume: bool, scaled: bool): void {
  let s0 = start<T>(c0, resume), s1 = start<T>(c1, resume), s2 = start<T>(c2, resume);
  let s3 = start<T>(c3, resume), s4 = start<T>(c4, resume);
  let pa = a;
  let pb = b;
  for (let l = 0; l < K; l++) {
    const b0 = v128.load(pb);
    s0 = v128.add<T>(s0, v128.mul<T>(v128.splat<T>(load<T>(pa)), b0));
    s1 = v128.add<T>(s1, v128.mul<T>(v128.splat<T>(load<T>(pa + lda8)), b0));
    s2 = v128.add<T>(s2, v128.mul<T>(v128.splat<T>(load<T>(pa + 2 * lda8)), b0));
    s3 = v128.add<T>(s3, v128.mul<T>(v128.splat<T>(load<T>(pa + 3 * lda8)), b0));
    s4 = v128.add<T>(s4, v128.mul<T>(v128.splat<T>(load<T>(pa + 4 * lda8)), b0));
    pa += sizeof<T>();
    pb += ldb8;
  }
  const sc = v128.splat<T>(scale);
  finish<T>(c0, s0, sc, scaled); finish<T>(c1, s1, sc, scaled); finish<T>(c2, s2, sc, scaled);
  finish<T>(c3, s3, sc, scaled); finish<T>(c4, s4, sc, scaled);
}

/** One row by two vectors of columns, for a row remainder. */
function tileRow<T>(a: usize, b: usize, ldb8: usize, K: i32, c: usize, scale: T, resume: bool, scaled: bool): void {
  let s0 = start<T>(c, resume), s1 = start<T>(c + VECTOR, resume);
  let pa = a;
  let pb = b;
  for (let l = 0; l < K; l++) {
    const x = v128.splat<T>(load<T>(pa));
    s0 = v128.add<T>(s0, v128.mul<T>(x, v128.load(pb)));
    s1 = v128.add<T>(s1, v128.mul<T>(x, v128.load(pb + VECTOR)));
    pa += sizeof<T>();
    pb += ldb8;
  }
  const sc = v128.splat<T>(scale);
  finish<T>(c, s0, sc, scaled);
  finish<T>(c + VECTOR, s1, sc, scaled);
}

/**
 * mode: UPPER computes only columns j ≥ i (the upper triangle of a symmetric result, the
 * rest left as it was); PACKED (with UPPER) addresses C as a packed upper triangle whose row
 * i holds (i, i..n−1); ACCUMULATE adds to C instead of overwriting it (scale is then unused).
 */
function gemm<T>(A: usize, lda: i32, B: usize, ldb: i32, C: usize, ldc: i32, n: i32, K: i32, scale: T, mode: i32, rowFrom: i32, rowTo: i32): void {
  const accumulate = (mode & ACCUMULATE) != 0;
  // Panels of KC terms keep a slice of B in cache while the row tiles sweep it; each element
  // resumes from what the previous panel stored, so its sum still runs in order.
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    gemmPanel<T>(A + <usize>k0 * sizeof<T>(), lda, B + <usize>k0 * <usize>ldb * sizeof<T>(), ldb, C, ldc, n, kc, scale, mode, rowFrom, rowTo, accumulate || k0 > 0, !accumulate && k0 + kc >= K);
  }
}

/** gemm over one panel of terms; resume: start from C; scaled: store scale · sum. */
function gemmPanel<T>(A: usize, lda: i32, B: usize, ldb: i32, C: usize, ldc: i32, n: i32, K: i32, scale: T, mode: i32, rowFrom: i32, rowTo: i32, resume: bool, scaled: bool): void {
  const upper = (mode & UPPER) != 0;
  const packed = (mode & PACKED) != 0;
  const lanes = <i32>(VECTOR / sizeof<T>());
  const lda8 = <usize>lda * sizeof<T>();
  const ldb8 = <usize>ldb * sizeof<T>();
  let i = rowFrom;
  while (i < rowTo) {
    const rows = min(5, rowTo - i);
    let j = 0;
    if (upper) {
      // The triangle inside the tile's own columns, element by element.
      const diagonalEnd = min(i + rows, n);
      for (let r = 0; r < rows; r++) {
        const row = i + r;
        const c = rowPointer<T>(C, ldc, row, packed);
        for (let col = row; col < diagonalEnd; col++) {
          element<T>(A + <usize>row * lda8, lda8, B + <usize>col * sizeof<T>(), ldb8, K, c + <usize>col * sizeof<T>(), scale, resume, scaled);
        }
      }
      j = diagonalEnd;
    }
    const a = A + <usize>i * lda8;
    if (rows == 5) {
      const c0 = rowPointer<T>(C, ldc, i, packed);
      const c1 = rowPointer<T>(C, ldc, i + 1, packed);
      const c2 = rowPointer<T>(C, ldc, i + 2, packed);
      const c3 = rowPointer<T>(C, ldc, i + 3, packed);
      const c4 = rowPointer<T>(C, ldc, i + 4, packed);
      for (; j + 2 * lanes <= n; j += 2 * lanes) {
        const o = <usize>j * sizeof<T>();
        tileWide<T>(a, lda8, B + o, ldb8, K, c0 + o, c1 + o, c2 + o, c3 + o, c4 + o, scale, resume, scaled);
      }
      if (j + lanes <= n) {
        const o = <usize>j * sizeof<T>();
        tileNarrow<T>(a, lda8, B + o, ldb8, K, c0 + o, c1 + o, c2 + o, c3 + o, c4 + o, scale, resume, scaled);
        j += lanes;
      }
      for (; j < n; j++) {
        const o = <usize>j * sizeof<T>();
        for (let r = 0; r < 5; r++) element<T>(a + <usize>r * lda8, lda8, B + o, ldb8, K, rowPointer<T>(C, ldc, i + r, packed) + o, scale, resume, scaled);
      }
    } else {
      for (let r = 0; r < rows; r++) {
        const ar = a + <usize>r * lda8;
        const c = rowPointer<T>(C, ldc, i + r, packed);
        let jr = j;
        for (; jr + 2 * lanes <= n; jr += 2 * lanes) tileRow<T>(ar, B + (<usize>jr * sizeof<T>()), ldb8, K, c + (<usize>jr * sizeof<T>()), scale, resume, scaled);
        for (; jr < n; jr++) element<T>(ar, lda8, B + (<usize>jr * sizeof<T>()), ldb8, K, c + (<usize>jr * sizeof<T>()), scale, resume, scaled);
      }
    }
    i += rows;
  }
}

export function gemm64(A: usize, lda: i32, B: usize, ldb: i32, C: usize, ldc: i32, n: i32, K: i32, scale: f64, mode: i32, rowFrom: i32, rowTo: i32): void {
  gemm<f64>(A, lda, B, ldb, C, ldc, n, K, scale, mode, rowFrom, rowTo);
}

export function gemm32(A: usize, lda: i32, B: usize, ldb: i32, C: usize, ldc: i32, n: i32, K: i32, scale: f64, mode: i32, rowFrom: i32, rowTo: i32): void {
  gemm<f32>(A, lda, B, ldb, C, ldc, n, K, <f32>scale, mode, rowFrom, rowTo);
}
