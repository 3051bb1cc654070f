// Pieces shared by the JS loss operators: flop counts, svec sizes and the scratch buffer.
import { matmul, scaleInPlace } from '../linalg';

export const SQRT2 = Math.SQRT2;
export const INV_SQRT2 = Math.SQRT1_2;

/** Flops of X = UUᵀ computed on its upper triangle (d(d+1)/2 dot products of length k). */
export const outerGramFlops = (d: number, k: number): number => d * (d + 1) * k;
/** Flops of a d×d by d×k product. */
export const squareTimesUFlops = (d: number, k: number): number => 2 * d * d * k;

/** Per-step flops of the population operator: X = UUᵀ, E = X − M* and ‖E‖², then 4EU. */
export const populationFlops = (d: number, k: number): number => outerGramFlops(d, k) + 3 * d * d + squareTimesUFlops(d, k) + d * k;

/** A scratch buffer that grows to the largest length asked for and is reused afterwards. */
export class GrowingBuffer {
  private data = new Float64Array(0);

  get(length: number): Float64Array {
    if (this.data.length < length) this.data = new Float64Array(length);
    return this.data;
  }
}

/** grad = scale · S U for S d×d and U d×k; `scratch` holds Uᵀ for the dot-product kernel. */
export function scaledSquareTimesU(S: Float64Array, U: Float64Array, d: number, k: number, scale: number, grad: Float64Array, scratch: GrowingBuffer): void {
  matmul(S, U, d, d, k, grad, scratch.get(d * k));
  scaleInPlace(grad, scale, d * k);
}

/** Number of free entries of a symmetric d×d matrix, the length of svec. */
export const svecLength = (d: number): number => (d * (d + 1)) / 2;

/** Per-step flops: n residuals and n accumulations of d² each, then X = UUᵀ and (S + Sᵀ)U. */
export const empiricalDirectFlops = (d: number, n: number, k: number): number =>
  4 * n * d * d + outerGramFlops(d, k) + squareTimesUFlops(d, k) + 2 * d * d + d * k;
/** Samples per block of the quadratic direct operator (bounds its scratch to O(block·(d + k))). */
export const SAMPLE_BLOCK = 64;
/** Per-step flops: per sample Uᵀx_i (2dk), ‖z‖² (2k), its row of W (k) and its part of X_bᵀW (2dk); per block the adds into ∇L (dk). */
export const quadraticDirectFlops = (d: number, n: number, k: number): number =>
  n * (4 * d * k + 3 * k + 2) + Math.ceil(n / SAMPLE_BLOCK) * d * k;
/** Per-step flops: the packed symmetric matvec (4 per stored entry), X = UUᵀ and S_sym U. */
export const gramFlops = (d: number, k: number): number => {
  const m = svecLength(d);
  return 2 * m * (m + 1) + outerGramFlops(d, k) + squareTimesUFlops(d, k) + 6 * m + d * k;
};

