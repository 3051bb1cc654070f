// Dense kernels on flat row-major Float64Arrays. None of them allocates: every result goes
// into a buffer the caller owns, so the training loop can reuse its buffers step after step.
// Inner loops run over contiguous memory and are unrolled four ways because V8 does not
// vectorize; several independent accumulators hide the floating-point add latency.

/** Σ a_i b_i over the first `length` entries (offsets allow dotting rows of larger buffers). */
export function dot(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  const end4 = length - 3;
  for (; i < end4; i += 4) {
    s0 += a[aOffset + i] * b[bOffset + i];
    s1 += a[aOffset + i + 1] * b[bOffset + i + 1];
    s2 += a[aOffset + i + 2] * b[bOffset + i + 2];
    s3 += a[aOffset + i + 3] * b[bOffset + i + 3];
  }
  for (; i < length; i++) s0 += a[aOffset + i] * b[bOffset + i];
  return s0 + s1 + (s2 + s3);
}

/** y[yOffset + i] += alpha · x[xOffset + i] for i < length. */
export function axpy(alpha: number, x: Float64Array, xOffset: number, y: Float64Array, yOffset: number, length: number): void {
  let i = 0;
  const end4 = length - 3;
  for (; i < end4; i += 4) {
    y[yOffset + i] += alpha * x[xOffset + i];
    y[yOffset + i + 1] += alpha * x[xOffset + i + 1];
    y[yOffset + i + 2] += alpha * x[xOffset + i + 2];
    y[yOffset + i + 3] += alpha * x[xOffset + i + 3];
  }
  for (; i < length; i++) y[yOffset + i] += alpha * x[xOffset + i];
}

/**
 * The shared register tile: adds the dot products of rows a0 and a1 of A with the four rows
 * of B starting at b0 (rows of length n) to out[o0 + j..j+3] and out[o1 + j..j+3]. Eight sums
 * stay in registers, so each loaded number feeds two to four multiply-adds and the inner loop
 * stores nothing.
 */
function addTile2x4(
  A: Float64Array,
  a0: number,
  a1: number,
  B: Float64Array,
  b0: number,
  n: number,
  out: Float64Array,
  o0: number,
  o1: number,
  j: number,
): void {
  const b1 = b0 + n;
  const b2 = b1 + n;
  const b3 = b2 + n;
  let s00 = 0;
  let s01 = 0;
  let s02 = 0;
  let s03 = 0;
  let s10 = 0;
  let s11 = 0;
  let s12 = 0;
  let s13 = 0;
  for (let l = 0; l < n; l++) {
    const x0 = A[a0 + l];
    const x1 = A[a1 + l];
    const w0 = B[b0 + l];
    const w1 = B[b1 + l];
    const w2 = B[b2 + l];
    const w3 = B[b3 + l];
    s00 += x0 * w0;
    s01 += x0 * w1;
    s02 += x0 * w2;
    s03 += x0 * w3;
    s10 += x1 * w0;
    s11 += x1 * w1;
    s12 += x1 * w2;
    s13 += x1 * w3;
  }
  out[o0 + j] += s00;
  out[o0 + j + 1] += s01;
  out[o0 + j + 2] += s02;
  out[o0 + j + 3] += s03;
  out[o1 + j] += s10;
  out[o1 + j + 1] += s11;
  out[o1 + j + 2] += s12;
  out[o1 + j + 3] += s13;
}

/**
 * out = A Bᵀ (m×p) for A m×n and B p×n: every entry is a dot product of two contiguous rows,
 * computed in 2×4 register tiles. out must not alias A or B.
 */
export function matmulTransposed(A: Float64Array, B: Float64Array, m: number, n: number, p: number, out: Float64Array): void {
  out.fill(0, 0, m * p);
  addMatmulTransposed(A, B, m, n, p, out);
}

/** out += A Bᵀ, as matmulTransposed but adding to out instead of overwriting it. */
export function addMatmulTransposed(A: Float64Array, B: Float64Array, m: number, n: number, p: number, out: Float64Array): void {
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = i * n;
    const a1 = a0 + n;
    const o0 = i * p;
    const o1 = o0 + p;
    let j = 0;
    for (; j + 3 < p; j += 4) addTile2x4(A, a0, a1, B, j * n, n, out, o0, o1, j);
    for (; j < p; j++) {
      out[o0 + j] += dot(A, a0, B, j * n, n);
      out[o1 + j] += dot(A, a1, B, j * n, n);
    }
  }
  if (i < m) {
    for (let j = 0; j < p; j++) out[i * p + j] += dot(A, i * n, B, j * n, n);
  }
}

/**
 * Where row p of a packed upper triangle of an n×n symmetric matrix starts: rows are stored
 * one after another, row p holding entries (p, p..n−1).
 */
export const packedRowStart = (p: number, n: number): number => p * n - (p * (p - 1)) / 2;

/**
 * Adds the upper triangle of V Vᵀ (V of shape rows×len) to out, in the 2×4 tiles of
 * matmulTransposed starting at the diagonal. Entry (p, q), q ≥ p, lands at out[p·rows + q]
 * of a square rows×rows out, or, when packed, at packedRowStart(p, rows) + q − p.
 */
export function addUpperGram(V: Float64Array, rows: number, len: number, out: Float64Array, packed: boolean): void {
  /** Index of entry (p, 0) if row p were stored in full; only q ≥ p is ever written. */
  const rowBase = (p: number): number => (packed ? packedRowStart(p, rows) - p : p * rows);
  let p = 0;
  for (; p + 1 < rows; p += 2) {
    const a0 = p * len;
    const a1 = a0 + len;
    const o0 = rowBase(p);
    const o1 = rowBase(p + 1);
    let s00 = 0;
    let s01 = 0;
    let s11 = 0;
    for (let l = 0; l < len; l++) {
      const x0 = V[a0 + l];
      const x1 = V[a1 + l];
      s00 += x0 * x0;
      s01 += x0 * x1;
      s11 += x1 * x1;
    }
    out[o0 + p] += s00;
    out[o0 + p + 1] += s01;
    out[o1 + p + 1] += s11;
    let q = p + 2;
    for (; q + 3 < rows; q += 4) addTile2x4(V, a0, a1, V, q * len, len, out, o0, o1, q);
    for (; q < rows; q++) {
      out[o0 + q] += dot(V, a0, V, q * len, len);
      out[o1 + q] += dot(V, a1, V, q * len, len);
    }
  }
  if (p < rows) out[rowBase(p) + p] += dot(V, p * len, V, p * len, len);
}

/** X = U Uᵀ (d×d) for U of shape d×k: the upper triangle, then mirrored, so X is exactly symmetric. */
export function outerGram(U: Float64Array, d: number, k: number, out: Float64Array): void {
  out.fill(0, 0, d * d);
  addUpperGram(U, d, k, out, false);
  for (let r = 1; r < d; r++) {
    const row = r * d;
    for (let c = 0; c < r; c++) out[row + c] = out[c * d + r];
  }
}

/** out (cols×rows) = Mᵀ for M of shape rows×cols. */
export function transpose(M: Float64Array, rows: number, cols: number, out: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const ri = i * cols;
    for (let c = 0; c < cols; c++) out[c * rows + i] = M[ri + c];
  }
}

/**
 * out = A B (m×p) for A m×n and B n×p. B is first transposed into `scratch` (≥ n·p entries,
 * owned by the caller) so the product runs on the dot-product kernel of matmulTransposed.
 * out must not alias A, B or scratch.
 */
export function matmul(A: Float64Array, B: Float64Array, m: number, n: number, p: number, out: Float64Array, scratch: Float64Array): void {
  transpose(B, n, p, scratch);
  matmulTransposed(A, scratch, m, n, p, out);
}

/** x[i] *= alpha for i < length. */
export function scaleInPlace(x: Float64Array, alpha: number, length: number): void {
  for (let i = 0; i < length; i++) x[i] *= alpha;
}

/** Squared column norms ‖U e_c‖₂² into out (length ≥ k). */
export function columnSquaredNorms(U: Float64Array, d: number, k: number, out: Float64Array): void {
  out.fill(0, 0, k);
  // Two rows per pass: each column still adds its rows in order, with half the loads and stores of out.
  let i = 0;
  for (; i + 2 <= d; i += 2) {
    const r0 = i * k;
    const r1 = r0 + k;
    for (let c = 0; c < k; c++) {
      const a = U[r0 + c];
      const b = U[r1 + c];
      out[c] = out[c] + a * a + b * b;
    }
  }
  if (i < d) {
    const ri = i * k;
    for (let c = 0; c < k; c++) {
      const u = U[ri + c];
      out[c] += u * u;
    }
  }
}

/** ‖U e_c‖₂ for every column c of the d×k matrix U, into out (length ≥ k). */
export function columnNorms(U: Float64Array, d: number, k: number, out: Float64Array): void {
  columnSquaredNorms(U, d, k, out);
  for (let c = 0; c < k; c++) out[c] = Math.sqrt(out[c]);
}

/** ‖A‖_F over the first `length` entries. */
export function frobeniusNorm(A: Float64Array, length = A.length): number {
  return Math.sqrt(dot(A, 0, A, 0, length));
}
