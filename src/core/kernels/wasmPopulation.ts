// Population loss L = ‖UUᵀ − M*‖_F², ∇L = 4 (UUᵀ − M*) U on the WebAssembly kernels, in
// float64 or float32 (U, ∇L and L stay float64 at the LossOperator boundary).
import { populationFlops } from '../operators/shared';
import type { LossOperator, OperatorKind } from '../types';
import { Arena, type KernelModule } from './arena';
import { GEMM_SYMMETRIC_A, GEMM_UPPER, gemmBuffers, teamGemm } from './gemmCall';
import type { Precision } from './types';
import type { ThreadTeam } from './team';

const populationSpec = (d: number, k: number, type: Precision) => ({
  Mstar: { length: d * d, type },
  E: { length: d * d, type },
  U: { length: d * k, type },
  // float32 reads U from here (float64), flushing what would make subnormal products.
  U64: { length: type === 'f32' ? d * k : 0, type: 'f64' as const },
  grad: { length: d * k, type },
  // UUᵀ (d×d over k terms), then E·U (d×k over d terms).
  ...gemmBuffers(type, [{ m: d, n: d, K: k }, { m: d, n: k, K: d }]),
});

export class WasmPopulationOperator implements LossOperator {
  readonly kind: OperatorKind = 'population';
  readonly d: number;
  readonly precision: Precision;
  private readonly Mstar: Float64Array;
  private readonly team: ThreadTeam;
  private readonly kernelModule: KernelModule;
  private arena!: Arena<ReturnType<typeof populationSpec>>;
  private capacity = 0;
  private U!: Float64Array | Float32Array;
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
    this.U = f64 ? this.arena.f64('U') : this.arena.f32('U');
    this.grad = f64 ? this.arena.f64('grad') : this.arena.f32('grad');
    this.capacity = k;
  }

  /** E = UUᵀ − M* on the upper triangle in the memory (E is symmetric); returns ‖E‖_F². */
  private residual(U: Float64Array, k: number): number {
    this.reserve(k);
    const { d, arena, team, precision } = this;
    const { kernels, at } = arena;
    const f64 = precision === 'f64';
    if (f64) {
      this.U.set(U.subarray(0, d * k));
    } else {
      arena.f64('U64').set(U.subarray(0, d * k));
      kernels.demoteFlushed32(at.U64, at.U, d * k);
    }
    teamGemm(team, arena, precision, { A: at.U, lda: k, B: at.U, ldb: k, transposed: true, C: at.E, ldc: d, m: d, n: d, K: k, scale: 1, mode: GEMM_UPPER, rowWeight: (i) => d - i });
    return (f64 ? kernels.residualUpper64 : kernels.residualUpper32)(at.E, at.Mstar, d);
  }

  value(U: Float64Array, k: number): number {
    return this.residual(U, k);
  }

  valueAndGradient(U: Float64Array, k: number, grad: Float64Array): number {
    const loss = this.residual(U, k);
    const { d, arena, team, precision } = this;
    const { at } = arena;
    teamGemm(team, arena, precision, { A: at.E, lda: d, B: at.U, ldb: k, C: at.grad, ldc: k, m: d, n: k, K: d, scale: 4, mode: GEMM_SYMMETRIC_A });
    grad.set(this.grad.subarray(0, d * k));
    return loss;
  }

  flopsPerStep(k: number): number {
    return populationFlops(this.d, k);
  }
}
