// Population loss L = ‖UUᵀ − M*‖_F², ∇L = 4 (UUᵀ − M*) U on the WebAssembly kernels, in
// float64 or float32 (U, ∇L and L stay float64 at the LossOperator boundary). It also takes
// the gradient step itself (InPlaceDescent), so the column norms and the update are split
// between the threads like the products, and keeps each of its last two callers' U in its
// memory between steps (heldU.ts): the lab's two lanes take turns on it a step at a time.
import { populationFlops } from '../operators/shared';
import type { InPlaceDescent, LossOperator, OperatorKind } from '../types';
import { Arena, type KernelModule } from './arena';
import { GEMM_SYMMETRIC_A, GEMM_UPPER, gemmBuffers, teamGemm } from './gemmCall';
import { HeldU } from './heldU';
import type { Precision } from './types';
import type { ThreadTeam } from './team';

/** Callers whose U the memory keeps: the lab's two lanes. */
const HELD_SLOTS = 2;
/** Slots start on cache lines. */
const SLOT_ALIGN = 64;

/** Entries of one slot of U for d×k, a multiple of the cache line in both precisions. */
const slotEntries = (d: number, k: number): number => Math.ceil((d * k * 8) / SLOT_ALIGN) * (SLOT_ALIGN / 8);

const populationSpec = (d: number, k: number, type: Precision) => ({
  Mstar: { length: d * d, type },
  E: { length: d * d, type },
  // The held slots of U; in float32 the products read the rounded copy in U and the step
  // updates the float64 one in U64 (rounding entries that would make subnormal products to 0).
  U: { length: HELD_SLOTS * slotEntries(d, k), type },
  U64: { length: type === 'f32' ? HELD_SLOTS * slotEntries(d, k) : 0, type: 'f64' as const },
  grad: { length: d * k, type },
  sqNorms: { length: k, type: 'f64' as const },
  // Each row's share of ‖E‖_F², added in row order on the calling thread.
  rowSums: { length: d, type: 'f64' as const },
  weights: { length: k, type: 'f64' as const },
  // UUᵀ (d×d over k terms), then E·U (d×k over d terms).
  ...gemmBuffers(type, [{ m: d, n: d, K: k }, { m: d, n: k, K: d }]),
});

/** Column pairs stay on one thread, so the norms' vector loop is not cut mid-pair. */
const NORM_COLUMNS_GRANULE = 2;

export class WasmPopulationOperator implements LossOperator, InPlaceDescent {
  readonly kind: OperatorKind = 'population';
  readonly d: number;
  readonly precision: Precision;
  private readonly Mstar: Float64Array;
  private readonly team: ThreadTeam;
  private readonly kernelModule: KernelModule;
  private arena!: Arena<ReturnType<typeof populationSpec>>;
  private capacity = 0;
  private readonly held: HeldU;
  /** The slot of the U the products, the gradient and descend last worked on. */
  private slot = 0;
  private grad!: Float64Array | Float32Array;

  constructor(kernelModule: KernelModule, team: ThreadTeam, precision: Precision, d: number, Mstar: Float64Array, k: number) {
    this.kernelModule = kernelModule;
    this.team = team;
    this.precision = precision;
    this.d = d;
    this.Mstar = Mstar;
    this.held = new HeldU(HELD_SLOTS, {
      copyIn: (slot, from, size) => {
        this.slotF64(slot).set(from.subarray(0, size));
        if (this.precision === 'f32') this.arena.kernels.demoteFlushed32(this.addressF64(slot), this.addressOfU(slot), size);
      },
      copyOut: (slot, to, size) => to.set(this.slotF64(slot).subarray(0, size)),
    });
    this.reserve(k);
  }

  /** A memory for up to k columns (a larger k than ever seen lays out a new one, after writing back what the old one held). */
  private reserve(k: number): void {
    if (k <= this.capacity) return;
    if (this.capacity > 0) this.held.flush();
    const { d } = this;
    const f64 = this.precision === 'f64';
    this.arena = new Arena(this.kernelModule, populationSpec(d, k, this.precision));
    (f64 ? this.arena.f64('Mstar') : this.arena.f32('Mstar')).set(this.Mstar);
    this.grad = f64 ? this.arena.f64('grad') : this.arena.f32('grad');
    this.capacity = k;
  }

  /** Byte address of a slot of U as the products read it (float64, or the rounded float32 copy). */
  private addressOfU(slot: number): number {
    const bytes = this.precision === 'f64' ? 8 : 4;
    return this.arena.at.U + slot * slotEntries(this.d, this.capacity) * bytes;
  }

  /** Byte address of a slot's float64 copy of U, which the step updates. */
  private addressF64(slot: number): number {
    if (this.precision === 'f64') return this.addressOfU(slot);
    return this.arena.at.U64 + slot * slotEntries(this.d, this.capacity) * 8;
  }

  private slotF64(slot: number): Float64Array {
    return new Float64Array(this.arena.memory.buffer, this.addressF64(slot), this.d * this.capacity);
  }

  /**
   * E = UUᵀ − M* on the upper triangle in the memory (E is symmetric); returns ‖E‖_F². U comes
   * from its held slot, or is copied in (and, in float32, rounded) when none holds it or
   * `fresh` asks for the array's own values.
   */
  private residual(U: Float64Array, k: number, fresh: boolean): number {
    this.reserve(k);
    const { d, arena, team, precision } = this;
    const { kernels, at } = arena;
    this.slot = this.held.acquire(U, d * k, fresh);
    const u = this.addressOfU(this.slot);
    teamGemm(team, arena, precision, { A: u, lda: k, B: u, ldb: k, transposed: true, C: at.E, ldc: d, m: d, n: d, K: k, scale: 1, mode: GEMM_UPPER, rowWeight: (i) => d - i });
    // Row r of the upper triangle has d − r entries.
    team.run(arena, kernels, precision === 'f64' ? 'residualRows64' : 'residualRows32', [at.E, at.Mstar, d, at.rowSums], d, d * d, 1, (r) => d - r);
    const rowSums = arena.f64('rowSums');
    let total = 0;
    for (let r = 0; r < d; r++) total += rowSums[r];
    return total;
  }

  /** ∇L = 4 E·U into the memory's grad, after residual. */
  private gradient(k: number): void {
    const { d, arena, team, precision } = this;
    const { at } = arena;
    teamGemm(team, arena, precision, { A: at.E, lda: d, B: this.addressOfU(this.slot), ldb: k, C: at.grad, ldc: k, m: d, n: k, K: d, scale: 4, mode: GEMM_SYMMETRIC_A });
  }

  value(U: Float64Array, k: number): number {
    return this.residual(U, k, true);
  }

  valueAndGradient(U: Float64Array, k: number, grad: Float64Array): number {
    const loss = this.residual(U, k, true);
    this.gradient(k);
    grad.set(this.grad.subarray(0, this.d * k));
    return loss;
  }

  lossKeepingGradient(U: Float64Array, k: number, sqNorms: Float64Array | null): number {
    const loss = this.residual(U, k, false);
    this.gradient(k);
    if (sqNorms) {
      const { d, arena, team } = this;
      const { kernels, at } = arena;
      team.run(arena, kernels, 'columnSquaredNorms64', [this.addressF64(this.slot), d, k, at.sqNorms], k, 2 * d * k, NORM_COLUMNS_GRANULE);
      sqNorms.set(arena.f64('sqNorms').subarray(0, k));
    }
    return loss;
  }

  descend(_U: Float64Array, k: number, weights: Float64Array | null, eta: number): void {
    const { d, arena, team, slot } = this;
    const { kernels, at } = arena;
    if (weights) arena.f64('weights').set(weights.subarray(0, k));
    const penalized = weights ? 1 : 0;
    if (this.precision === 'f64') team.run(arena, kernels, 'descend64', [this.addressF64(slot), at.grad, at.weights, k, eta, penalized], d, 4 * d * k);
    else team.run(arena, kernels, 'descend32', [this.addressF64(slot), this.addressOfU(slot), at.grad, at.weights, k, eta, penalized], d, 4 * d * k);
    this.held.moved(slot);
  }

  gradientNorm(k: number, weights: Float64Array | null): number {
    const { d, arena } = this;
    const { kernels, at } = arena;
    if (weights) arena.f64('weights').set(weights.subarray(0, k));
    const squaredNorm = this.precision === 'f64' ? kernels.gradientSquaredNorm64 : kernels.gradientSquaredNorm32;
    return Math.sqrt(squaredNorm(this.addressF64(this.slot), at.grad, at.weights, d, k, weights ? 1 : 0));
  }

  readU(U: Float64Array): void {
    this.held.readInto(U);
  }

  release(U: Float64Array): void {
    this.held.release(U);
  }

  flopsPerStep(k: number): number {
    return populationFlops(this.d, k);
  }
}
