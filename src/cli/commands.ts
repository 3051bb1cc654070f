// The `run` command and what every command shares (output directory, progress, divergence
// text); `compare` and `figure1` are in compare.ts. Each command reads its inputs, runs the core
// pipeline, writes its files into --out and prints a short summary on stdout; progress goes to stderr.
import { accessSync, constants, mkdirSync, statSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { sigmaStarOf, type RunConfig } from '../core/config';
import type { KernelBackend } from '../core/kernels/types';
import { SETTLING_RECORDS, phaseOneSettling } from '../core/metrics';
import type { LoadedProblem } from '../core/problem';
import { runPipeline, type PipelineOptions } from '../core/run';
import { type RunResult } from '../core/runResult';
import { type RunOverrides } from '../core/runSetup';
import { divergenceAdvice } from '../core/theory';
import { historyToCsv, runFileFromResult, serializeRunFile } from '../core/runFile';
import type { CliOptions } from './args';
import { columnNormsSvg, finetuneLossSvg, fractionSvg, histogramSvg, num, settingsText, type NormSet } from './figures';
import { DivergedError, InputError, oneLine } from './errors';
import { loadInputs } from './inputs';
import { defaultCliThreads, kernelsText, withKernels } from './kernels';
import { ProgressReporter, type ProgressOutput } from './progress';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  stderrIsTTY: boolean;
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Environment variables (the shard of a Slurm array or Kubernetes Indexed Job); none when absent. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Steps between progress callbacks: small enough for a live ETA at d = 500. */
const PROGRESS_CHUNK = 10;

/** JSON has no NaN or ±Infinity; they are written as strings instead of silently becoming null. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`;
}

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/**
 * Creates `dir` and its missing parents one level at a time. Node 20's recursive mkdirSync
 * spins forever under /proc, so this walks up to the first existing ancestor, checks that it
 * is a writable directory, then creates each missing level without recursion.
 */
function createOutputDirectory(dir: string): void {
  const missing: string[] = [];
  let current = path.resolve(dir);
  let stats: Stats | null = null;
  while (stats === null) {
    try {
      stats = statSync(current);
    } catch (error) {
      // ENOTDIR: an ancestor is a file; walking up reaches it and reports it below.
      if (errorCode(error) !== 'ENOENT' && errorCode(error) !== 'ENOTDIR') throw new InputError(`cannot create the output directory ${dir}: ${oneLine(error)}`);
      missing.push(current);
      current = path.dirname(current);
    }
  }
  const refuse = (reason: string) => new InputError(`cannot create the output directory ${dir}: ${reason}`);
  if (!stats.isDirectory()) throw refuse(`${current} is not a directory`);
  if (missing.length === 0) return;
  try {
    accessSync(current, constants.W_OK);
  } catch {
    throw refuse(`${current} is not writable`);
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (error) {
      // Another process may have made it meanwhile; anything else is a refusal.
      if (errorCode(error) !== 'EEXIST' || !statSync(level).isDirectory()) throw refuse(oneLine(error));
    }
  }
}

/**
 * The output directory of a command and the files it will write. Every file is checked
 * before any training (an existing directory or read-only file in its place, an unwritable
 * directory), so a bad --out is refused at once rather than after hours of work.
 */
export class OutputDir {
  readonly written: string[] = [];

  constructor(
    readonly dir: string,
    readonly files: readonly string[],
  ) {
    createOutputDirectory(dir);
    for (const name of files) checkWritable(path.join(dir, name));
  }

  write(name: string, text: string): void {
    if (!this.files.includes(name)) throw new Error(`${name} was not declared among the files this command writes`);
    const file = path.join(this.dir, name);
    try {
      writeFileSync(file, text);
    } catch (error) {
      throw new InputError(`cannot write ${file}: ${oneLine(error)}`);
    }
    this.written.push(file);
  }
}

/** Refuses a file that writeFileSync would refuse: a directory in its place, or no write permission. */
function checkWritable(file: string): void {
  let stats: Stats | null = null;
  try {
    stats = statSync(file);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw new InputError(`cannot write ${file}: ${oneLine(error)}`);
  }
  if (stats?.isDirectory()) throw new InputError(`cannot write ${file}: it is a directory; remove it or choose another --out`);
  try {
    accessSync(stats ? file : path.dirname(file), constants.W_OK);
  } catch (error) {
    throw new InputError(`cannot write ${file}: ${oneLine(error)}`);
  }
}

export function progressOutput(io: CliIo): ProgressOutput {
  return { write: (text) => io.stderr(text), isTTY: io.stderrIsTTY, now: () => io.now() };
}

/**
 * Pipeline options that report progress over the runs named by `labels`, one after another
 * (each run is phase 1 plus fine-tuning of `config`; earlier runs count as done by label order).
 */
export function withProgress(io: CliIo, config: RunConfig, labels: string[], overrides?: RunOverrides): { options: PipelineOptions; reporter: ProgressReporter } {
  const perRun = config.steps + config.fineTuneSteps;
  const reporter = new ProgressReporter(progressOutput(io), perRun * labels.length);
  const options: PipelineOptions = {
    chunk: PROGRESS_CHUNK,
    onProgress: (p) => {
      const runIndex = Math.max(0, labels.indexOf(p.label ?? labels[0]));
      const done = runIndex * perRun + (p.phase === 'finetune' ? config.steps : 0) + p.step;
      const phase = p.phase === 'train' ? 'phase 1' : 'fine-tune';
      reporter.update(done, `${p.label ? `${p.label} ` : ''}${phase} step ${p.step}/${p.steps}`);
    },
    ...(overrides ? { overrides } : {}),
  };
  return { options, reporter };
}

/** What a command has read and made before it loads its kernels. */
export interface CommandInputs {
  config: RunConfig;
  loaded: LoadedProblem | null;
  out: OutputDir;
  backend: KernelBackend;
}

export function overridesOf(loaded: ReturnType<typeof loadInputs>['loaded']): RunOverrides | undefined {
  if (!loaded) return undefined;
  return { problem: loaded.problem, k: loaded.k, ...(loaded.U0 ? { U0: loaded.U0 } : {}) };
}

/** σ*₁ of the problem a run trained: the problem file's (null when it has no M*), else the generated one's. */
export function sigma1Of(config: RunConfig, loaded: LoadedProblem | null): number | null {
  const sigmaStar = loaded ? loaded.problem.sigmaStar : sigmaStarOf(config);
  return sigmaStar.length ? sigmaStar[0] : null;
}

/** "phase 1 diverged: <what happened>. Try eta ≤ …, below the stability bound … [derived]." */
export function divergenceText(result: RunResult, sigma1: number | null): string | null {
  const s = result.status;
  if (s.kind !== 'diverged') return null;
  const phase = s.phase === 'train' ? 'phase 1' : 'fine-tuning';
  const etaKey = s.phase === 'train' ? 'eta' : 'fineTuneEta';
  return `${phase} diverged: ${s.reason}. ${divergenceAdvice(etaKey, s.suggestedEta, s.phase, result.config, sigma1)}`;
}

/**
 * "phase 1 has not settled: …" when the count of columns above τ was still changing over the
 * last half of phase 1 (core's phaseOneSettling): its counts are then not yet the trained
 * model's. Null when it settled or the run diverged (the divergence says more).
 */
export function settlingNote(result: RunResult, longer: string): string | null {
  if (result.status.kind === 'diverged') return null;
  const s = phaseOneSettling(result.phase1.history, result.phase1.final);
  if (s.settled) return null;
  const what =
    s.records < SETTLING_RECORDS
      ? `only ${s.records} record${s.records === 1 ? '' : 's'} of the columns above τ in its last half, too few to tell`
      : `the columns above τ went from ${s.fromCount} to ${s.toCount} between steps ${s.fromStep} and ${s.toStep}, so these counts are not yet the trained model's`;
  return `phase 1 has not settled: ${what}; ${longer}`;
}

/** Why no column may have reached τ, from the [derived] learnability bound when the truth is known. */
function stuckAdvice(result: RunResult): string {
  const bounds = result.theory.learnabilityBounds;
  if (bounds.length > 0 && result.theory.learnableDirections === 0) {
    return `λ = ${num(result.config.lambda)} is above the learnability bound ${num(Math.max(...bounds))} [derived] of every direction, so training stays at 0: lower lambda`;
  }
  return 'lower tau, or train longer (more steps)';
}

/** `run`: train → prune → fine-tune; run.json, history.csv and four SVG figures. */
export function runCommand(options: CliOptions, io: CliIo): Promise<RunResult> {
  const { config, loaded } = loadInputs(options);
  const out = new OutputDir(options.out, ['run.json', 'history.csv', 'column-norms.svg', 'fraction.svg', 'histogram.svg', 'finetune-loss.svg']);
  return withKernels(config.kernel, options.threads ?? defaultCliThreads(config, loaded), (backend) => runOutputs(options, io, { config, loaded, out, backend }));
}

function runOutputs(options: CliOptions, io: CliIo, { config, loaded, out, backend }: CommandInputs): RunResult {
  const { options: pipeline, reporter } = withProgress(io, config, ['run'], { ...overridesOf(loaded), backend });
  const result = runPipeline(config, pipeline);
  reporter.finish();

  // The lab's run file format, so a CLI run imports into the lab and scripts read both alike.
  out.write('run.json', `${serializeRunFile(runFileFromResult(result, { problemFile: options.problem ?? null }))}\n`);
  out.write('history.csv', historyToCsv({ train: result.phase1.history, finetune: result.finetune?.history ?? [] }));
  out.write('column-norms.svg', columnNormsSvg(result));
  const sets: NormSet[] = [{ id: 'regularized', label: `λ = ${num(config.lambda)}`, norms: result.phase1.final.columnNorms }];
  out.write('fraction.svg', fractionSvg(sets, result.tau, settingsText(result)));
  out.write('histogram.svg', histogramSvg(sets, result.tau, settingsText(result)));
  const lossFigure = result.kept?.length ? finetuneLossSvg(result) : null;
  if (lossFigure) out.write('finetune-loss.svg', lossFigure);

  const p1 = result.phase1.final;
  const lines = [
    `PruneLab run: ${settingsText(result)}; operator ${result.operatorKind}; ${kernelsText(result.kernel, backend, config.kernel)}; seed ${config.seed}`,
    `phase 1: ${p1.step} steps, loss ${num(p1.loss)}, objective ${num(p1.objective)}, test error ${num(p1.testError)}; ${p1.aboveTau} of ${result.k} columns ≥ τ = ${num(result.tau)}`,
  ];
  const settling = settlingNote(result, 'train longer (more steps)');
  if (settling) lines.push(settling);
  if (result.kept && result.kept.length === 0) {
    lines.push(`kept columns: none, so there is nothing to fine-tune; ${stuckAdvice(result)}`);
  } else if (result.kept && result.finetune) {
    const f = result.finetune.final;
    lines.push(`kept columns (0-based): ${result.kept.join(', ') || 'none'}`);
    lines.push(
      `fine-tune: ${f.step} steps, loss ${num(f.loss)}, test error ${num(f.testError)} (relative ${num(f.relativeTestError)})` +
        (result.rate ? `; rate ρ = ${num(result.rate.rho, 6)} per step (R² = ${num(result.rate.r2, 4)})` : '; too few points for a rate fit'),
    );
  }
  lines.push(`wrote ${out.written.join(', ')}`);
  io.stdout(`${lines.join('\n')}\n`);
  const diverged = divergenceText(result, sigma1Of(config, loaded));
  if (diverged) throw new DivergedError(diverged);
  return result;
}
