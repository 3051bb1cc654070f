// Whole processes, as a user runs them: `prunelab run` (the compiled CLI, Node's start-up
// included) against the plain numpy script doing the same work (scripts/bench_numpy.py --run).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureCliBundle } from '../../scripts/cli-bundle.mjs';
import type { RunConfig } from '../core/config';
import { tauOf } from '../core/runSetup';
import { numpyWholeRun } from './numpy';

const run = promisify(execFile);
const LAUNCHER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'prunelab.mjs');

export interface WholeRunRow {
  case: string;
  cliSeconds: number;
  numpySeconds: number | null;
  /** numpy's time over the CLI's (above 1: the CLI is faster). */
  speedup: number | null;
}

const median = (values: number[]): number => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function seconds(task: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await task();
  return (performance.now() - start) / 1000;
}

/** Median wall time of `reps` whole runs of each tool on `config` (the CLI on the threads it picks itself, as a user runs it). */
export async function timeWholeRun(name: string, config: RunConfig, reps: number, numpy: boolean): Promise<WholeRunRow> {
  await ensureCliBundle();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'prunelab-bench-'));
  try {
    const configFile = path.join(dir, 'cfg.json');
    writeFileSync(configFile, JSON.stringify(config));
    const cli: number[] = [];
    const plain: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      cli.push(await seconds(() => run(process.execPath, [LAUNCHER, 'run', '--config', configFile, '--out', path.join(dir, 'cli')])));
      if (numpy) plain.push(await seconds(() => numpyWholeRun(config, tauOf(config), path.join(dir, 'numpy.json'))));
    }
    const cliSeconds = median(cli);
    const numpySeconds = plain.length ? median(plain) : null;
    return { case: name, cliSeconds, numpySeconds, speedup: numpySeconds === null ? null : numpySeconds / cliSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
