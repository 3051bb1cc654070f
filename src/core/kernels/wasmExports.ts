// The exports of the compiled kernels (src/wasm/assembly/index.ts) and the ones a thread team
// may split: each takes its fixed arguments, then the range [from, to) of outputs it owns.

export interface KernelExports {
  heapBase(): number;
  gemm64(A: number, lda: number, Bp: number, Ap: number, C: number, ldc: number, n: number, K: number, scale: number, mode: number, from: number, to: number): void;
  gemm32(A: number, lda: number, Bp: number, Ap: number, C: number, ldc: number, n: number, K: number, scale: number, mode: number, from: number, to: number): void;
  packB64(B: number, ldb: number, transposed: number, K: number, n: number, Bp: number, from: number, to: number): void;
  packB32(B: number, ldb: number, transposed: number, K: number, n: number, Bp: number, from: number, to: number): void;
  gemmPackedBBytes(K: number, n: number, elementBytes: number): number;
  gemmScratchBytes(m: number, K: number, elementBytes: number): number;
  gemmStrips(n: number, elementBytes: number): number;
  tileCeiling64(block: number, strip: number, K: number, C: number, reps: number): void;
  tileCeiling32(block: number, strip: number, K: number, C: number, reps: number): void;
  transpose64(src: number, rows: number, cols: number, dst: number): void;
  mirrorUpper64(X: number, d: number): void;
  residualRows64(X: number, M: number, d: number, rowSums: number, from: number, to: number): void;
  residualRows32(X: number, M: number, d: number, rowSums: number, from: number, to: number): void;
  demoteFlushed32(src: number, dst: number, count: number): void;
  dot64(a: number, b: number, count: number): number;
  residuals64(A: number, X: number, y: number, r: number, dd: number, from: number, to: number): void;
  weightedSum64(A: number, r: number, S: number, n: number, dd: number, from: number, to: number): void;
  symmetrize64(S: number, d: number): void;
  quadraticSamples64(X: number, Up: number, Ap: number, Z: number, y: number, r: number, W: number, d: number, k: number, scale: number, from: number, to: number): void;
  colPartsLength(m: number): number;
  svec64(X: number, d: number, x: number): void;
  symvBlocks64(G: number, x: number, m: number, rowPart: number, colParts: number, from: number, to: number): void;
  symvReduce64(m: number, rowPart: number, colParts: number, g: number, from: number, to: number): void;
  unsvecResidual64(g: number, b: number, d: number, S: number): void;
  columnSquaredNorms64(U: number, d: number, k: number, out: number, from: number, to: number): void;
  descend64(U: number, grad: number, weights: number, k: number, eta: number, penalized: number, from: number, to: number): void;
  gradientSquaredNorm64(U: number, grad: number, weights: number, d: number, k: number, penalized: number): number;
  gradientSquaredNorm32(U: number, grad: number, weights: number, d: number, k: number, penalized: number): number;
  descend32(U: number, U32: number, grad: number, weights: number, k: number, eta: number, penalized: number, from: number, to: number): void;
  normals64(state: number, out: number, count: number, scale: number): void;
  libmLog64(x: number): number;
  libmSinCos64(x: number, out: number): void;
}

/** Rows per block of the packed symmetric matvec (SYMV_BLOCK in gram64.ts). */
export const SYMV_BLOCK = 64;

export const PARALLEL_KERNELS = ['gemm64', 'gemm32', 'packB64', 'packB32', 'residuals64', 'weightedSum64', 'quadraticSamples64', 'symvBlocks64', 'symvReduce64', 'columnSquaredNorms64', 'descend64', 'descend32', 'residualRows64', 'residualRows32'] as const;
export type ParallelKernel = (typeof PARALLEL_KERNELS)[number];

/** Runs kernel `index` of PARALLEL_KERNELS with the fixed arguments in args over [from, to). */
export function invokeKernel(ex: KernelExports, index: number, a: Float64Array, from: number, to: number): void {
  switch (PARALLEL_KERNELS[index]) {
    case 'gemm64':
      return ex.gemm64(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], from, to);
    case 'gemm32':
      return ex.gemm32(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], from, to);
    case 'packB64':
      return ex.packB64(a[0], a[1], a[2], a[3], a[4], a[5], from, to);
    case 'packB32':
      return ex.packB32(a[0], a[1], a[2], a[3], a[4], a[5], from, to);
    case 'residuals64':
      return ex.residuals64(a[0], a[1], a[2], a[3], a[4], from, to);
    case 'weightedSum64':
      return ex.weightedSum64(a[0], a[1], a[2], a[3], a[4], from, to);
    case 'quadraticSamples64':
      return ex.quadraticSamples64(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], from, to);
    case 'symvBlocks64':
      return ex.symvBlocks64(a[0], a[1], a[2], a[3], a[4], from, to);
    case 'symvReduce64':
      return ex.symvReduce64(a[0], a[1], a[2], a[3], from, to);
    case 'columnSquaredNorms64':
      return ex.columnSquaredNorms64(a[0], a[1], a[2], a[3], from, to);
    case 'descend64':
      return ex.descend64(a[0], a[1], a[2], a[3], a[4], a[5], from, to);
    case 'residualRows64':
      return ex.residualRows64(a[0], a[1], a[2], a[3], from, to);
    case 'residualRows32':
      return ex.residualRows32(a[0], a[1], a[2], a[3], from, to);
    case 'descend32':
      return ex.descend32(a[0], a[1], a[2], a[3], a[4], a[5], a[6], from, to);
    default:
      throw new RangeError(`no parallel kernel number ${index}`);
  }
}

/** The kernels of a compiled module on a memory. */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
}
