// The numpy baselines of `npm run bench` (scripts/bench_numpy.py): the same steps in plain
// numpy under several OpenBLAS settings, one process per setting and case (one process
// running several variants slowed the later ones down), and the whole plain-numpy script.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { RunConfig } from '../core/config';

const run = promisify(execFile);
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'bench_numpy.py');

/** How numpy is started: with OpenBLAS choosing its own kernel, held to one thread, or told to use AVX-512. */
export interface NumpyVariant {
  label: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Some machines preset OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (older OpenBLAS builds crash
 * without them); they slow a current numpy, so the default variant drops both together.
 */
function withoutCoreOverrides(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

export function numpyVariants(): NumpyVariant[] {
  const base = withoutCoreOverrides();
  return [
    { label: 'numpy', env: base },
    { label: 'numpy 1 thread', env: { ...base, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } },
    { label: 'numpy SkylakeX', env: { ...base, OPENBLAS_CORETYPE: 'SkylakeX' } },
  ];
}

export interface NumpyTiming {
  version: string;
  /** The OpenBLAS kernel it ran, as OpenBLAS names it; null when it could not tell. */
  core: string | null;
  secondsPerStep: number;
}

const firstLine = (error: unknown): string =>
  error instanceof Error ? (error.message.split('\n').find((line) => line.trim()) ?? error.message) : String(error);

/** Seconds per phase-1 step of one case in plain numpy, or why it could not run. */
export async function numpyStepTime(
  name: string,
  config: RunConfig,
  variant: NumpyVariant,
  timing: { targetSeconds: number; reps: number },
): Promise<NumpyTiming | string> {
  const payload = [{ name, model: config.model, d: config.d, k: config.k, n: config.n, lambda: config.lambda, beta: config.beta, eta: config.eta, ...timing }];
  try {
    const { stdout } = await run('python3', [SCRIPT, JSON.stringify(payload)], { maxBuffer: 1 << 20, env: variant.env });
    const parsed = JSON.parse(stdout) as { numpy: string; openblasCore: string | null; results: { secondsPerStep: number }[] };
    return { version: parsed.numpy, core: parsed.openblasCore, secondsPerStep: parsed.results[0].secondsPerStep };
  } catch (error) {
    return `numpy baseline not run (${firstLine(error)})`;
  }
}

/** Starts the whole plain-numpy script for `config` (the default variant), writing to `out`. */
export function numpyWholeRun(config: RunConfig, tau: number, out: string): Promise<unknown> {
  const { model, d, k, n, seed, lambda, beta, eta, steps, checkpointEvery, fineTuneSteps, fineTuneEta } = config;
  const spec = { model, d, k, n, seed, lambda, beta, eta, steps, checkpointEvery, tau, fineTuneSteps, fineTuneEta };
  return run('python3', [SCRIPT, '--run', JSON.stringify(spec), out], { env: withoutCoreOverrides(), maxBuffer: 1 << 20 });
}
