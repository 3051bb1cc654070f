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
 * X = U Uᵀ (d×d) for U of shape d×k. Entry (i, j) is the dot product of rows i and j of U,
 * both contiguous; only j ≥ i is computed and mirrored, four columns j at a time so that
 * row i is loaded once per four outputs.
 */
export function outerGram(U: Float64Array, d: number, k: number, out: Float64Array): void {
  for (let i = 0; i < d; i++) {
    const ri = i * k;
    let j = i;
    for (; j + 3 < d; j += 4) {
      const r0 = j * k;
      const r1 = r0 + k;
      const r2 = r1 + k;
      const r3 = r2 + k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let c = 0; c < k; c++) {
        const u = U[ri + c];
        s0 += u * U[r0 + c];
        s1 += u * U[r1 + c];
        s2 += u * U[r2 + c];
        s3 += u * U[r3 + c];
      }
      out[i * d + j] = s0;
      out[i * d + j + 1] = s1;
      out[i * d + j + 2] = s2;
      out[i * d + j + 3] = s3;
    }
    for (; j < d; j++) out[i * d + j] = dot(U, ri, U, j * k, k);
    for (let jj = i + 1; jj < d; jj++) out[jj * d + i] = out[i * d + jj];
  }
}

/**
 * out = A B with A m×n, B n×p, out m×p (out must not alias A or B). Loop order i-k-j:
 * the innermost loop streams a row of B into a row of out; four rows of B are combined per
 * pass so each out entry is loaded and stored a quarter as often.
 */
export function matmul(A: Float64Array, B: Float64Array, m: number, n: number, p: number, out: Float64Array): void {
  for (let i = 0; i < m; i++) {
    const oi = i * p;
    const ai = i * n;
    out.fill(0, oi, oi + p);
    let l = 0;
    for (; l + 3 < n; l += 4) {
      const a0 = A[ai + l];
      const a1 = A[ai + l + 1];
      const a2 = A[ai + l + 2];
      const a3 = A[ai + l + 3];
      const b0 = l * p;
      const b1 = b0 + p;
      const b2 = b1 + p;
      const b3 = b2 + p;
      for (let j = 0; j < p; j++) {
        out[oi + j] += a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j];
      }
    }
    for (; l < n; l++) {
      const a = A[ai + l];
      if (a !== 0) axpy(a, B, l * p, out, oi, p);
    }
  }
}

/** x[i] *= alpha for i < length. */
export function scaleInPlace(x: Float64Array, alpha: number, length: number): void {
  for (let i = 0; i < length; i++) x[i] *= alpha;
}

/** ‖U e_c‖₂ for every column c of the d×k matrix U, into out (length ≥ k). */
export function columnNorms(U: Float64Array, d: number, k: number, out: Float64Array): void {
  out.fill(0, 0, k);
  for (let i = 0; i < d; i++) {
    const ri = i * k;
    for (let c = 0; c < k; c++) {
      const u = U[ri + c];
      out[c] += u * u;
    }
  }
  for (let c = 0; c < k; c++) out[c] = Math.sqrt(out[c]);
}

/** Squared column norms ‖U e_c‖₂² into out (length ≥ k). */
export function columnSquaredNorms(U: Float64Array, d: number, k: number, out: Float64Array): void {
  out.fill(0, 0, k);
  for (let i = 0; i < d; i++) {
    const ri = i * k;
    for (let c = 0; c < k; c++) {
      const u = U[ri + c];
      out[c] += u * u;
    }
  }
}

/** ⟨A, B⟩_F over the first `length` entries. */
export function frobeniusDot(A: Float64Array, B: Float64Array, length = A.length): number {
  return dot(A, 0, B, 0, length);
}

/** ‖A‖_F over the first `length` entries. */
export function frobeniusNorm(A: Float64Array, length = A.length): number {
  return Math.sqrt(dot(A, 0, A, 0, length));
}

/** ‖A − B‖_F over the first `length` entries. */
export function frobeniusDistance(A: Float64Array, B: Float64Array, length = A.length): number {
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (; i + 1 < length; i += 2) {
    const e0 = A[i] - B[i];
    const e1 = A[i + 1] - B[i + 1];
    s0 += e0 * e0;
    s1 += e1 * e1;
  }
  for (; i < length; i++) {
    const e = A[i] - B[i];
    s0 += e * e;
  }
  return Math.sqrt(s0 + s1);
}
