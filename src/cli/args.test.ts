import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './args';

function usageMessage(argv: string[]): string {
  try {
    parseArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected ${argv.join(' ')} to be refused`);
}

describe('parseArgs', () => {
  it('parses run with every flag, in both --flag value and --flag=value forms', () => {
    expect(parseArgs(['run', '--config', 'cfg.json', '--out=out', '--seed', '7', '--problem', 'p.json'])).toEqual({
      kind: 'command',
      command: 'run',
      options: { config: 'cfg.json', out: 'out', seed: 7, problem: 'p.json' },
    });
  });

  it('parses figure1 with a step count', () => {
    expect(parseArgs(['figure1', '--out', 'fig', '--steps', '500'])).toEqual({
      kind: 'command',
      command: 'figure1',
      options: { out: 'fig', steps: 500 },
    });
  });

  it('parses --threads, and figure1\'s --kernel through the schema', () => {
    expect(parseArgs(['run', '--out', 'o', '--threads', '2'])).toEqual({ kind: 'command', command: 'run', options: { out: 'o', threads: 2 } });
    expect(parseArgs(['figure1', '--out', 'f', '--kernel', 'wasm-f32'])).toEqual({ kind: 'command', command: 'figure1', options: { out: 'f', kernel: 'wasm-f32' } });
    expect(usageMessage(['run', '--out', 'o', '--threads', '0'])).toMatch(/--threads must be a whole number from 1 to \d+/);
    expect(usageMessage(['figure1', '--out', 'f', '--kernel', 'gpu'])).toMatch(/--kernel: kernel must be one of "auto", "js", "wasm", "wasm-f32"/);
  });

  it('recognises help in all its spellings', () => {
    expect(parseArgs(['--help'])).toEqual({ kind: 'help', command: null });
    expect(parseArgs(['help'])).toEqual({ kind: 'help', command: null });
    expect(parseArgs(['help', 'compare'])).toEqual({ kind: 'help', command: 'compare' });
    expect(parseArgs(['run', '-h'])).toEqual({ kind: 'help', command: 'run' });
    expect(parseArgs(['figure1', '--out', 'x', '--help'])).toEqual({ kind: 'help', command: 'figure1' });
  });

  it('refuses mistakes with a one-line message that says what to do', () => {
    const cases: [string[], RegExp][] = [
      [[], /missing command; use one of run, compare, figure1/],
      [['train'], /unknown command "train"/],
      [['run', '--out'], /--out needs a value: --out DIR/],
      [['run', '--config', 'c.json'], /run needs --out DIR/],
      [['run', '--out', 'o', '--steps', '5'], /unknown flag --steps for run; it takes --config, --out, --seed, --problem/],
      [['run', '--out', 'o', 'extra'], /unexpected argument "extra"/],
      [['run', '--out', 'o', '--out', 'p'], /--out is given twice/],
      [['run', '--out', 'o', '--seed', '-3'], /--seed: seed must be a whole number from 0 to 4294967295 \(got -3\)/],
      [['run', '--out', 'o', '--seed', 'abc'], /--seed: seed must be/],
      [['figure1', '--out', 'o', '--steps', '2.5'], /--steps: steps must be a whole number/],
      [['run', '--out', ''], /--out needs a non-empty DIR/],
      [['help', 'nope'], /unknown command "nope"/],
    ];
    for (const [argv, pattern] of cases) {
      const message = usageMessage(argv);
      expect(message).toMatch(pattern);
      expect(message).not.toContain('\n');
    }
  });
});
