// A completed run has finite numbers throughout (a run whose numbers blow up stops as
// diverged), so a NaN or ±Infinity in one means the file was edited or damaged.
import type { RateFit } from '../metrics';
import type { Problems } from './readers';
import type { PhaseRecord } from './schema';

/** The first number of a phase that is not finite, e.g. "phase1.history[3].loss = NaN"; null when all are. */
function firstNonFinite(name: string, phase: PhaseRecord): string | null {
  const u = phase.U.findIndex((x) => !Number.isFinite(x));
  if (u >= 0) return `${name}.U[${u}] = ${phase.U[u]}`;
  for (let t = 0; t < phase.history.length; t++) {
    for (const [key, x] of Object.entries(phase.history[t])) if (!Number.isFinite(x)) return `${name}.history[${t}].${key} = ${x}`;
  }
  const { final } = phase;
  for (const key of ['loss', 'objective', 'testError', 'relativeTestError', 'gradNorm'] as const) {
    const x = final[key];
    if (x !== null && !Number.isFinite(x)) return `${name}.final.${key} = ${x}`;
  }
  const c = final.columnNorms.findIndex((x) => !Number.isFinite(x));
  return c >= 0 ? `${name}.final.columnNorms[${c}] = ${final.columnNorms[c]}` : null;
}

/** Records a problem for each phase with a non-finite number and each rate fit holding NaN. */
export function checkCompletedRunIsFinite(phases: [string, PhaseRecord | null][], fits: [string, RateFit | null | undefined][], problems: Problems): void {
  const advice = 'a completed run has finite numbers throughout, so the file was edited or damaged; export the run again';
  for (const [name, phase] of phases) {
    const found = phase && firstNonFinite(name, phase);
    if (found) problems.add(`${found} in a run marked completed: ${advice}`);
  }
  for (const [name, fit] of fits) {
    if (fit && [fit.rho, fit.C, fit.r2].some(Number.isNaN)) problems.add(`${name} holds NaN in a run marked completed: ${advice}`);
  }
}
