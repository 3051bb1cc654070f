// One product C = scale · A·B on a thread team (src/wasm/assembly/gemm.ts): B is packed
// once, its strips split between the threads, then the rows of C are split on whole register
// tiles, each thread packing A into the scratch blocks of its own rows.
import type { BufferSpec } from './arena';
import type { TeamMemory, ThreadTeam } from './team';
import type { Precision } from './types';
import type { KernelExports } from './wasmExports';

/** gemm mode flags (src/wasm/assembly/layout.ts). */
export const GEMM_UPPER = 1;
export const GEMM_PACKED = 2;
export const GEMM_ACCUMULATE = 4;
/** A is symmetric (m×m, K = m) with only its upper triangle stored. */
export const GEMM_SYMMETRIC_A = 8;
/** Rows per register tile of gemm: thread splits cut on multiples of it so tiles stay whole. */
export const GEMM_TILE_ROWS = 5;
/** Bytes per term of a strip of packed B, of a vector, and the accumulator vectors each scratch block keeps (gemm.ts). */
const STRIP_BYTES = 32;
const VECTOR_BYTES = 16;
const TILE_VECTORS = 10;

const elementBytes = (precision: Precision): number => (precision === 'f64' ? 8 : 4);

/** Strips of packed B for n columns. */
export const gemmStrips = (n: number, precision: Precision): number => Math.ceil(n / (STRIP_BYTES / elementBytes(precision)));

/** Bytes of B (K×n) packed into strips. */
export const packedBBytes = (K: number, n: number, precision: Precision): number => gemmStrips(n, precision) * K * STRIP_BYTES;

/** Bytes of the packed-A scratch for m rows of K terms: per band of GEMM_TILE_ROWS rows, their packed terms and the tile's accumulators. */
export function gemmScratchBytes(m: number, K: number, precision: Precision): number {
  const block = Math.ceil((GEMM_TILE_ROWS * K * elementBytes(precision)) / VECTOR_BYTES) * VECTOR_BYTES + TILE_VECTORS * VECTOR_BYTES;
  return Math.ceil(m / GEMM_TILE_ROWS) * block;
}

/** The sizes of one product: C is m×n, summed over K terms. */
export interface GemmShape {
  m: number;
  n: number;
  K: number;
}

/** The arena buffers `Bp` and `Ap` large enough for each of `shapes` in turn. */
export function gemmBuffers(precision: Precision, shapes: GemmShape[]): { Bp: BufferSpec[string]; Ap: BufferSpec[string] } {
  const type = precision;
  const bytes = elementBytes(precision);
  const Bp = Math.max(...shapes.map(({ n, K }) => packedBBytes(K, n, precision)));
  const Ap = Math.max(...shapes.map(({ m, K }) => gemmScratchBytes(m, K, precision)));
  return { Bp: { length: Bp / bytes, type }, Ap: { length: Ap / bytes, type } };
}

export interface GemmCall extends GemmShape {
  /** A (m×K, row stride lda) and C (m×n, row stride ldc): byte addresses. */
  A: number;
  lda: number;
  C: number;
  ldc: number;
  /** B: K×n with row stride ldb, or (transposed) the transpose of the n×K matrix at B. */
  B: number;
  ldb: number;
  transposed?: boolean;
  scale: number;
  mode: number;
  /** Cost of row i of C, for splitting rows between threads (default: all equal). */
  rowWeight?: (i: number) => number;
}

/** An arena with the buffers of gemmBuffers. */
export interface GemmArena extends TeamMemory {
  readonly kernels: KernelExports;
  readonly at: { readonly Bp: number; readonly Ap: number };
}

/** Runs C = scale · A·B on the team, in the arena's memory, with its `Bp` and `Ap` buffers. */
export function teamGemm(team: ThreadTeam, arena: GemmArena, precision: Precision, call: GemmCall): void {
  const { kernels, at } = arena;
  const f64 = precision === 'f64';
  const { m, n, K } = call;
  team.run(arena, kernels, f64 ? 'packB64' : 'packB32', [call.B, call.ldb, call.transposed ? 1 : 0, K, n, at.Bp], gemmStrips(n, precision), K * n);
  team.run(arena, kernels, f64 ? 'gemm64' : 'gemm32', [call.A, call.lda, at.Bp, at.Ap, call.C, call.ldc, n, K, call.scale, call.mode], m, 2 * m * n * K, GEMM_TILE_ROWS, call.rowWeight);
}
