// Test support: runs the CLI in-process and captures what it prints.
import { main, type CliIo } from './cli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `main(argv)` with captured output, a log (not a TTY) stderr, a counting clock and the given environment. */
export async function runCli(argv: string[], env: Record<string, string> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  let clock = 0;
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stderrIsTTY: false,
    now: () => (clock += 1),
    env,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
