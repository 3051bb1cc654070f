// The Gram-folded operator (math.md §2) on the WebAssembly kernels, float64: the fold
// G = Σ v_i v_iᵀ runs once on the packed-triangle gemm, each step computes x = svec(UUᵀ),
// g = G x on fixed row blocks (bit-identical for any thread count), then ∇L = (4/n) S_sym U.
// It also takes the gradient step itself (InPlaceDescent, with the population operator's
// kernels), keeping each of its last two callers' U in its memory between steps (heldU.ts).
import { empiricalSvec, quadraticSvec } from '../operators/gram';
import { gramFlops, svecLength } from '../operators/shared';
import type { InPlaceDescent, LossOperator, OperatorKind } from '../types';
import { Arena, ArenaByK, type KernelModule } from './arena';
import { HeldU } from './heldU';
import type { ThreadTeam } from './team';
import type { Precision } from './types';
import { GEMM_ACCUMULATE, GEMM_PACKED, GEMM_UPPER, gemmBuffers, teamGemm } from './gemmCall';
import { SYMV_BLOCK } from './wasmExports';

/** Callers whose U the memory keeps: the lab's two lanes. */
const HELD_SLOTS = 2;

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
    // The held slots of U, each d×k entries rounded up to a cache line.
    U: f64(HELD_SLOTS * Math.ceil((d * k) / 8) * 8), grad: f64(d * k), sqNorms: f64(k), weights: f64(k),
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
  /** The arena of the last call, whose slots `held` describes. */
  private arena: GramArena;
  private readonly held: HeldU;
  /** The slot of the U the last loss worked on. */
  private slot = 0;
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
    this.held = new HeldU(HELD_SLOTS, {
      copyIn: (slot, from, size) => this.slotView(slot).set(from.subarray(0, size)),
      copyOut: (slot, to, size) => to.set(this.slotView(slot).subarray(0, size)),
    });
    this.arenas = new ArenaByK(kernelModule, (kk) => gramSpec(d, kk), (next, previous) => {
      if (!previous) return this.fold(next, y, writeSvec, onProgress);
      // The slots of U are laid out again: what they held goes back to its owners first.
      this.held.flush();
      next.f64('G').set(previous.f64('G'));
      next.f64('b').set(previous.f64('b'));
    }, k);
    this.arena = this.arenas.get(k);
  }

  /** The arena for k columns, and the slot of U in it (copied in unless held, or when `fresh`). */
  private use(U: Float64Array, k: number, fresh: boolean): GramArena {
    this.arena = this.arenas.get(k);
    this.slot = this.held.acquire(U, this.d * k, fresh);
    return this.arena;
  }

  /** Entries per slot of U in the current arena. */
  private slotEntries(): number {
    return this.arena.f64('U').length / HELD_SLOTS;
  }

  private slotView(slot: number): Float64Array {
    return this.arena.f64('U').subarray(slot * this.slotEntries(), (slot + 1) * this.slotEntries());
  }

  /** Byte address of a slot of U. */
  private slotAddress(slot: number): number {
    return this.arena.at.U + slot * this.slotEntries() * 8;
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

  /** x = svec(UUᵀ) and g = G x in the memory, for the U in the current slot; returns L. */
  private loss(arena: GramArena, k: number): number {
    const { d, m, n, team } = this;
    const { kernels, at } = arena;
    const u = this.slotAddress(this.slot);
    teamGemm(team, arena, 'f64', { A: u, lda: k, B: u, ldb: k, transposed: true, C: at.X, ldc: d, m: d, n: d, K: k, scale: 1, mode: GEMM_UPPER, rowWeight: (i) => d - i });
    kernels.mirrorUpper64(at.X, d);
    kernels.svec64(at.X, d, at.x);
    team.run(arena, kernels, 'symvBlocks64', [at.G, at.x, m, at.rowPart, at.colParts], symvBlocks(m), 2 * m * m, 1, (block) => m - block * SYMV_BLOCK);
    team.run(arena, kernels, 'symvReduce64', [m, at.rowPart, at.colParts, at.g], m, m * symvBlocks(m), 2, (q) => Math.floor(q / SYMV_BLOCK) + 1);
    const quadratic = kernels.dot64(at.x, at.g, m);
    // The three terms cancel near a perfect fit; L is a sum of squares, so clamp at 0.
    return Math.max(0, (quadratic - 2 * kernels.dot64(at.b, at.x, m) + this.c) / n);
  }

  value(U: Float64Array, k: number): number {
    return this.loss(this.use(U, k, true), k);
  }

  /** ∇L = (4/n) S_sym U into the memory's grad, after loss. */
  private gradient(arena: GramArena, k: number): void {
    const { d, n } = this;
    const { kernels, at } = arena;
    kernels.unsvecResidual64(at.g, at.b, d, at.S);
    teamGemm(this.team, arena, 'f64', { A: at.S, lda: d, B: this.slotAddress(this.slot), ldb: k, C: at.grad, ldc: k, m: d, n: k, K: d, scale: 4 / n, mode: 0 });
  }

  valueAndGradient(U: Float64Array, k: number, grad: Float64Array): number {
    const arena = this.use(U, k, true);
    const loss = this.loss(arena, k);
    this.gradient(arena, k);
    grad.set(arena.f64('grad').subarray(0, this.d * k));
    return loss;
  }

  lossKeepingGradient(U: Float64Array, k: number, sqNorms: Float64Array | null): number {
    const arena = this.use(U, k, false);
    const loss = this.loss(arena, k);
    this.gradient(arena, k);
    if (sqNorms) {
      const { kernels, at } = arena;
      this.team.run(arena, kernels, 'columnSquaredNorms64', [this.slotAddress(this.slot), this.d, k, at.sqNorms], k, 2 * this.d * k, NORM_COLUMNS_GRANULE);
      sqNorms.set(arena.f64('sqNorms').subarray(0, k));
    }
    return loss;
  }

  descend(_U: Float64Array, k: number, weights: Float64Array | null, eta: number): void {
    const { d, arena, slot } = this;
    const { kernels, at } = arena;
    if (weights) arena.f64('weights').set(weights.subarray(0, k));
    this.team.run(arena, kernels, 'descend64', [this.slotAddress(slot), at.grad, at.weights, k, eta, weights ? 1 : 0], d, 4 * d * k);
    this.held.moved(slot);
  }

  gradientNorm(k: number, weights: Float64Array | null): number {
    const { arena } = this;
    const { kernels, at } = arena;
    if (weights) arena.f64('weights').set(weights.subarray(0, k));
    return Math.sqrt(kernels.gradientSquaredNorm64(this.slotAddress(this.slot), at.grad, at.weights, this.d, k, weights ? 1 : 0));
  }

  readU(U: Float64Array): void {
    this.held.readInto(U);
  }

  release(U: Float64Array): void {
    this.held.release(U);
  }

  flopsPerStep(k: number): number {
    return gramFlops(this.d, k);
  }
}
