// The ceiling of the kernels on this machine: the gemm's register tile alone, on one thread,
// its operands in L1, in the float64 binary (plain multiply and add) and in the float32 mode's
// binary (fused where relaxed SIMD validates). No step of any operator can beat it, so it
// tells a kernel that is slow apart from a target beyond this CPU.
import { kernelFiles, readWasm } from '../cli/kernelBackend';
import { GEMM_TILE_ROWS, packedBBytes } from '../core/kernels/gemmCall';
import { instantiateKernels } from '../core/kernels/wasmExports';

/** Terms per tile call: packed block (5×K) and strip (K×32 bytes) stay well inside L1. */
const TERMS = 256;
const SECONDS = 0.3;
const TRIALS = 5;

export interface Ceiling {
  /** GFLOP/s of one thread: 2 flops per multiply-add, best of the trials. */
  f64: number;
  f32: number;
  /** Whether the float32 binary fuses multiply-add. */
  f32Fused: boolean;
}

function measure(call: (reps: number) => void, flopsPerRep: number): number {
  let reps = 1;
  for (let start = performance.now(); performance.now() - start < 20; reps *= 2) call(reps);
  const perTrial = Math.max(1, Math.round((reps * SECONDS * 1000) / 40));
  let best = 0;
  for (let trial = 0; trial < TRIALS; trial++) {
    const start = performance.now();
    call(perTrial);
    best = Math.max(best, (perTrial * flopsPerRep) / ((performance.now() - start) / 1000) / 1e9);
  }
  return best;
}

export async function tileCeiling(): Promise<Ceiling> {
  const f32Files = await kernelFiles('f32');
  const memory = new WebAssembly.Memory({ initial: 4 });
  const f64 = instantiateKernels(await WebAssembly.compile(await readWasm('kernels.wasm')), memory);
  const f32 = instantiateKernels(await WebAssembly.compile(f32Files.soloBytes), memory);
  const block = 4096;
  const strip = block + GEMM_TILE_ROWS * TERMS * 8 + 64;
  const C = strip + packedBBytes(TERMS, 4, 'f64') + 64;
  const values = new Float64Array(memory.buffer, block, (C - block) / 8);
  for (let i = 0; i < values.length; i++) values[i] = 1 + (i % 7) / 64;
  const flops = (columns: number) => 2 * GEMM_TILE_ROWS * columns * TERMS;
  return {
    f64: measure((reps) => f64.tileCeiling64(block, strip, TERMS, C, reps), flops(4)),
    f32: measure((reps) => f32.tileCeiling32(block, strip, TERMS, C, reps), flops(8)),
    f32Fused: f32Files.solo !== 'kernels.wasm',
  };
}
