// Command-line parsing for the three commands. Values that are configuration fields (the
// seed, step counts) go through the one schema so they are refused with the same message
// as in a config file.
import { parseField } from '../core/config';
import { PRESETS } from '../core/presets';

export type CommandName = 'run' | 'compare' | 'figure1';

/** A usage mistake: printed as one line, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type FlagKind = 'path' | 'seed' | 'steps';

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

export const COMMANDS: Record<CommandName, CommandSpec> = {
  run: {
    summary: 'train with the group-Lasso penalty, prune at τ, fine-tune; write run.json, history.csv and SVG figures',
    flags: [configFlag, outFlag, seedFlag, problemFlag],
  },
  compare: {
    summary: 'train the same problem from the same U₀ with and without the penalty; print and write the metrics side by side',
    flags: [configFlag, outFlag, seedFlag, problemFlag],
  },
  figure1: {
    summary: `reproduce the paper's Figure 1 (${figure1.model}, d = ${figure1.d}, k = ${figure1.k}, r = ${figure1.r}): fraction curve and histogram of column norms, with and without the penalty`,
    flags: [
      outFlag,
      { name: 'steps', kind: 'steps', valueName: 'N', required: false, description: 'phase-1 steps of each run (default: the figure1 preset)' },
      seedFlag,
    ],
  },
};

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

export interface CliOptions {
  out: string;
  config?: string;
  problem?: string;
  seed?: number;
  steps?: number;
}

export type ParsedArgs =
  | { kind: 'help'; command: CommandName | null }
  | { kind: 'command'; command: CommandName; options: CliOptions };

const isHelp = (arg: string): boolean => arg === '--help' || arg === '-h';

function isCommand(name: string): name is CommandName {
  return (COMMAND_NAMES as string[]).includes(name);
}

function flagValue(spec: FlagSpec, raw: string, command: CommandName): string | number {
  if (spec.kind === 'path') {
    if (raw === '') throw new UsageError(`--${spec.name} needs a non-empty ${spec.valueName}`);
    return raw;
  }
  const field = spec.kind === 'seed' ? 'seed' : 'steps';
  const parsed = parseField(field, raw);
  if ('error' in parsed) throw new UsageError(`--${spec.name}: ${parsed.error} (prunelab ${command})`);
  return parsed.value as number;
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
  const values = new Map<string, string | number>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--')) {
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
  const options: CliOptions = { out: values.get('out') as string };
  if (values.has('config')) options.config = values.get('config') as string;
  if (values.has('problem')) options.problem = values.get('problem') as string;
  if (values.has('seed')) options.seed = values.get('seed') as number;
  if (values.has('steps')) options.steps = values.get('steps') as number;
  return { kind: 'command', command, options };
}
