import { describe, expect, it } from 'vitest';
import { addUpperGram, axpy, columnNorms, columnSquaredNorms, dot, frobeniusNorm, matmul, matmulTransposed, outerGram, packedRowStart, scaleInPlace, transpose } from './linalg';
import { Rng } from './rng';

const random = (length: number, seed: number): Float64Array => new Rng(seed).fillNormal(new Float64Array(length));

function naiveMatmul(A: Float64Array, B: Float64Array, m: number, n: number, p: number): Float64Array {
  const out = new Float64Array(m * p);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let l = 0; l < n; l++) s += A[i * n + l] * B[l * p + j];
      out[i * p + j] = s;
    }
  }
  return out;
}

function expectClose(actual: Float64Array, expected: Float64Array, tol = 1e-13): void {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(1, frobeniusNorm(expected));
  expect(frobeniusNorm(actual.map((v, i) => v - expected[i])) / scale).toBeLessThan(tol);
}

describe('linalg kernels', () => {
  // Sizes below, at and above the unroll width, to exercise every remainder loop.
  const shapes: Array<[number, number, number]> = [[1, 1, 1], [3, 5, 2], [4, 4, 4], [7, 9, 6], [13, 8, 11]];

  it('matmul and matmulTransposed agree with the textbook triple loop and overwrite out', () => {
    for (const [m, n, p] of shapes) {
      const A = random(m * n, m + 10 * n);
      const B = random(n * p, p + 100 * n);
      const expected = naiveMatmul(A, B, m, n, p);
      const out = new Float64Array(m * p).fill(123);
      matmul(A, B, m, n, p, out, new Float64Array(n * p));
      expectClose(out, expected);
      const Bt = new Float64Array(p * n);
      transpose(B, n, p, Bt);
      for (let l = 0; l < n; l++) for (let j = 0; j < p; j++) expect(Bt[j * n + l]).toBe(B[l * p + j]);
      out.fill(-7);
      matmulTransposed(A, Bt, m, n, p, out);
      expectClose(out, expected);
    }
  });

  it('outerGram computes U Uᵀ exactly symmetric', () => {
    for (const [d, k] of [[1, 1], [3, 2], [5, 4], [9, 7], [17, 3]]) {
      const U = random(d * k, d * 31 + k);
      const Ut = new Float64Array(k * d);
      for (let i = 0; i < d; i++) for (let c = 0; c < k; c++) Ut[c * d + i] = U[i * k + c];
      const X = new Float64Array(d * d).fill(-1);
      outerGram(U, d, k, X);
      expectClose(X, naiveMatmul(U, Ut, d, k, d));
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(X[i * d + j]).toBe(X[j * d + i]);
    }
  });

  it('addUpperGram adds the upper triangle of V Vᵀ into a packed triangle', () => {
    for (const [rows, len] of [[1, 2], [2, 3], [7, 5], [10, 4]]) {
      const V = random(rows * len, rows * 7 + len);
      const Vt = new Float64Array(len * rows);
      transpose(V, rows, len, Vt);
      const full = naiveMatmul(V, Vt, rows, len, rows);
      const packed = new Float64Array((rows * (rows + 1)) / 2).fill(1);
      addUpperGram(V, rows, len, packed, true);
      for (let p = 0; p < rows; p++) {
        for (let q = p; q < rows; q++) expect(packed[packedRowStart(p, rows) + q - p]).toBeCloseTo(1 + full[p * rows + q], 13);
      }
    }
  });

  it('squared column norms add each column’s rows in order, for even and odd d', () => {
    for (const d of [6, 7]) {
      const k = 5;
      const U = random(d * k, d);
      const squared = new Float64Array(k);
      columnSquaredNorms(U, d, k, squared);
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let i = 0; i < d; i++) s += U[i * k + c] * U[i * k + c];
        expect(squared[c]).toBe(s);
      }
    }
  });

  it('column norms, dot, axpy, scaling and Frobenius helpers match direct sums', () => {
    const d = 6;
    const k = 5;
    const U = random(d * k, 3);
    const norms = new Float64Array(k);
    const squared = new Float64Array(k);
    columnNorms(U, d, k, norms);
    columnSquaredNorms(U, d, k, squared);
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += U[i * k + c] ** 2;
      expect(norms[c]).toBeCloseTo(Math.sqrt(s), 14);
      expect(squared[c]).toBeCloseTo(s, 14);
    }
    const a = random(11, 8);
    const b = random(11, 9);
    let ab = 0;
    let aa = 0;
    for (let i = 0; i < 11; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
    }
    expect(dot(a, 0, b, 0, 11)).toBeCloseTo(ab, 13);
    expect(dot(a, 2, b, 3, 5)).toBeCloseTo(a[2] * b[3] + a[3] * b[4] + a[4] * b[5] + a[5] * b[6] + a[6] * b[7], 13);
    expect(frobeniusNorm(a)).toBeCloseTo(Math.sqrt(aa), 13);
    const y = b.slice();
    axpy(2, a, 1, y, 0, 7);
    for (let i = 0; i < 11; i++) expect(y[i]).toBeCloseTo(i < 7 ? b[i] + 2 * a[i + 1] : b[i], 14);
    scaleInPlace(y, 0.5, 4);
    expect(y[0]).toBeCloseTo(0.5 * (b[0] + 2 * a[1]), 14);
    expect(y[10]).toBe(b[10]);
  });
});
