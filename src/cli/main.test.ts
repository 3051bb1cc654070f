import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** The real entry point in a child process, as `npm run cli` starts it. */
function cli(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });
}

describe('main.ts', () => {
  it('wires argv, stdout and the exit status to the CLI', () => {
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^PruneLab command line/);
    expect(help.stderr).toBe('');
  });

  it('prints a refusal as one line on stderr and exits non-zero, without a stack trace', () => {
    const usage = cli(['run', '--fast']);
    expect(usage.status).toBe(2);
    expect(usage.stdout).toBe('');
    expect(usage.stderr).toMatch(/^prunelab: unknown flag --fast for run.*\n$/);
  });
});
