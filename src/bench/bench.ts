// `npm run bench`: phase-1 gradient-descent steps (loss, gradient, group-Lasso penalty and
// update, through the Trainer) per second and effective GFLOP/s at the sizes of issue 2,
// next to a plain numpy implementation of the same steps when python3 with numpy is present.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseConfig, formatErrors, type RunConfig } from '../core/config';
import { createOperator } from '../core/operators';
import { generateProblem, initialU } from '../core/problem';
import { resolveSeeds } from '../core/rng';
import { setupRun } from '../core/runSetup';
import type { Trainer } from '../core/trainer';
import type { LossOperator, OperatorChoice, Problem } from '../core/types';

const run = promisify(execFile);

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

/** Seconds of stepping per timed repetition, and repetitions per case (the median is reported). */
const TARGET_SECONDS = 0.3;
const REPETITIONS = 5;
const WARMUP_SECONDS = 0.15;
const WARMUP_MIN_STEPS = 3;

interface Row {
  case: string;
  operator: string;
  flopsPerStep: number;
  stepsPerSecond: number;
  gflops: number;
  stepsPerRepetition: number;
  repetitions: number;
  /** Seconds to build the operator (the Gram fold's one-time cost; negligible otherwise). */
  buildSeconds: number;
  /** numpy with its default BLAS threads, and with BLAS held to one thread. */
  numpyStepsPerSecond: number | null;
  numpySingleThreadStepsPerSecond: number | null;
  /** PruneLab steps/s divided by the faster numpy's steps/s (above 1: PruneLab is faster). */
  ratioToNumpy: number | null;
}

const seconds = (): number => performance.now() / 1000;
const median = (values: number[]): number => {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

function configOf(benchCase: BenchCase): RunConfig {
  const parsed = parseConfig(benchCase.config);
  if (!parsed.ok) throw new Error(`bench case ${benchCase.name}: ${formatErrors(parsed.errors)}`);
  return parsed.config;
}

/** Steps between history entries: more than any timed run takes, so only step 0 is recorded (steps are timed, not metrics). */
const NO_CHECKPOINTS = 10_000_000;

function newTrainer(config: RunConfig, problem: Problem, operator: LossOperator, U0: Float64Array): Trainer {
  return setupRun({ ...config, checkpointEvery: NO_CHECKPOINTS }, { problem, operator, U0: U0.slice() }).trainer;
}

function advance(trainer: Trainer, steps: number, label: string): void {
  const status = trainer.run(steps);
  if (status.kind === 'diverged') throw new Error(`${label} diverged: ${status.reason}`);
}

function timeSteps(config: RunConfig, problem: Problem, operator: LossOperator, U0: Float64Array, label: string) {
  const trainer = newTrainer(config, problem, operator, U0);
  const warmStart = seconds();
  let warmSteps = 0;
  while (warmSteps < WARMUP_MIN_STEPS || seconds() - warmStart < WARMUP_SECONDS) {
    advance(trainer, 1, label);
    warmSteps++;
  }
  const perStep = (seconds() - warmStart) / warmSteps;
  const steps = Math.max(2, Math.round(TARGET_SECONDS / perStep));
  const samples: number[] = [];
  for (let rep = 0; rep < REPETITIONS; rep++) {
    const start = seconds();
    advance(trainer, steps, label);
    samples.push((seconds() - start) / steps);
  }
  return { secondsPerStep: median(samples), steps };
}

interface NumpyResult {
  version: string;
  secondsPerStep: Map<string, number>;
}

/** Environment that holds the common BLAS libraries to one thread. */
const SINGLE_THREAD_ENV = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

async function numpyBaseline(cases: { benchCase: BenchCase; config: RunConfig }[], singleThread: boolean): Promise<NumpyResult | string> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'bench_numpy.py');
  const payload = cases.map(({ benchCase, config }) => ({
    name: benchCase.name,
    model: config.model,
    d: config.d,
    k: config.k,
    n: config.n,
    lambda: config.lambda,
    beta: config.beta,
    eta: config.eta,
    targetSeconds: TARGET_SECONDS,
    reps: REPETITIONS,
  }));
  try {
    const env = singleThread ? { ...process.env, ...SINGLE_THREAD_ENV } : process.env;
    const { stdout } = await run('python3', [script, JSON.stringify(payload)], { maxBuffer: 1 << 20, env });
    const parsed = JSON.parse(stdout) as { numpy: string; results: { name: string; secondsPerStep: number }[] };
    return { version: parsed.numpy, secondsPerStep: new Map(parsed.results.map((r) => [r.name, r.secondsPerStep])) };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n').find((line) => line.trim()) ?? error.message : String(error);
    return `numpy baseline not run (${message})`;
  }
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

const fixed = (value: number | null, digits: number): string => (value === null ? '—' : value.toFixed(digits));
const count = (value: number | null): string =>
  value === null ? '—' : value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);

function table(rows: Row[]): string {
  const header = ['case', 'operator', 'steps/s', 'GFLOP/s', 'numpy steps/s', 'numpy 1-thread', 'PruneLab/numpy'];
  const body = rows.map((r, i) => [
    i > 0 && rows[i - 1].case === r.case ? '' : r.case,
    r.operator,
    count(r.stepsPerSecond),
    fixed(r.gflops, 2),
    count(r.numpyStepsPerSecond),
    count(r.numpySingleThreadStepsPerSecond),
    r.ratioToNumpy === null ? '—' : `${r.ratioToNumpy.toFixed(2)}×`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
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
    process.stdout.write('Usage: npm run bench -- [--json results.json]\nTimes phase-1 steps at the sizes of issue 2 and, with python3 + numpy, a plain numpy baseline.\n');
    return 0;
  }
  const cases = CASES.map((benchCase) => ({ benchCase, config: configOf(benchCase) }));
  process.stderr.write(`PruneLab benchmark on ${os.cpus().length} CPU(s), Node ${process.version}, load average ${os.loadavg()[0].toFixed(2)}\n`);
  const rows: Row[] = [];
  let numpyVersion: string | null = null;
  let numpyMissing: string | null = null;
  for (const entry of cases) {
    const { benchCase, config } = entry;
    // numpy times each case just before PruneLab does, never at the same time, so on a
    // machine whose load drifts both see about the same conditions.
    const numpySeconds: (number | undefined)[] = [];
    for (const singleThread of [false, true]) {
      if (numpyMissing !== null) break;
      process.stderr.write(`${benchCase.name} (numpy${singleThread ? ', 1 BLAS thread' : ''}) …\n`);
      const numpy = await numpyBaseline([entry], singleThread);
      if (typeof numpy === 'string') {
        numpyMissing = numpy;
      } else {
        numpyVersion = numpy.version;
        numpySeconds.push(numpy.secondsPerStep.get(benchCase.name));
      }
    }
    const [numpyDefault, numpySingle] = numpySeconds.map((secs) => (secs === undefined ? null : 1 / secs));
    const bestNumpy = Math.max(numpyDefault ?? 0, numpySingle ?? 0);
    const seeds = resolveSeeds(config);
    const problem = generateProblem(config, seeds);
    const U0 = initialU(config.d, config.k, config.initScale, seeds.init);
    for (const choice of benchCase.operators) {
      const label = `${benchCase.name} (${choice})`;
      process.stderr.write(`${label} …\n`);
      const buildStart = seconds();
      const operator = createOperator(problem, choice, config.k);
      const buildSeconds = seconds() - buildStart;
      const { secondsPerStep, steps } = timeSteps(config, problem, operator, U0, label);
      const flopsPerStep = operator.flopsPerStep(config.k);
      const stepsPerSecond = 1 / secondsPerStep;
      rows.push({
        case: benchCase.name,
        operator: operator.kind,
        flopsPerStep,
        stepsPerSecond,
        gflops: (flopsPerStep * stepsPerSecond) / 1e9,
        stepsPerRepetition: steps,
        repetitions: REPETITIONS,
        buildSeconds,
        numpyStepsPerSecond: numpyDefault ?? null,
        numpySingleThreadStepsPerSecond: numpySingle ?? null,
        ratioToNumpy: bestNumpy > 0 ? stepsPerSecond / bestNumpy : null,
      });
    }
  }

  const out = process.stdout;
  out.write(`\n${table(rows)}\n\n`);
  out.write(`Median of ${REPETITIONS} repetitions of about ${TARGET_SECONDS} s each, after a warm-up; GFLOP/s from operator.flopsPerStep.\n`);
  for (const row of rows.filter((r) => r.operator === 'gram')) {
    const direct = rows.find((r) => r.case === row.case && r.operator === 'direct');
    const breakEven = direct ? row.buildSeconds / (1 / direct.stepsPerSecond - 1 / row.stepsPerSecond) : null;
    out.write(
      `Gram fold for ${row.case}: built once in ${row.buildSeconds.toFixed(2)} s` +
        (breakEven !== null && breakEven > 0 ? `, repaid after about ${Math.ceil(breakEven)} steps\n` : '\n'),
    );
  }
  if (numpyMissing !== null) {
    out.write(`${numpyMissing}\n`);
  } else {
    out.write(
      `numpy ${numpyVersion}: the same steps with tensordot over the A stack, with the default BLAS threads and with one; ` +
        'the ratio is against the faster of the two.\n',
    );
    const behind = rows.filter((r) => r.ratioToNumpy !== null && r.ratioToNumpy < 1);
    for (const r of behind) out.write(`numpy is ahead on ${r.case} with the ${r.operator} operator (${(1 / (r.ratioToNumpy as number)).toFixed(2)}× faster).\n`);
  }
  if (args.json) {
    const report = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: os.loadavg() },
      numpy: numpyVersion,
      repetitions: REPETITIONS,
      targetSecondsPerRepetition: TARGET_SECONDS,
      rows,
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
