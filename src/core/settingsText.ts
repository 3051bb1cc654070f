// One line naming a run's settings, for figure headings in the CLI's files and the lab's
// chart exports alike.
import type { RunConfig } from './config';
import { PRECISION_LABELS } from './kernelChoice';
import type { KernelInfo } from './kernels/types';

/** x rounded to `digits` significant digits without trailing zeros ("0.05", "1e-7"); "—" when absent. */
export const num = (x: number | null | undefined, digits = 4): string =>
  x === null || x === undefined ? '—' : String(Number(x.toPrecision(digits)));

/**
 * "empirical, d = 30, k = 30, n = 1200; λ = 0.05, β = 0.01 (form B), η = 0.02, 4000 steps", with
 * ", float32 (fast)" when the run computed in float32: `kernel` is what ran (null before a run
 * is built), never what the `kernel` key asked for, which may have fallen back to float64.
 * `sizes` are the run's own d and k when a loaded problem fixed them.
 */
export function settingsText(config: RunConfig, kernel: Pick<KernelInfo, 'precision'> | null, sizes: { d: number; k: number } = config): string {
  const size = config.model === 'population' ? `d = ${sizes.d}, k = ${sizes.k}` : `d = ${sizes.d}, k = ${sizes.k}, n = ${config.n}`;
  const precision = kernel?.precision === 'f32' ? `, ${PRECISION_LABELS.f32}` : '';
  return `${config.model}, ${size}; λ = ${num(config.lambda)}, β = ${num(config.beta)} (form ${config.regularizer}), η = ${num(config.eta)}, ${config.steps} steps${precision}`;
}
