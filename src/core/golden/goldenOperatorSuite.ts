// Test support shared by every implementation of the loss operators (JS in core, wasm in the
// kernel backends): the numpy golden fixtures of scripts/make_golden.py, checked to 1e-12.
import { describe, expect, it } from 'vitest';
import { frobeniusNorm } from '../linalg';
import { loadProblemFile } from '../problem';
import type { LossOperator, OperatorChoice, Problem } from '../types';
import empiricalGolden from './empirical.json';
import populationGolden from './population.json';
import quadraticGolden from './quadratic.json';

/** ‖actual − expected‖_F / ‖expected‖_F. */
export const relativeError = (actual: Float64Array, expected: Float64Array | number[]): number => {
  const e = Float64Array.from(expected);
  return frobeniusNorm(actual.map((v, i) => v - e[i])) / frobeniusNorm(e);
};
export const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

/** One test per fixture and operator: loss, gradient and the fixture's GD trajectory. */
export function describeGoldenOperators(title: string, createOperator: (problem: Problem, choice: OperatorChoice, k: number) => LossOperator): void {
  describe(title, () => {
    const suites: Array<[typeof empiricalGolden | typeof quadraticGolden | typeof populationGolden, OperatorChoice[]]> = [
      [empiricalGolden, ['direct', 'gram']],
      [quadraticGolden, ['direct', 'gram']],
      [populationGolden, ['auto']],
    ];
    for (const [golden, choices] of suites) {
      for (const c of golden.cases) {
        for (const choice of choices) {
          it(`${c.name} (${choice}): loss, gradient and ${c.gd.steps} GD steps`, () => {
            const { problem, U0, k } = loadProblemFile(c.problem);
            const op = createOperator(problem, choice, k);
            const U = U0!.slice();
            const grad = new Float64Array(problem.d * k);
            expect(relative(op.valueAndGradient(U, k, grad), c.loss)).toBeLessThan(1e-12);
            expect(relativeError(grad, c.grad)).toBeLessThan(1e-12);
            for (let t = 0; t < c.gd.steps; t++) {
              expect(relative(op.valueAndGradient(U, k, grad), c.gd.losses[t])).toBeLessThan(1e-12);
              for (let e = 0; e < U.length; e++) U[e] -= c.gd.eta * grad[e];
            }
            expect(relativeError(U, c.gd.finalU)).toBeLessThan(1e-12);
            expect(relative(op.value(U, k), c.gd.finalLoss)).toBeLessThan(1e-12);
          });
        }
      }
    }
  });
}
