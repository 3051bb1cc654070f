// The unregularized losses L(U) of math.md §2 and their gradients, one LossOperator per
// measurement model and implementation (one file each). All buffers are allocated in the
// constructor (or when a new k is first seen), never per call.
import { MEMORY_BUDGET_BYTES, formatBytes, gramFoldBytes } from '../config';
import type { HeldOutSet, LossOperator, OperatorChoice, Problem } from '../types';
import { EmpiricalDirectOperator } from './empiricalDirect';
import { GramOperator, empiricalSvec, quadraticSvec } from './gram';
import { PopulationOperator } from './population';
import { QuadraticDirectOperator } from './quadraticDirect';
import { empiricalDirectFlops, gramFlops, populationFlops, quadraticDirectFlops } from './shared';

export { EmpiricalDirectOperator, GramOperator, PopulationOperator, QuadraticDirectOperator };
export { svecLength } from './shared';

/** The sizes an operator choice depends on. */
type ProblemShape = Pick<Problem, 'model' | 'd' | 'n'>;

function directFlops(shape: ProblemShape, k: number): number {
  const { d, n } = shape;
  return shape.model === 'quadratic' ? quadraticDirectFlops(d, n, k) : empiricalDirectFlops(d, n, k);
}

/** Whether an empirical or quadratic problem gets the Gram fold: the choice of planOperator, below. */
function foldsGram(shape: ProblemShape, choice: OperatorChoice, k: number): boolean {
  const fits = gramFoldBytes(shape.d) <= MEMORY_BUDGET_BYTES;
  return choice === 'gram' || (choice === 'auto' && fits && gramFlops(shape.d, k) < directFlops(shape, k));
}

/** Flops of one step of the operator planOperator picks for a problem of these sizes, known before the problem is drawn. */
export function plannedStepFlops(shape: ProblemShape, choice: OperatorChoice, k: number): number {
  if (shape.model === 'population') return populationFlops(shape.d, k);
  return foldsGram(shape, choice, k) ? gramFlops(shape.d, k) : directFlops(shape, k);
}

/**
 * Which operator a problem gets, with the data it reads: what createOperator builds, and
 * what every kernel backend builds in its own way.
 */
export type OperatorPlan =
  | { kind: 'population'; d: number; Mstar: Float64Array }
  | { kind: 'direct'; d: number; A: Float64Array; y: Float64Array }
  | { kind: 'gram'; d: number; A: Float64Array; y: Float64Array }
  | { kind: 'quadratic-direct'; d: number; X: Float64Array; y: Float64Array }
  | { kind: 'quadratic-gram'; d: number; X: Float64Array; y: Float64Array };

/**
 * The loss operator plan of a problem. The population model has one implementation. For the
 * empirical and quadratic models, 'auto' takes the Gram fold when one step of it costs fewer
 * flops than a direct step (roughly n > d²/8 for empirical sensing) and its packed Gram
 * matrix fits MEMORY_BUDGET_BYTES; otherwise the direct operator. The fold's one-time cost
 * (n·m²/2 multiply-adds, about d²/16 direct steps) is not weighed.
 */
export function planOperator(problem: Problem, choice: OperatorChoice, k: number): OperatorPlan {
  const { d } = problem;
  if (problem.model === 'population') {
    if (!problem.Mstar) throw new Error('the population model needs M*; supply "Mstar" in the problem file');
    return { kind: 'population', d, Mstar: problem.Mstar };
  }
  const y = problem.y;
  if (!y) throw new Error(`the ${problem.model} model needs measurements y`);
  const inputs = problem.model === 'empirical' ? problem.A : problem.X;
  if (!inputs) throw new Error(`the ${problem.model} model needs ${problem.model === 'empirical' ? 'sensing matrices A' : 'inputs X'}`);
  const fits = gramFoldBytes(d) <= MEMORY_BUDGET_BYTES;
  if (choice === 'gram' && !fits) {
    throw new Error(
      `the Gram fold for d = ${d} needs ${formatBytes(gramFoldBytes(d))}, over the ${formatBytes(MEMORY_BUDGET_BYTES)} budget; use operator "direct" or "auto"`,
    );
  }
  const useGram = foldsGram(problem, choice, k);
  if (problem.model === 'empirical') return { kind: useGram ? 'gram' : 'direct', d, A: inputs, y };
  return { kind: useGram ? 'quadratic-gram' : 'quadratic-direct', d, X: inputs, y };
}

/**
 * The plan of a problem's held-out loss L_test(U) (value() only is used, at checkpoints), or
 * null without a held-out set. Direct, not Gram: n_test is small and the loss is read once
 * per checkpoint, so a fold would cost more than it saves.
 */
export function planHeldOutOperator(d: number, heldOut: HeldOutSet | null): OperatorPlan | null {
  if (!heldOut) return null;
  return heldOut.A !== null ? { kind: 'direct', d, A: heldOut.A, y: heldOut.y } : { kind: 'quadratic-direct', d, X: heldOut.X, y: heldOut.y };
}

/** The JS operator of a plan; `onProgress` hears the fraction of a Gram fold done (the one slow construction). */
export function buildJsOperator(plan: OperatorPlan, onProgress?: (fraction: number) => void): LossOperator {
  switch (plan.kind) {
    case 'population':
      return new PopulationOperator(plan.d, plan.Mstar);
    case 'direct':
      return new EmpiricalDirectOperator(plan.d, plan.A, plan.y);
    case 'gram':
      return new GramOperator('gram', plan.d, plan.y, empiricalSvec(plan.A, plan.d), onProgress);
    case 'quadratic-direct':
      return new QuadraticDirectOperator(plan.d, plan.X, plan.y);
    case 'quadratic-gram':
      return new GramOperator('quadratic-gram', plan.d, plan.y, quadraticSvec(plan.X, plan.d), onProgress);
  }
}

/** The JS loss operator of a problem (see planOperator for the choice). */
export function createOperator(problem: Problem, choice: OperatorChoice, k: number, onProgress?: (fraction: number) => void): LossOperator {
  return buildJsOperator(planOperator(problem, choice, k), onProgress);
}

/** The JS held-out loss operator of a problem, or null without a held-out set. */
export function createHeldOutOperator(d: number, heldOut: HeldOutSet | null): LossOperator | null {
  const plan = planHeldOutOperator(d, heldOut);
  return plan && buildJsOperator(plan);
}
