// The CLI's failures and their exit statuses. Kept apart from the commands so the top level
// (and --help) can tell them apart without loading any command's code.

/** A refused input file or value: printed as one line, exit status 1. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A run that diverged: its files are written, then this is reported (exit status 1). */
export class DivergedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DivergedError';
  }
}

/** A sweep cell that threw instead of finishing (not a diverged run, which is an outcome): exit status 1 after the file is written. */
export class SweepCellError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepCellError';
  }
}

/** The first non-empty line of an error's message, trimmed. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? 'unknown error';
}
