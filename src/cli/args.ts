// Command-line parsing for the commands. Values that are configuration fields (the
// seed, step counts) go through the one schema so they are refused with the same message
// as in a config file.
import { parseField, type RunConfig } from '../core/config';
import { MAX_KERNEL_THREADS, MAX_THREADS, MIN_SPLIT_STEP_FLOPS } from '../core/kernelChoice';
import type { KernelChoice } from '../core/kernels/types';
import { PRESETS, presetConfig } from '../core/presets';

export type CommandName = 'run' | 'compare' | 'figure1' | 'scaling' | 'sweep' | 'merge';

/** A usage mistake: printed as one line, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type FlagKind = 'path' | 'seed' | 'steps' | 'nList' | 'count' | 'text' | 'shard' | 'threads' | 'kernel';

export interface FlagSpec {
  name: string;
  kind: FlagKind;
  valueName: string;
  required: boolean;
  description: string;
}

export interface CommandSpec {
  summary: string;
  flags: FlagSpec[];
  /** Arguments that are not flags (merge's shard directories), at least one when present. */
  positional?: { valueName: string; description: string };
}

const outFlag: FlagSpec = {
  name: 'out', kind: 'path', valueName: 'DIR', required: true,
  description: 'directory for the results (created if missing; files in it are overwritten)',
};
const configFlag: FlagSpec = {
  name: 'config', kind: 'path', valueName: 'cfg.json', required: false,
  description: 'run configuration, one JSON object; missing keys take the defaults below, unknown keys are errors',
};
const seedFlag: FlagSpec = {
  name: 'seed', kind: 'seed', valueName: 'S', required: false,
  description: 'base seed, overriding "seed" of the configuration',
};
const problemFlag: FlagSpec = {
  name: 'problem', kind: 'path', valueName: 'problem.json', required: false,
  description: 'load the problem (and optionally U0) from a file instead of generating it',
};

const figure1 = PRESETS.figure1.config;

const threadsFlag: FlagSpec = {
  name: 'threads', kind: 'threads', valueName: 'N', required: false,
  description: `threads one step of the WebAssembly kernels is split across (the same bits on any number); default: one for a step under ${MIN_SPLIT_STEP_FLOPS / 1e6} M flops, which two threads would only slow down, else this machine's cores, at most ${MAX_KERNEL_THREADS}`,
};

/** Most shards a sweep may be split into. */
export const MAX_SHARDS = 100_000;

const shardFlag: FlagSpec = {
  name: 'shard', kind: 'shard', valueName: 'i/N', required: false,
  description: 'run only the i-th of N shards of the grid, counted from 1 (1/2, 2/2); default: from a Slurm job array or a Kubernetes Indexed Job, else the whole grid',
};
const shardsFlag: FlagSpec = {
  name: 'shards', kind: 'count', valueName: 'N', required: false,
  description: 'number of shards of a Kubernetes Indexed Job (whose JOB_COMPLETION_INDEX picks the shard); default: $PRUNELAB_SHARDS',
};

export const COMMANDS: Record<CommandName, CommandSpec> = {
  run: {
    summary: 'train with the group-Lasso penalty, prune at τ, fine-tune; write run.json, history.csv and SVG figures',
    flags: [configFlag, outFlag, seedFlag, problemFlag, threadsFlag],
  },
  compare: {
    summary: 'train the same problem from the same U₀ with and without the penalty; print and write the metrics side by side',
    flags: [configFlag, outFlag, seedFlag, problemFlag, threadsFlag],
  },
  figure1: {
    summary: `reproduce the paper's Figure 1 (${figure1.model}, d = ${figure1.d}, k = ${figure1.k}, r = ${figure1.r}): fraction curve and histogram of column norms, with and without the penalty`,
    flags: [
      outFlag,
      { name: 'steps', kind: 'steps', valueName: 'N', required: false, description: 'phase-1 steps of each run (default: the figure1 preset)' },
      seedFlag,
      { name: 'kernel', kind: 'kernel', valueName: 'K', required: false, description: 'kernels of both runs: auto, js, wasm or wasm-f32 (float32, fast); default: the figure1 preset\'s' },
      threadsFlag,
    ],
  },
  scaling: {
    summary: 'generalization against n: for each n and seed, train with and without the penalty, prune, fine-tune; write scaling.json (with the fitted log-log slope) and scaling.svg',
    flags: [
      configFlag,
      { name: 'n', kind: 'nList', valueName: 'N1,N2,…', required: true, description: 'the numbers of measurements to run, comma-separated (at least two)' },
      { name: 'seeds', kind: 'count', valueName: 'S', required: false, description: 'seeds per n: the configuration\'s seed, seed + 1, … (default 3)' },
      outFlag,
      threadsFlag,
    ],
  },
  sweep: {
    summary: 'run every combination of a grid of configuration values (or one shard of them); write sweep.json with one cell per grid point',
    flags: [
      configFlag,
      { name: 'grid', kind: 'text', valueName: 'G', required: true, description: 'a JSON file, or inline JSON, mapping configuration keys to lists of values, e.g. {"lambda": [0.01, 0.1], "seed": [1, 2]}' },
      outFlag,
      shardFlag,
      shardsFlag,
      threadsFlag,
    ],
  },
  merge: {
    summary: 'combine the sweep.json files of a sharded sweep into one sweep.json, refusing overlapping or missing cells',
    flags: [outFlag],
    positional: { valueName: 'SHARD_DIR…', description: 'directories (or sweep.json files) written by the shards of one sweep' },
  },
};

/** Most seeds per point of the scaling experiment. */
const MAX_SEEDS_PER_POINT = 1000;

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

export interface CliOptions {
  out: string;
  config?: string;
  problem?: string;
  seed?: number;
  steps?: number;
  /** scaling: the values of n. */
  n?: number[];
  /** scaling: seeds per n. */
  seeds?: number;
  /** sweep: the grid, a path or inline JSON. */
  grid?: string;
  /** sweep: which shard to run (index from 0). */
  shard?: Shard;
  /** sweep: the shard count of a Kubernetes Indexed Job. */
  shards?: number;
  /** merge: the shard directories. */
  inputs?: string[];
  /** Threads of the WebAssembly kernels. */
  threads?: number;
  /** figure1: the kernels of both runs. */
  kernel?: KernelChoice;
}

/** The configuration figure1 runs: the figure1 preset, phase 1 only (the figure shows the norms it ends with). */
export function figure1Config(options: Pick<CliOptions, 'steps' | 'seed' | 'kernel'> = {}): RunConfig {
  const preset = presetConfig('figure1');
  return {
    ...preset,
    fineTuneSteps: 0,
    ...(options.steps !== undefined ? { steps: options.steps } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.kernel !== undefined ? { kernel: options.kernel } : {}),
  };
}

/** One of `count` shards, `index` counted from 0. */
export interface Shard {
  index: number;
  count: number;
}

export type ParsedArgs =
  | { kind: 'help'; command: CommandName | null }
  | { kind: 'command'; command: CommandName; options: CliOptions };

const isHelp = (arg: string): boolean => arg === '--help' || arg === '-h';

function isCommand(name: string): name is CommandName {
  return (COMMAND_NAMES as string[]).includes(name);
}

function wholeNumber(text: string): number | null {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : null;
}

/** "i/N" with 1 ≤ i ≤ N, as a shard counted from 0. */
export function parseShard(raw: string, what: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new UsageError(`${what} must be i/N with 1 ≤ i ≤ N ≤ ${MAX_SHARDS}, counted from 1 such as 1/4 (got ${JSON.stringify(raw)})`);
  }
  return { index: index - 1, count };
}

/** A positive whole number such as a seed or shard count. */
export function parseCount(raw: string, what: string, max: number): number {
  const value = wholeNumber(raw);
  if (value === null || value < 1 || value > max) throw new UsageError(`${what} must be a whole number from 1 to ${max} (got ${JSON.stringify(raw)})`);
  return value;
}

function flagValue(spec: FlagSpec, raw: string, command: CommandName): string | number | number[] | Shard {
  if (spec.kind === 'path' || spec.kind === 'text') {
    if (raw === '') throw new UsageError(`--${spec.name} needs a non-empty ${spec.valueName}`);
    return raw;
  }
  if (spec.kind === 'shard') return parseShard(raw, `--${spec.name}`);
  if (spec.kind === 'threads') return parseCount(raw, `--${spec.name}`, MAX_THREADS);
  if (spec.kind === 'count') return parseCount(raw, `--${spec.name}`, spec.name === 'shards' ? MAX_SHARDS : MAX_SEEDS_PER_POINT);
  if (spec.kind === 'nList') {
    return raw.split(',').map((item) => {
      const parsed = parseField('n', item.trim() === '' ? NaN : item.trim());
      if ('error' in parsed) throw new UsageError(`--${spec.name}: ${parsed.error} (prunelab ${command})`);
      return parsed.value as number;
    });
  }
  const field = spec.kind === 'seed' ? 'seed' : spec.kind === 'kernel' ? 'kernel' : 'steps';
  const parsed = parseField(field, raw);
  if ('error' in parsed) throw new UsageError(`--${spec.name}: ${parsed.error} (prunelab ${command})`);
  return parsed.value as number | KernelChoice;
}

/** Parses argv (without node and the script). Throws UsageError with a one-line message. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0) throw new UsageError(`missing command; use one of ${COMMAND_NAMES.join(', ')} (or --help)`);
  const [first, ...rest] = argv;
  if (isHelp(first)) return { kind: 'help', command: null };
  if (first === 'help') {
    if (rest.length === 0) return { kind: 'help', command: null };
    if (!isCommand(rest[0])) throw new UsageError(`unknown command "${rest[0]}"; use one of ${COMMAND_NAMES.join(', ')}`);
    return { kind: 'help', command: rest[0] };
  }
  if (!isCommand(first)) throw new UsageError(`unknown command "${first}"; use one of ${COMMAND_NAMES.join(', ')} (or --help)`);
  const command = first;
  if (rest.some(isHelp)) return { kind: 'help', command };

  const spec = COMMANDS[command];
  const values = new Map<string, ReturnType<typeof flagValue>>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--')) {
      if (spec.positional) {
        positional.push(arg);
        continue;
      }
      throw new UsageError(`unexpected argument "${arg}" for ${command}; flags look like --out DIR (see prunelab ${command} --help)`);
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    const flag = spec.flags.find((f) => f.name === name);
    if (!flag) {
      const known = spec.flags.map((f) => `--${f.name}`).join(', ');
      throw new UsageError(`unknown flag --${name} for ${command}; it takes ${known}`);
    }
    if (values.has(name)) throw new UsageError(`--${name} is given twice; give it once`);
    let raw: string;
    if (equals !== -1) {
      raw = arg.slice(equals + 1);
    } else {
      const next = rest[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`--${name} needs a value: --${name} ${flag.valueName}`);
      }
      raw = next;
      i++;
    }
    values.set(name, flagValue(flag, raw, command));
  }
  for (const flag of spec.flags) {
    if (flag.required && !values.has(flag.name)) {
      throw new UsageError(`${command} needs --${flag.name} ${flag.valueName}`);
    }
  }
  if (spec.positional && positional.length === 0) throw new UsageError(`${command} needs at least one ${spec.positional.valueName.replace('…', '')}`);
  const options: CliOptions = { out: values.get('out') as string };
  if (values.has('n')) options.n = values.get('n') as number[];
  if (values.has('seeds')) options.seeds = values.get('seeds') as number;
  if (values.has('grid')) options.grid = values.get('grid') as string;
  if (values.has('shard')) options.shard = values.get('shard') as Shard;
  if (values.has('shards')) options.shards = values.get('shards') as number;
  if (spec.positional) options.inputs = positional;
  if (values.has('config')) options.config = values.get('config') as string;
  if (values.has('problem')) options.problem = values.get('problem') as string;
  if (values.has('seed')) options.seed = values.get('seed') as number;
  if (values.has('steps')) options.steps = values.get('steps') as number;
  if (values.has('threads')) options.threads = values.get('threads') as number;
  if (values.has('kernel')) options.kernel = values.get('kernel') as KernelChoice;
  return { kind: 'command', command, options };
}
