// Population loss L = ‖UUᵀ − M*‖_F², ∇L = 4 (UUᵀ − M*) U on the WebAssembly kernels, in
// float64 or float32 (U, ∇L and L stay float64 at the LossOperator boundary). Between the
// trainer's checkpoints it also takes the gradient step itself (InPlaceDescent), so the
// column norms and the update are split between the threads like the products.
import { populationFlops } from '../operators/shared';
import type { InPlaceDescent, LossOperator, OperatorKind } from '../types';
import { Arena, type KernelModule } from './arena';
import { GEMM_SYMMETRIC_A, GEMM_UPPER, gemmBuffers, teamGemm } from './gemmCall';
import type { Precision } from './types';
import type { ThreadTeam } from './team';

const populationSpec = (d: number, k: number, type: Precision) => ({
  Mstar: { length: d * d, type },
  E: { length: d * d, type },
  U: { length: d * k, type },
  // U in float64: float32 reads it from here, flushing what would make subnormal products,
  // and the step in place updates it.
  U64: { length: type === 'f32' ? d * k : 0, type: 'f64' as const },
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
  /** U in float64 in the memory: the buffer U in float64, U64 in float32. */
  private Uf64!: Float64Array;
  private grad!: Float64Array | Float32Array;

  constructor(kernelModule: KernelModule, team: ThreadTeam, precision: Precision, d: number, Mstar: Float64Array, k: number) {
    this.kernelModule = kernelModule;
    this.team = team;
    this.precision = precision;
    this.d = d;
    this.Mstar = Mstar;
    this.reserve(k);
  }

  /** A memory for up to k columns (a larger k than ever seen lays out a new one). */
  private reserve(k: number): void {
    if (k <= this.capacity) return;
    const { d } = this;
    const f64 = this.precision === 'f64';
    this.arena = new Arena(this.kernelModule, populationSpec(d, k, this.precision));
    (f64 ? this.arena.f64('Mstar') : this.arena.f32('Mstar')).set(this.Mstar);
    this.Uf64 = this.arena.f64(f64 ? 'U' : 'U64');
    this.grad = f64 ? this.arena.f64('grad') : this.arena.f32('grad');
    this.capacity = k;
  }

  /**
   * E = UUᵀ − M* on the upper triangle in the memory (E is symmetric); returns ‖E‖_F². U is
   * copied in (and, in float32, rounded) unless the memory already holds it (`held`).
   */
  private residual(U: Float64Array, k: number, held = false): number {
    this.reserve(k);
    const { d, arena, team, precision } = this;
    const { kernels, at } = arena;
    const f64 = precision === 'f64';
    if (!held) {
      this.Uf64.set(U.subarray(0, d * k));
      if (!f64) kernels.demoteFlushed32(at.U64, at.U, d * k);
    }
    teamGemm(team, arena, precision, { A: at.U, lda: k, B: at.U, ldb: k, transposed: true, C: at.E, ldc: d, m: d, n: d, K: k, scale: 1, mode: GEMM_UPPER, rowWeight: (i) => d - i });
    // Row r of the upper triangle has d − r entries.
    team.run(arena, kernels, f64 ? 'residualRows64' : 'residualRows32', [at.E, at.Mstar, d, at.rowSums], d, d * d, 1, (r) => d - r);
    const rowSums = arena.f64('rowSums');
    let total = 0;
    for (let r = 0; r < d; r++) total += rowSums[r];
    return total;
  }

  /** ∇L = 4 E·U into the memory's grad, after residual. */
  private gradient(k: number): void {
    const { d, arena, team, precision } = this;
    const { at } = arena;
    teamGemm(team, arena, precision, { A: at.E, lda: d, B: at.U, ldb: k, C: at.grad, ldc: k, m: d, n: k, K: d, scale: 4, mode: GEMM_SYMMETRIC_A });
  }

  value(U: Float64Array, k: number): number {
    return this.residual(U, k);
  }

  valueAndGradient(U: Float64Array, k: number, grad: Float64Array): number {
    const loss = this.residual(U, k);
    this.gradient(k);
    grad.set(this.grad.subarray(0, this.d * k));
    return loss;
  }

  lossKeepingGradient(U: Float64Array, k: number, sqNorms: Float64Array | null, continuing: boolean): number {
    const loss = this.residual(U, k, continuing);
    this.gradient(k);
    if (sqNorms) {
      const { d, arena, team } = this;
      const { kernels, at } = arena;
      team.run(arena, kernels, 'columnSquaredNorms64', [this.addressOfUf64(), d, k, at.sqNorms], k, 2 * d * k, NORM_COLUMNS_GRANULE);
      sqNorms.set(arena.f64('sqNorms').subarray(0, k));
    }
    return loss;
  }

  descend(U: Float64Array, k: number, weights: Float64Array | null, eta: number, writeBack: boolean): void {
    const { d, arena, team } = this;
    const { kernels, at } = arena;
    if (weights) arena.f64('weights').set(weights.subarray(0, k));
    const penalized = weights ? 1 : 0;
    if (this.precision === 'f64') team.run(arena, kernels, 'descend64', [at.U, at.grad, at.weights, k, eta, penalized], d, 4 * d * k);
    else team.run(arena, kernels, 'descend32', [at.U64, at.U, at.grad, at.weights, k, eta, penalized], d, 4 * d * k);
    if (writeBack) U.set(this.Uf64.subarray(0, d * k));
  }

  gradientNorm(k: number, weights: Float64Array | null): number {
    const { d, arena } = this;
    const { kernels, at } = arena;
    if (weights) arena.f64('weights').set(weights.subarray(0, k));
    const squaredNorm = this.precision === 'f64' ? kernels.gradientSquaredNorm64 : kernels.gradientSquaredNorm32;
    return Math.sqrt(squaredNorm(this.addressOfUf64(), at.grad, at.weights, d, k, weights ? 1 : 0));
  }

  readU(U: Float64Array, k: number): void {
    U.set(this.Uf64.subarray(0, this.d * k));
  }

  private addressOfUf64(): number {
    return this.arena.at[this.precision === 'f64' ? 'U' : 'U64'];
  }

  flopsPerStep(k: number): number {
    return populationFlops(this.d, k);
  }
}
