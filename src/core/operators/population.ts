import { outerGram } from '../linalg';
import type { LossOperator, OperatorKind } from '../types';
import { GrowingBuffer, populationFlops, scaledSquareTimesU } from './shared';

/** Population loss L = ‖UUᵀ − M*‖_F², ∇L = 4 (UUᵀ − M*) U. */
export class PopulationOperator implements LossOperator {
  readonly kind: OperatorKind = 'population';
  readonly d: number;
  private readonly Mstar: Float64Array;
  private readonly E: Float64Array;
  /** Uᵀ, for the dot-product form of (UUᵀ − M*) U. */
  private readonly transposed = new GrowingBuffer();

  constructor(d: number, Mstar: Float64Array) {
    this.d = d;
    this.Mstar = Mstar;
    this.E = new Float64Array(d * d);
  }

  /** E = UUᵀ − M*; returns ‖E‖_F². */
  private residual(U: Float64Array, k: number): number {
    const { d, E, Mstar } = this;
    outerGram(U, d, k, E);
    const dd = d * d;
    let s0 = 0;
    let s1 = 0;
    let i = 0;
    for (; i + 1 < dd; i += 2) {
      const e0 = E[i] - Mstar[i];
      const e1 = E[i + 1] - Mstar[i + 1];
      E[i] = e0;
      E[i + 1] = e1;
      s0 += e0 * e0;
      s1 += e1 * e1;
    }
    for (; i < dd; i++) {
      const e = E[i] - Mstar[i];
      E[i] = e;
      s0 += e * e;
    }
    return s0 + s1;
  }

  value(U: Float64Array, k: number): number {
    return this.residual(U, k);
  }

  valueAndGradient(U: Float64Array, k: number, grad: Float64Array): number {
    const loss = this.residual(U, k);
    scaledSquareTimesU(this.E, U, this.d, k, 4, grad, this.transposed);
    return loss;
  }

  flopsPerStep(k: number): number {
    return populationFlops(this.d, k);
  }
}

