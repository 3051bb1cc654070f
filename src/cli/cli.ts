// The CLI's top level: parse argv, dispatch, and turn every failure into one line on stderr
// and an exit status (0 ok, 1 refused input or diverged run, 2 usage error). A command's code
// (the core pipeline, the kernels, the figures) is imported only when that command runs, so
// --help and a usage error start in a few milliseconds.
import { figure1Config, parseArgs, UsageError, type CliOptions, type CommandName } from './args';
import { DivergedError, InputError, oneLine, SweepCellError } from './errors';
import { commandHelp, generalHelp } from './help';
import type { CliIo } from './commands';

export type { CliIo };

type CommandRunner = (options: CliOptions, io: CliIo) => unknown;

const COMMAND_RUNNERS: Record<CommandName, () => Promise<CommandRunner>> = {
  run: async () => (await import('./commands')).runCommand,
  compare: async () => (await import('./compare')).compareCommand,
  figure1: async () => (await import('./compare')).figure1Command,
  scaling: async () => (await import('./scaling')).scalingCommand,
  sweep: async () => (await import('./sweep')).sweepCommand,
  merge: async () => (await import('./sweep')).mergeCommand,
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
    const runner = await COMMAND_RUNNERS[parsed.command]();
    await runner(parsed.options, io);
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
