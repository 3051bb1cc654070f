// The direct operators of math.md §2 on the WebAssembly kernels, float64: empirical sensing
// (r_i = ⟨A_i, UUᵀ⟩ − y_i, ∇L = (2/n)(S + Sᵀ)U with S = Σ r_i A_i) and the quadratic network
// (z_i = Uᵀx_i, r_i = ‖z_i‖² − y_i, ∇L = (4/n) Σ r_i x_i z_iᵀ).
import { empiricalDirectFlops, quadraticDirectFlops } from '../operators/shared';
import type { LossOperator, OperatorKind } from '../types';
import { ArenaByK, type Arena, type BufferSpec, type KernelModule } from './arena';
import type { ThreadTeam } from './team';
import type { Precision } from './types';
import { GEMM_ACCUMULATE, GEMM_TILE_ROWS, GEMM_UPPER, gemmBuffers, gemmStrips, packedBBytes, teamGemm } from './gemmCall';

const f64 = (length: number) => ({ length, type: 'f64' as const });

const empiricalSpec = (d: number, n: number, k: number) => ({
  A: f64(n * d * d), y: f64(n), r: f64(n), X: f64(d * d), S: f64(d * d), U: f64(d * k), grad: f64(d * k),
  // UUᵀ (d×d over k terms), then S·U (d×k over d terms).
  ...gemmBuffers('f64', [{ m: d, n: d, K: k }, { m: d, n: k, K: d }]),
});

/** What both direct operators hold: n samples in float64 buffers laid out again when k grows. */
abstract class WasmSampleOperator<S extends BufferSpec> {
  readonly precision: Precision = 'f64';
  protected readonly n: number;
  protected readonly arenas: ArenaByK<S>;

  constructor(
    kernelModule: KernelModule,
    protected readonly team: ThreadTeam,
    readonly d: number,
    y: Float64Array,
    k: number,
    spec: (d: number, n: number, k: number) => S,
    writeSamples: (arena: Arena<S>) => void,
  ) {
    const n = y.length;
    this.n = n;
    this.arenas = new ArenaByK(kernelModule, (kk) => spec(d, n, kk), writeSamples, k);
  }
}

export class WasmEmpiricalDirectOperator extends WasmSampleOperator<ReturnType<typeof empiricalSpec>> implements LossOperator {
  readonly kind: OperatorKind = 'direct';

  constructor(kernelModule: KernelModule, team: ThreadTeam, d: number, A: Float64Array, y: Float64Array, k: number) {
    super(kernelModule, team, d, y, k, empiricalSpec, (next) => {
      next.f64('A').set(A);
      next.f64('y').set(y);
    });
  }

  /** Residuals r in the memory (X = UUᵀ formed once); returns Σ r_i². */
  private residuals(U: Float64Array, k: number): number {
    const { d, n, team } = this;
    const arena = this.arenas.get(k);
    const { kernels, at } = arena;
    arena.f64('U').set(U.subarray(0, d * k));
    teamGemm(team, arena, 'f64', { A: at.U, lda: k, B: at.U, ldb: k, transposed: true, C: at.X, ldc: d, m: d, n: d, K: k, scale: 1, mode: GEMM_UPPER, rowWeight: (i) => d - i });
    kernels.mirrorUpper64(at.X, d);
    team.run(arena, kernels, 'residuals64', [at.A, at.X, at.y, at.r, d * d], n, 2 * n * d * d);
    const r = arena.f64('r');
    let sum = 0;
    for (let i = 0; i < n; i++) sum += r[i] * r[i];
    return sum;
  }

  value(U: Float64Array, k: number): number {
    return this.residuals(U, k) / this.n;
  }

  valueAndGradient(U: Float64Array, k: number, grad: Float64Array): number {
    const sum = this.residuals(U, k);
    const { d, n, team } = this;
    const arena = this.arenas.get(k);
    const { kernels, at } = arena;
    team.run(arena, kernels, 'weightedSum64', [at.A, at.r, at.S, n, d * d], d * d, 2 * n * d * d, 2);
    kernels.symmetrize64(at.S, d);
    teamGemm(team, arena, 'f64', { A: at.S, lda: d, B: at.U, ldb: k, C: at.grad, ldc: k, m: d, n: k, K: d, scale: 2 / n, mode: 0 });
    grad.set(arena.f64('grad').subarray(0, d * k));
    return sum / n;
  }

  flopsPerStep(k: number): number {
    return empiricalDirectFlops(this.d, this.n, k);
  }
}

/** Samples per block of the quadratic operator: bounds Z and W to QUADRATIC_BLOCK·k each. */
const QUADRATIC_BLOCK = 4096;

const quadraticSpec = (d: number, n: number, k: number) => {
  const block = Math.min(n, QUADRATIC_BLOCK);
  return {
    X: f64(n * d), Xt: f64(n * d), y: f64(n), r: f64(block), U: f64(d * k), Z: f64(block * k), W: f64(block * k), grad: f64(d * k),
    // Z = X U for a block (block×k over d terms), then Xᵀ W (d×k over block terms); U stays packed in Up between them.
    ...gemmBuffers('f64', [{ m: block, n: k, K: d }, { m: d, n: k, K: block }]),
    Up: f64(packedBBytes(d, k, 'f64') / 8),
  };
};

export class WasmQuadraticDirectOperator extends WasmSampleOperator<ReturnType<typeof quadraticSpec>> implements LossOperator {
  readonly kind: OperatorKind = 'quadratic-direct';

  constructor(kernelModule: KernelModule, team: ThreadTeam, d: number, X: Float64Array, y: Float64Array, k: number) {
    super(kernelModule, team, d, y, k, quadraticSpec, (next) => {
      next.f64('X').set(X);
      next.f64('y').set(y);
      next.kernels.transpose64(next.at.X, y.length, d, next.at.Xt);
    });
  }

  /** Σ r_i² over all samples; with grad, also writes ∇L into it. */
  private pass(U: Float64Array, k: number, grad: Float64Array | null): number {
    const { d, n, team } = this;
    const arena = this.arenas.get(k);
    const { kernels, at } = arena;
    arena.f64('U').set(U.subarray(0, d * k));
    team.run(arena, kernels, 'packB64', [at.U, k, 0, d, k, at.Up], gemmStrips(k, 'f64'), d * k);
    const r = arena.f64('r');
    let sum = 0;
    for (let start = 0; start < n; start += QUADRATIC_BLOCK) {
      const count = Math.min(QUADRATIC_BLOCK, n - start);
      team.run(arena, kernels, 'quadraticSamples64', [at.X + 8 * start * d, at.Up, at.Ap, at.Z, at.y + 8 * start, at.r, at.W, d, k, 4 / n], count, 2 * count * d * k, GEMM_TILE_ROWS);
      for (let t = 0; t < count; t++) sum += r[t] * r[t];
      if (grad) {
        const mode = start === 0 ? 0 : GEMM_ACCUMULATE;
        teamGemm(team, arena, 'f64', { A: at.Xt + 8 * start, lda: n, B: at.W, ldb: k, C: at.grad, ldc: k, m: d, n: k, K: count, scale: 1, mode });
      }
    }
    if (grad) grad.set(arena.f64('grad').subarray(0, d * k));
    return sum;
  }

  value(U: Float64Array, k: number): number {
    return this.pass(U, k, null) / this.n;
  }

  valueAndGradient(U: Float64Array, k: number, grad: Float64Array): number {
    return this.pass(U, k, grad) / this.n;
  }

  flopsPerStep(k: number): number {
    return quadraticDirectFlops(this.d, this.n, k);
  }
}
