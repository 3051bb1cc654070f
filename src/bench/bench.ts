// `npm run bench`: phase-1 gradient-descent steps (loss, gradient, group-Lasso penalty and
// update, through the Trainer) per second and effective GFLOP/s for each kernel (JS, wasm
// f64 on one and on N threads, wasm float32) at the sizes of issues 2 and 7, next to plain
// numpy under its OpenBLAS settings; the projected Figure 1 time per kernel; and whole
// `prunelab run` processes against the plain numpy script.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { loadNodeBackend } from '../cli/kernelBackend';
import { parseConfig, formatErrors, type RunConfig } from '../core/config';
import { defaultThreads, kernelLabel } from '../core/kernelChoice';
import { jsBackend } from '../core/kernels/jsBackend';
import type { KernelBackend } from '../core/kernels/types';
import { presetConfig } from '../core/presets';
import { generateProblem, initialU } from '../core/problem';
import { resolveSeeds } from '../core/rng';
import { setupRun } from '../core/runSetup';
import type { OperatorChoice, Problem } from '../core/types';
import { tileCeiling } from './ceiling';
import { numpyStepTime, numpyVariants } from './numpy';
import { caseTable, ceilingLines, figure1Lines, wholeRunTable, type Row } from './report';
import { timeWholeRun, type WholeRunRow } from './wholeRun';

interface BenchCase {
  name: string;
  config: Partial<RunConfig>;
  operators: OperatorChoice[];
}

const CASES: BenchCase[] = [
  { name: 'empirical d=k=30 n=1200', config: { model: 'empirical', d: 30, k: 30, n: 1200 }, operators: ['direct', 'gram'] },
  { name: 'empirical d=k=50 n=3000', config: { model: 'empirical', d: 50, k: 50, n: 3000 }, operators: ['direct', 'gram'] },
  { name: 'population d=k=100', config: { model: 'population', d: 100, k: 100 }, operators: ['auto'] },
  { name: 'population d=k=500', config: { model: 'population', d: 500, k: 500 }, operators: ['auto'] },
];

/** Whole `prunelab run` processes with the Gram operator, timed against the plain numpy script. */
const WHOLE_RUNS: { name: string; config: Partial<RunConfig>; reps: number }[] = [
  { name: 'run d=k=30 n=1200 (gram)', config: { d: 30, k: 30, n: 1200, operator: 'gram' }, reps: 1 },
  { name: 'run d=k=50 n=3000 (gram)', config: { d: 50, k: 50, n: 3000, operator: 'gram' }, reps: 1 },
];

/** Seconds of stepping per timed repetition, and repetitions per case (the median is reported). */
const TARGET_SECONDS = 0.25;
const REPETITIONS = 3;
const WARMUP_SECONDS = 0.1;
const WARMUP_MIN_STEPS = 2;

/** The kernels compared: loaded one at a time, disposed after their cases. */
function kernelLoaders(threads: number): (() => Promise<KernelBackend>)[] {
  return [
    async () => jsBackend,
    () => loadNodeBackend({ precision: 'f64', threads: 1 }),
    ...(threads > 1 ? [() => loadNodeBackend({ precision: 'f64', threads })] : []),
    () => loadNodeBackend({ precision: 'f32', threads }),
  ];
}

const seconds = (): number => performance.now() / 1000;
const median = (values: number[]): number => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];

function configOf(overrides: Partial<RunConfig>): RunConfig {
  const parsed = parseConfig(overrides);
  if (!parsed.ok) throw new Error(`bench case ${JSON.stringify(overrides)}: ${formatErrors(parsed.errors)}`);
  return parsed.config;
}

/** Steps between history entries: more than any timed run takes, so only step 0 is recorded (steps are timed, not metrics). */
const NO_CHECKPOINTS = 10_000_000;

function timeSteps(config: RunConfig, problem: Problem, backend: KernelBackend, choice: OperatorChoice, U0: Float64Array, label: string) {
  const buildStart = seconds();
  const operator = backend.createOperator(problem, choice, config.k);
  const buildSeconds = seconds() - buildStart;
  const { trainer } = setupRun({ ...config, checkpointEvery: NO_CHECKPOINTS }, { problem, operator, U0: U0.slice(), backend });
  const advance = (steps: number) => {
    const status = trainer.run(steps);
    if (status.kind === 'diverged') throw new Error(`${label} diverged: ${status.reason}`);
  };
  const warmStart = seconds();
  let warmSteps = 0;
  while (warmSteps < WARMUP_MIN_STEPS || seconds() - warmStart < WARMUP_SECONDS) {
    advance(1);
    warmSteps++;
  }
  const steps = Math.max(2, Math.round(TARGET_SECONDS / ((seconds() - warmStart) / warmSteps)));
  const samples: number[] = [];
  for (let rep = 0; rep < REPETITIONS; rep++) {
    const start = seconds();
    advance(steps);
    samples.push((seconds() - start) / steps);
  }
  return { stepsPerSecond: 1 / median(samples), flopsPerStep: operator.flopsPerStep(config.k), operatorKind: operator.kind, buildSeconds };
}

function parseBenchArgs(argv: string[]): { json: string | null } | 'help' {
  let json: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--json' || arg.startsWith('--json=')) {
      const value = arg === '--json' ? argv[++i] : arg.slice('--json='.length);
      if (!value || value.startsWith('--')) throw new Error('--json needs a file path: --json results.json');
      json = value;
      continue;
    }
    throw new Error(`unknown argument "${arg}"; the benchmark takes only --json PATH`);
  }
  return { json };
}

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseBenchArgs>;
  try {
    args = parseBenchArgs(argv);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write('Usage: npm run bench -- [--json results.json]\nTimes phase-1 steps per kernel, Figure 1 and whole CLI runs, against plain numpy when python3 has it.\n');
    return 0;
  }
  const threads = defaultThreads(os.availableParallelism());
  process.stderr.write(`PruneLab benchmark on ${os.cpus().length} CPU(s), Node ${process.version}, load average ${os.loadavg()[0].toFixed(2)}\n`);
  const cases = CASES.map((benchCase) => ({ benchCase, config: configOf(benchCase.config) }));

  // numpy first, case by case, one process per variant.
  const numpy = new Map<string, { label: string; stepsPerSecond: number; core: string | null }[]>();
  const notes: string[] = [];
  let numpyVersion: string | null = null;
  for (const { benchCase, config } of cases) {
    const timings: { label: string; stepsPerSecond: number; core: string | null }[] = [];
    for (const variant of numpyVariants()) {
      if (numpyVersion === null && notes.length) break;
      process.stderr.write(`${benchCase.name} (${variant.label}) …\n`);
      const timing = await numpyStepTime(benchCase.name, config, variant, { targetSeconds: TARGET_SECONDS, reps: REPETITIONS });
      if (typeof timing === 'string') {
        notes.push(timing);
        break;
      }
      numpyVersion = timing.version;
      timings.push({ label: variant.label, stepsPerSecond: 1 / timing.secondsPerStep, core: timing.core });
    }
    numpy.set(benchCase.name, timings);
  }

  const rows: Row[] = [];
  for (const load of kernelLoaders(threads)) {
    const backend = await load();
    const kernel = kernelLabel(backend.info);
    try {
      for (const { benchCase, config } of cases) {
        const seeds = resolveSeeds(config);
        const problem = generateProblem(config, seeds);
        const U0 = initialU(config.d, config.k, config.initScale, seeds.init);
        for (const choice of benchCase.operators) {
          const label = `${benchCase.name} (${choice}, ${kernel})`;
          process.stderr.write(`${label} …\n`);
          const timed = timeSteps(config, problem, backend, choice, U0, label);
          const numpyBest = Math.max(0, ...(numpy.get(benchCase.name) ?? []).map((t) => t.stepsPerSecond));
          rows.push({
            case: benchCase.name,
            operator: timed.operatorKind,
            kernel,
            info: backend.info,
            flopsPerStep: timed.flopsPerStep,
            stepsPerSecond: timed.stepsPerSecond,
            gflops: (timed.flopsPerStep * timed.stepsPerSecond) / 1e9,
            buildSeconds: timed.buildSeconds,
            ratioToNumpy: numpyBest > 0 ? timed.stepsPerSecond / numpyBest : null,
          });
        }
      }
    } finally {
      backend.dispose();
    }
  }

  const whole: WholeRunRow[] = [];
  for (const { name, config, reps } of WHOLE_RUNS) {
    process.stderr.write(`${name}: whole processes …\n`);
    whole.push(await timeWholeRun(name, configOf(config), reps, numpyVersion !== null));
  }

  process.stderr.write('register-tile ceiling …\n');
  const ceiling = await tileCeiling();

  const figure1 = presetConfig('figure1');
  const figure1Step = rows.find((r) => r.case === 'population d=k=500')?.flopsPerStep ?? 0;
  const out = process.stdout;
  out.write(`\n${caseTable(rows, numpy)}\n\n`);
  out.write(`Median of ${REPETITIONS} repetitions of about ${TARGET_SECONDS} s each, after a warm-up; GFLOP/s from operator.flopsPerStep; ×numpy against the fastest numpy variant.\n`);
  if (numpyVersion !== null) {
    const cores = [...new Set([...numpy.values()].flat().map((t) => `${t.label}: ${t.core ?? 'unknown'}`))];
    out.write(`numpy ${numpyVersion}, OpenBLAS kernels run: ${cores.join(', ')}.\n`);
  }
  for (const note of new Set(notes)) out.write(`${note}\n`);
  out.write(`\n${figure1Lines(rows, figure1, 'population d=k=500').join('\n')}\n`);
  out.write(`${ceilingLines(ceiling, threads, figure1, figure1Step).join('\n')}\n`);
  out.write(`\n${wholeRunTable(whole)}\n`);
  if (args.json) {
    const report = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: os.loadavg() },
      numpy: numpyVersion === null ? null : { version: numpyVersion, timings: Object.fromEntries(numpy) },
      repetitions: REPETITIONS,
      targetSecondsPerRepetition: TARGET_SECONDS,
      rows,
      ceiling,
      wholeRuns: whole,
    };
    writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
    out.write(`Results written to ${args.json}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
