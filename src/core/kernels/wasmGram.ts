// The Gram-folded operator (math.md §2) on the WebAssembly kernels, float64: the fold
// G = Σ v_i v_iᵀ runs once on the packed-triangle gemm, each step computes x = svec(UUᵀ),
// g = G x on fixed row blocks (bit-identical for any thread count), then ∇L = (4/n) S_sym U.
// Between the trainer's checkpoints it also takes the gradient step itself (InPlaceDescent,
// with the population operator's kernels), so U and ∇L stay in its memory from step to step.
import { empiricalSvec, quadraticSvec } from '../operators/gram';
import { gramFlops, svecLength } from '../operators/shared';
import type { InPlaceDescent, LossOperator, OperatorKind } from '../types';
import { Arena, ArenaByK, type KernelModule } from './arena';
import type { ThreadTeam } from './team';
import type { Precision } from './types';
import { GEMM_ACCUMULATE, GEMM_PACKED, GEMM_UPPER, gemmBuffers, teamGemm } from './gemmCall';
import { SYMV_BLOCK } from './wasmExports';

/** Samples per block of the fold. */
const FOLD_BLOCK = 64;

const symvBlocks = (m: number): number => Math.ceil(m / SYMV_BLOCK);
/** Entries of the per-block column parts (gram64.ts colPartStart of the last block + 1). */
const colPartsLength = (m: number): number => {
  const blocks = symvBlocks(m);
  return blocks * m - (SYMV_BLOCK * blocks * (blocks - 1)) / 2;
};

const gramSpec = (d: number, k: number) => {
  const m = svecLength(d);
  const f64 = (length: number) => ({ length, type: 'f64' as const });
  return {
    G: f64((m * (m + 1)) / 2), b: f64(m), x: f64(m), g: f64(m), rowPart: f64(m), colParts: f64(colPartsLength(m)),
    Vt: f64(m * FOLD_BLOCK), V: f64(m * FOLD_BLOCK), X: f64(d * d), S: f64(d * d),
    U: f64(d * k), grad: f64(d * k), sqNorms: f64(k), weights: f64(k),
    // The fold's Vᵀ V (m×m over a block of samples), UUᵀ (d×d over k terms), S·U (d×k over d terms).
    ...gemmBuffers('f64', [{ m, n: m, K: FOLD_BLOCK }, { m: d, n: d, K: k }, { m: d, n: k, K: d }]),
  };
};
type GramArena = Arena<ReturnType<typeof gramSpec>>;

/** Column pairs stay on one thread, so the norms' vector loop is not cut mid-pair. */
const NORM_COLUMNS_GRANULE = 2;

export class WasmGramOperator implements LossOperator, InPlaceDescent {
  readonly kind: OperatorKind;
  readonly d: number;
  readonly precision: Precision = 'f64';
  private readonly n: number;
  private readonly m: number;
  private readonly c: number;
  private readonly arenas: ArenaByK<ReturnType<typeof gramSpec>>;
  private readonly team: ThreadTeam;

  /** `onProgress` hears the fraction of the samples folded after each block. */
  constructor(
    kernelModule: KernelModule,
    team: ThreadTeam,
    kind: 'gram' | 'quadratic-gram',
    d: number,
    inputs: Float64Array,
    y: Float64Array,
    k: number,
    onProgress?: (fraction: number) => void,
  ) {
    this.kind = kind;
    this.d = d;
    this.n = y.length;
    this.m = svecLength(d);
    this.team = team;
    let c = 0;
    for (let i = 0; i < this.n; i++) c += y[i] * y[i];
    this.c = c;
    const writeSvec = kind === 'gram' ? empiricalSvec(inputs, d) : quadraticSvec(inputs, d);
    this.arenas = new ArenaByK(kernelModule, (kk) => gramSpec(d, kk), (next, previous) => {
      if (!previous) return this.fold(next, y, writeSvec, onProgress);
      next.f64('G').set(previous.f64('G'));
      next.f64('b').set(previous.f64('b'));
    }, k);
  }

  /** G and b from the samples, B at a time: V (B×m) and Vt (m×B) hold their svec rows. */
  private fold(
    arena: GramArena,
    y: Float64Array,
    writeSvec: (i: number, out: Float64Array, offset: number, stride: number) => void,
    onProgress: ((fraction: number) => void) | undefined,
  ): void {
    const { m, n } = this;
    const { at } = arena;
    const b = arena.f64('b');
    const V = arena.f64('V');
    const Vt = arena.f64('Vt');
    for (let start = 0; start < n; start += FOLD_BLOCK) {
      const count = Math.min(FOLD_BLOCK, n - start);
      for (let t = 0; t < count; t++) {
        writeSvec(start + t, V, t * m, 1);
        writeSvec(start + t, Vt, t, FOLD_BLOCK);
      }
      for (let p = 0; p < m; p++) {
        let yv = 0;
        for (let t = 0; t < count; t++) yv += y[start + t] * Vt[p * FOLD_BLOCK + t];
        b[p] += yv;
      }
      teamGemm(this.team, arena, 'f64', { A: at.Vt, lda: FOLD_BLOCK, B: at.V, ldb: m, C: at.G, ldc: m, m, n: m, K: count, scale: 1, mode: GEMM_UPPER | GEMM_PACKED | GEMM_ACCUMULATE, rowWeight: (i) => m - i });
      onProgress?.((start + count) / n);
    }
  }

  /** x = svec(UUᵀ) and g = G x in the memory; returns L. U is copied in unless the memory already holds it (`held`). */
  private loss(arena: GramArena, U: Float64Array, k: number, held = false): number {
    const { d, m, n, team } = this;
    const { kernels, at } = arena;
    if (!held) arena.f64('U').set(U.subarray(0, d * k));
    teamGemm(team, arena, 'f64', { A: at.U, lda: k, B: at.U, ldb: k, transposed: true, C: at.X, ldc: d, m: d, n: d, K: k, scale: 1, mode: GEMM_UPPER, rowWeight: (i) => d - i });
    kernels.mirrorUpper64(at.X, d);
    kernels.svec64(at.X, d, at.x);
    team.run(arena, kernels, 'symvBlocks64', [at.G, at.x, m, at.rowPart, at.colParts], symvBlocks(m), 2 * m * m, 1, (block) => m - block * SYMV_BLOCK);
    team.run(arena, kernels, 'symvReduce64', [m, at.rowPart, at.colParts, at.g], m, m * symvBlocks(m), 2, (q) => Math.floor(q / SYMV_BLOCK) + 1);
    const quadratic = kernels.dot64(at.x, at.g, m);
    // The three terms cancel near a perfect fit; L is a sum of squares, so clamp at 0.
    return Math.max(0, (quadratic - 2 * kernels.dot64(at.b, at.x, m) + this.c) / n);
  }

  value(U: Float64Array, k: number): number {
    return this.loss(this.arenas.get(k), U, k);
  }

  /** ∇L = (4/n) S_sym U into the memory's grad, after loss. */
  private gradient(arena: GramArena, k: number): void {
    const { d, n } = this;
    const { kernels, at } = arena;
    kernels.unsvecResidual64(at.g, at.b, d, at.S);
    teamGemm(this.team, arena, 'f64', { A: at.S, lda: d, B: at.U, ldb: k, C: at.grad, ldc: k, m: d, n: k, K: d, scale: 4 / n, mode: 0 });
  }

  valueAndGradient(U: Float64Array, k: number, grad: Float64Array): number {
    const arena = this.arenas.get(k);
    const loss = this.loss(arena, U, k);
    this.gradient(arena, k);
    grad.set(arena.f64('grad').subarray(0, this.d * k));
    return loss;
  }

  lossKeepingGradient(U: Float64Array, k: number, sqNorms: Float64Array | null, continuing: boolean): number {
    const arena = this.arenas.get(k);
    const loss = this.loss(arena, U, k, continuing);
    this.gradient(arena, k);
    if (sqNorms) {
      const { kernels, at } = arena;
      this.team.run(arena, kernels, 'columnSquaredNorms64', [at.U, this.d, k, at.sqNorms], k, 2 * this.d * k, NORM_COLUMNS_GRANULE);
      sqNorms.set(arena.f64('sqNorms').subarray(0, k));
    }
    return loss;
  }

  descend(U: Float64Array, k: number, weights: Float64Array | null, eta: number, writeBack: boolean): void {
    const { d } = this;
    const arena = this.arenas.get(k);
    const { kernels, at } = arena;
    if (weights) arena.f64('weights').set(weights.subarray(0, k));
    this.team.run(arena, kernels, 'descend64', [at.U, at.grad, at.weights, k, eta, weights ? 1 : 0], d, 4 * d * k);
    if (writeBack) this.readU(U, k);
  }

  gradientNorm(k: number, weights: Float64Array | null): number {
    const arena = this.arenas.get(k);
    const { kernels, at } = arena;
    if (weights) arena.f64('weights').set(weights.subarray(0, k));
    return Math.sqrt(kernels.gradientSquaredNorm64(at.U, at.grad, at.weights, this.d, k, weights ? 1 : 0));
  }

  readU(U: Float64Array, k: number): void {
    U.set(this.arenas.get(k).f64('U').subarray(0, this.d * k));
  }

  flopsPerStep(k: number): number {
    return gramFlops(this.d, k);
  }
}
