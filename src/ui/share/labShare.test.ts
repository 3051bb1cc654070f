import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../core/config';
import { runPipeline } from '../../core/run';
import { runFileFromResult, type RunFile } from '../../core/runFile';
import { describeComparison } from './labShare';

const config = { ...DEFAULT_CONFIG, d: 5, k: 6, r: 2, n: 60, steps: 40, fineTuneSteps: 10, checkpointEvery: 10 };

/** The same run with phase 1's U scaled by (1 + by), as if computed by other kernels. */
function nudged(run: RunFile, by: number): RunFile {
  return { ...run, phase1: { ...run.phase1, U: run.phase1.U.map((x) => x * (1 + by)) } };
}

describe('describeComparison', () => {
  const run = runFileFromResult(runPipeline(config));
  const onWasm: RunFile = { ...run, kernel: { name: 'wasm', precision: 'f64', threads: 2 } };

  it('claims bit for bit only when every number is the same double', () => {
    expect(describeComparison(run, { ...run, kernel: { ...run.kernel, threads: 4 } })).toMatch(/^The lab's run matches the loaded run bit for bit \(\d+ numbers compared\)\.$/);
    expect(describeComparison(run, nudged(run, 1e-15))).toMatch(/^The lab's run differs from the loaded run, first at phase1\.U\[\d+\]/);
  });

  it('between other kernels, reports agreement to 1e-10 with the largest relative difference, naming both kernels', () => {
    const text = describeComparison(run, nudged(onWasm, 1e-14));
    expect(text).toMatch(/^The lab's run agrees with the loaded run \(\d+ numbers compared, largest relative difference [^)]+\)\./);
    expect(text).toContain('The loaded run was computed on js f64 · 1 thread, the lab\'s on wasm f64 · 2 threads, so they are compared to 1e-10 relative, not bit for bit.');
    expect(describeComparison(run, nudged(onWasm, 1e-6))).toMatch(/^The lab's run differs from the loaded run, first at phase1\.U\[\d+\]: .* so they are compared to 1e-10 relative/);
  });
});
