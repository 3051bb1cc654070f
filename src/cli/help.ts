// Help texts. Every default and range is read from the schema (FIELDS, DEFAULT_CONFIG) or
// from a preset, never retyped here.
import { CONFIG_KEYS, DEFAULT_CONFIG, FIELDS, type ConfigKey, type FieldSpec, type RunConfig } from '../core/config';
import { COMMANDS, COMMAND_NAMES, type CommandName } from './args';

const PROGRAM = 'npm run cli --';

function allowedText(spec: FieldSpec): string {
  if (spec.type === 'enum') return spec.options.map((o) => `"${o}"`).join(' | ');
  if (spec.type === 'list') return 'list of positive numbers, or null';
  const low = spec.minInclusive ? `${spec.min} ≤` : `${spec.min} <`;
  const kind = spec.type === 'int' ? 'integer' : 'number';
  return `${kind}, ${low} x ≤ ${spec.max}${spec.nullable ? ', or null' : ''}`;
}

function valueText(value: RunConfig[ConfigKey]): string {
  return JSON.stringify(value);
}

/** The table of configuration keys with their defaults in `config` (DEFAULT_CONFIG unless a preset). */
export function configTable(config: RunConfig = DEFAULT_CONFIG, keys: readonly ConfigKey[] = CONFIG_KEYS): string {
  const width = Math.max(...keys.map((k) => k.length));
  const defaultWidth = Math.max(...keys.map((k) => valueText(config[k]).length));
  return keys
    .map((key) => {
      const spec = FIELDS[key];
      const head = `  ${key.padEnd(width)}  ${valueText(config[key]).padEnd(defaultWidth)}  `;
      return `${head}${spec.description} [${allowedText(spec)}]`;
    })
    .join('\n');
}

export function generalHelp(): string {
  const width = Math.max(...COMMAND_NAMES.map((c) => c.length));
  return [
    'PruneLab command line: group-Lasso training, greedy pruning and fine-tuning for matrix sensing.',
    '',
    `Usage: ${PROGRAM} <command> [flags]`,
    '',
    'Commands:',
    ...COMMAND_NAMES.map((c) => `  ${c.padEnd(width)}  ${COMMANDS[c].summary}`),
    '',
    `Run "${PROGRAM} <command> --help" for the flags of a command and the configuration keys.`,
    'Exit status: 0 on success, 1 when an input file is refused or a run diverges, 2 on a usage error.',
  ].join('\n');
}

/** Help for one command; `figure1` lists the preset it runs instead of the plain defaults. */
export function commandHelp(command: CommandName, figure1Config?: RunConfig): string {
  const spec = COMMANDS[command];
  const flags = spec.flags.map((f) => (f.required ? `--${f.name} ${f.valueName}` : `[--${f.name} ${f.valueName}]`));
  const usage = [...flags, ...(spec.positional ? [spec.positional.valueName] : [])].join(' ');
  const flagWidth = Math.max(...spec.flags.map((f) => `--${f.name} ${f.valueName}`.length), ...(spec.positional ? [spec.positional.valueName.length] : []));
  const lines = [
    `Usage: ${PROGRAM} ${command} ${usage}`,
    '',
    spec.summary,
    '',
    'Flags:',
    ...spec.flags.map((f) => `  ${`--${f.name} ${f.valueName}`.padEnd(flagWidth)}  ${f.description}${f.required ? ' (required)' : ''}`),
    '  --help'.padEnd(flagWidth + 2) + '  this text',
    ...(spec.positional ? ['', 'Arguments:', `  ${spec.positional.valueName.padEnd(flagWidth)}  ${spec.positional.description}`] : []),
  ];
  if (command === 'figure1') {
    if (figure1Config) {
      lines.push('', 'Settings (the figure1 preset; the second run sets lambda to 0):', configTable(figure1Config));
    }
  } else if (command === 'merge') {
    lines.push('', 'The shards must come from one sweep (the same grid, configuration and shard count); together they must hold every cell exactly once.');
  } else {
    lines.push('', 'Configuration keys (cfg.json), their defaults and allowed values:', configTable());
    lines.push('', 'tau null means the derived default √(2β); a per-stream seed of null is derived from "seed".');
  }
  return lines.join('\n');
}
