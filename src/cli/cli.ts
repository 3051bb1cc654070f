// The CLI's top level: parse argv, dispatch, and turn every failure into one line on stderr
// and an exit status (0 ok, 1 refused input or diverged run, 2 usage error).
import { parseArgs, UsageError, type CommandName } from './args';
import { DivergedError, runCommand, type CliIo } from './commands';
import { compareCommand, figure1Command, figure1Config } from './compare';
import { commandHelp, generalHelp } from './help';
import { InputError, oneLine } from './inputs';
import { scalingCommand } from './scaling';
import { mergeCommand, sweepCommand, SweepCellError } from './sweep';

export type { CliIo };

const COMMAND_RUNNERS: Record<CommandName, (options: Parameters<typeof runCommand>[0], io: CliIo) => unknown> = {
  run: runCommand,
  compare: compareCommand,
  figure1: figure1Command,
  scaling: scalingCommand,
  sweep: sweepCommand,
  merge: mergeCommand,
};

/** Runs the CLI on argv (without node and the script); returns the exit status. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseArgs(argv);
    if (parsed.kind === 'help') {
      const text = parsed.command === null ? generalHelp() : commandHelp(parsed.command, figure1Config());
      io.stdout(`${text}\n`);
      return 0;
    }
    await COMMAND_RUNNERS[parsed.command](parsed.options, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`prunelab: ${oneLine(error)} (see --help)\n`);
      return 2;
    }
    if (error instanceof InputError || error instanceof DivergedError || error instanceof SweepCellError) {
      io.stderr(`prunelab: ${oneLine(error)}\n`);
      return 1;
    }
    io.stderr(`prunelab: unexpected error: ${oneLine(error)}\n`);
    return 1;
  }
}
