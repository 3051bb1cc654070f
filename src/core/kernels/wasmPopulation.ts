// Population loss L = ‖UUᵀ − M*‖_F², ∇L = 4 (UUᵀ − M*) U on the WebAssembly kernels, in
// float64 or float32 (U, ∇L and L stay float64 at the LossOperator boundary).
import { outerGramFlops, populationFlops, squareTimesUFlops } from '../operators/shared';
import type { LossOperator, OperatorKind } from '../types';
import { Arena, type KernelModule } from './arena';
import type { Precision } from './types';
import { GEMM_TILE_ROWS, GEMM_UPPER } from './wasmExports';
import type { ThreadTeam } from './team';

const populationSpec = (d: number, k: number, type: 'f64' | 'f32') => ({
  Mstar: { length: d * d, type },
  E: { length: d * d, type },
  U: { length: d * k, type },
  Ut: { length: d * k, type },
  grad: { length: d * k, type },
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
    this.arena = new Arena(this.kernelModule, populationSpec(d, k, f64 ? 'f64' : 'f32'));
    (f64 ? this.arena.f64('Mstar') : this.arena.f32('Mstar')).set(this.Mstar);
    this.U = f64 ? this.arena.f64('U') : this.arena.f32('U');
    this.grad = f64 ? this.arena.f64('grad') : this.arena.f32('grad');
    this.capacity = k;
  }

  /** E = UUᵀ − M* in the memory; returns ‖E‖_F². */
  private residual(U: Float64Array, k: number): number {
    this.reserve(k);
    const { d, arena, team } = this;
    const { kernels, at } = arena;
    const f64 = this.precision === 'f64';
    this.U.set(U.subarray(0, d * k));
    (f64 ? kernels.transpose64 : kernels.transpose32)(at.U, d, k, at.Ut);
    team.run(arena, kernels, f64 ? 'gemm64' : 'gemm32', [at.U, k, at.Ut, d, at.E, d, d, k, 1, GEMM_UPPER], d, outerGramFlops(d, k), GEMM_TILE_ROWS, (i) => d - i);
    (f64 ? kernels.mirrorUpper64 : kernels.mirrorUpper32)(at.E, d);
    return (f64 ? kernels.residual64 : kernels.residual32)(at.E, at.Mstar, d * d);
  }

  value(U: Float64Array, k: number): number {
    return this.residual(U, k);
  }

  valueAndGradient(U: Float64Array, k: number, grad: Float64Array): number {
    const loss = this.residual(U, k);
    const { d, arena, team } = this;
    const { kernels, at } = arena;
    team.run(arena, kernels, this.precision === 'f64' ? 'gemm64' : 'gemm32', [at.E, d, at.U, k, at.grad, k, k, d, 4, 0], d, squareTimesUFlops(d, k), GEMM_TILE_ROWS);
    grad.set(this.grad.subarray(0, d * k));
    return loss;
  }

  flopsPerStep(k: number): number {
    return populationFlops(this.d, k);
  }
}
