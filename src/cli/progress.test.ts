import { describe, expect, it } from 'vitest';
import { formatDuration, ProgressReporter } from './progress';

function fakeOutput(isTTY: boolean) {
  const writes: string[] = [];
  const clock = { ms: 0 };
  return { writes, clock, output: { write: (text: string) => writes.push(text), isTTY, now: () => clock.ms } };
}

describe('ProgressReporter', () => {
  it('rewrites one line in place on a terminal, at most every half second, with an ETA', () => {
    const { writes, clock, output } = fakeOutput(true);
    const reporter = new ProgressReporter(output, 1000);
    clock.ms = 200;
    reporter.update(100, 'phase 1 step 100/1000');
    expect(writes).toEqual([]);
    clock.ms = 1000;
    reporter.update(250, 'phase 1 step 250/1000');
    clock.ms = 1200;
    reporter.update(300, 'phase 1 step 300/1000');
    clock.ms = 2000;
    reporter.update(500, 'phase 1 step 500/1000');
    reporter.finish();
    expect(writes).toEqual([
      '\rphase 1 step 250/1000  25.0%  elapsed 1s  ETA 3s',
      '\rphase 1 step 500/1000  50.0%  elapsed 2s  ETA 2s',
      '\n',
    ]);
  });

  it('writes whole lines, less often, when stderr is a log or a pipe', () => {
    const { writes, clock, output } = fakeOutput(false);
    const reporter = new ProgressReporter(output, 100);
    for (let t = 1; t <= 12; t++) {
      clock.ms = t * 1000;
      reporter.update(t, `step ${t}`);
    }
    reporter.finish();
    expect(writes).toEqual(['step 5  5.0%  elapsed 5s  ETA 1m35s\n', 'step 10  10.0%  elapsed 10s  ETA 1m30s\n']);
  });
});

describe('formatDuration', () => {
  it('reads naturally from seconds to hours', () => {
    expect(formatDuration(0.4)).toBe('0s');
    expect(formatDuration(59)).toBe('59s');
    expect(formatDuration(61)).toBe('1m01s');
    expect(formatDuration(3 * 3600 + 125)).toBe('3h02m');
    expect(formatDuration(Infinity)).toBe('?');
  });
});
