// How a Trainer evaluates and takes its gradient steps (math.md §3): on its own buffers in
// JavaScript, or, for an operator that steps in place (InPlaceDescent), in the operator's
// memory, where its threads split the work and a copy of U stays from step to step, the
// trainer's own array brought up to date only when it is read. Both do the same arithmetic in
// the same order, so they give the same bits.
import { columnSquaredNorms, frobeniusNorm } from './linalg';
import { addColumnWeighted, penalizedUpdate } from './regularizers';
import { takesStepsInPlace, type InPlaceDescent, type LossOperator } from './types';

export interface StepEngine {
  /** L(U), with ∇L(U) kept for the calls below; sqNorms, when given, ← ‖U e_c‖² for c < k. */
  evaluate(U: Float64Array, k: number, sqNorms: Float64Array | null): number;
  /** ‖∇L(U) + U diag(weights)‖_F (‖∇L(U)‖_F without weights) at the evaluated U. */
  gradientNorm(U: Float64Array, k: number, weights: Float64Array | null): number;
  /** U ← U − η (∇L(U) + U diag(weights)) (U − η ∇L(U) without weights); U itself may lag until sync. */
  update(U: Float64Array, k: number, weights: Float64Array | null, eta: number): void;
  /** Brings U up to date (an engine that steps elsewhere may hold a newer copy). */
  sync(U: Float64Array, k: number): void;
  /** The caller is about to write into U itself: any copy held elsewhere is dropped. */
  release(U: Float64Array): void;
}

/** The engine of an operator: in place when it can, else JavaScript on a gradient buffer of d×k entries. */
export function stepEngineFor(operator: LossOperator, d: number): StepEngine {
  return takesStepsInPlace(operator) ? new InPlaceEngine(operator) : new JavaScriptEngine(operator, d);
}

class JavaScriptEngine implements StepEngine {
  private grad = new Float64Array(0);
  /** gradientNorm added the penalty to grad: the update must not add it again. */
  private penaltyInGradient = false;

  constructor(
    private readonly operator: LossOperator,
    private readonly d: number,
  ) {}

  evaluate(U: Float64Array, k: number, sqNorms: Float64Array | null): number {
    const { d } = this;
    if (this.grad.length < d * k) this.grad = new Float64Array(d * k);
    this.penaltyInGradient = false;
    const loss = this.operator.valueAndGradient(U, k, this.grad);
    if (sqNorms) columnSquaredNorms(U, d, k, sqNorms);
    return loss;
  }

  sync(): void {}

  release(): void {}

  gradientNorm(U: Float64Array, k: number, weights: Float64Array | null): number {
    if (weights && !this.penaltyInGradient) {
      addColumnWeighted(U, this.d, k, weights, this.grad);
      this.penaltyInGradient = true;
    }
    return frobeniusNorm(this.grad, this.d * k);
  }

  update(U: Float64Array, k: number, weights: Float64Array | null, eta: number): void {
    const size = this.d * k;
    const grad = this.grad;
    // grad + U diag(w), formed in grad and then subtracted, or in one pass: the same bits.
    if (weights && !this.penaltyInGradient) {
      penalizedUpdate(U, this.d, k, weights, grad, eta);
    } else {
      for (let j = 0; j < size; j++) U[j] -= eta * grad[j];
    }
  }
}

class InPlaceEngine implements StepEngine {
  constructor(private readonly operator: LossOperator & InPlaceDescent) {}

  evaluate(U: Float64Array, k: number, sqNorms: Float64Array | null): number {
    return this.operator.lossKeepingGradient(U, k, sqNorms);
  }

  gradientNorm(_U: Float64Array, k: number, weights: Float64Array | null): number {
    return this.operator.gradientNorm(k, weights);
  }

  update(U: Float64Array, k: number, weights: Float64Array | null, eta: number): void {
    this.operator.descend(U, k, weights, eta);
  }

  sync(U: Float64Array, k: number): void {
    this.operator.readU(U, k);
  }

  release(U: Float64Array): void {
    this.operator.release(U);
  }
}
