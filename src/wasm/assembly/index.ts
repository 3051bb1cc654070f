// The WebAssembly kernels of the loss operators (src/core/kernels/wasm*). Every buffer lives in
// an imported memory laid out by the caller; nothing here allocates.
export { gemm64, gemm32, packB64, packB32, gemmPackedBBytes, gemmScratchBytes, gemmStrips, tileCeiling64, tileCeiling32 } from './gemm';
export { transpose64, mirrorUpper64, residualRows64, dot64, residuals64, weightedSum64, symmetrize64 } from './steps64';
export { quadraticSamples64 } from './quadratic64';
export { colPartsLength, svec64, symvBlocks64, symvReduce64, unsvecResidual64 } from './gram64';
export { residualRows32, demoteFlushed32 } from './steps32';
export { columnSquaredNorms64, descend64, descend32, gradientSquaredNorm64, gradientSquaredNorm32 } from './descent';
export { normals64, libmLog64, libmSinCos64 } from './normals64';

/** First byte the caller may use: after the module's own static data. */
export function heapBase(): usize {
  return __heap_base;
}
