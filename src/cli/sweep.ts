// `sweep` and `merge`: a grid of configuration values run cell by cell (the whole grid or one
// shard of it), written as one sweep.json per output directory, and the shards' files
// combined into the sweep.json the whole grid would have written.
import { statSync } from 'node:fs';
import path from 'node:path';
import { kernelLabel } from '../core/kernelChoice';
import { runCell, type CellCache } from '../core/sweep';
import { mergeSweepFiles, parseSweepFile, serializeSweepFile, sweepCellResult, sweepFile, type NamedSweepFile, type SweepFileCell } from '../core/sweepFile';
import { cellConfig, listGridCells, parseSweepGrid, shardCells, varyingKeys } from '../core/sweepGrid';
import type { CliOptions } from './args';
import { OutputDir, progressOutput, type CliIo } from './commands';
import { InputError, oneLine, SweepCellError } from './errors';
import { loadInputs, readJson } from './inputs';
import { defaultCliThreads, KernelSet } from './kernels';
import { ProgressReporter } from './progress';
import { resolveShard } from './shard';

export const SWEEP_FILE_NAME = 'sweep.json';

/** The grid from --grid: inline JSON when it starts with "{", else a file. */
function readGrid(source: string): unknown {
  if (source.trim().startsWith('{')) {
    try {
      return JSON.parse(source);
    } catch (error) {
      throw new InputError(`the inline --grid is not valid JSON: ${oneLine(error)}`);
    }
  }
  return readJson(source, 'grid file');
}

/** `sweep`: every cell of the grid (or of this process's shard) through runCell on the kernels of its `kernel` key; sweep.json. */
export async function sweepCommand(options: CliOptions, io: CliIo): Promise<void> {
  const { config } = loadInputs(options);
  const parsed = parseSweepGrid(readGrid(options.grid as string), config);
  if (!parsed.ok) throw new InputError(`grid ${options.grid?.trim().startsWith('{') ? '(inline)' : options.grid}: ${parsed.errors.join('; ')}`);
  const { grid } = parsed;
  const { shard, source } = resolveShard(options, io.env ?? {});
  const all = listGridCells(grid);
  const cells = shardCells(all, shard);
  const out = new OutputDir(options.out, [SWEEP_FILE_NAME]);

  const reporter = new ProgressReporter(progressOutput(io), cells.length);
  const cache: { current: CellCache | null } = { current: null };
  const records: SweepFileCell[] = [];
  const failures: string[] = [];
  const kernels = new KernelSet(options.threads ?? defaultCliThreads(config));
  try {
    for (const [done, cell] of cells.entries()) {
      reporter.update(done, `cell ${done + 1}/${cells.length}`);
      const checked = cellConfig(config, cell.values);
      try {
        if (!checked.ok) throw new Error(checked.message);
        const backend = await kernels.get(checked.config.kernel);
        const result = runCell(checked.config, checked.config.lambda, checked.config.beta, cache, backend);
        records.push({ ...cell, result: sweepCellResult(result) });
      } catch (error) {
        records.push({ ...cell, error: oneLine(error) });
        failures.push(`cell ${cell.index}: ${oneLine(error)}`);
      }
    }
  } finally {
    await kernels.dispose();
  }
  reporter.finish();
  const shardText = shard ? `shard ${shard.index + 1}/${shard.count}${source === 'flag' ? '' : ` (from ${source === 'slurm' ? 'the Slurm array' : 'the Kubernetes Indexed Job'})`}` : 'whole grid';
  out.write(SWEEP_FILE_NAME, serializeSweepFile(sweepFile(config, grid, records, shard ? { index: shard.index + 1, count: shard.count } : null)));

  const varying = varyingKeys(grid);
  const finished = records.flatMap((r) => ('result' in r ? [r.result] : []));
  const exact = finished.filter((result) => result.kept === config.r).length;
  const ran = [...new Set(finished.map((result) => kernelLabel(result.kernel)))];
  io.stdout(
    `PruneLab sweep: ${shardText}: ${cells.length} of ${all.length} cells over ${varying.length ? varying.join(' × ') : 'one point'}; ` +
      `${exact} of ${finished.length} finished cells kept exactly r = ${config.r} columns${ran.length ? `; kernels ${ran.join(', ')}` : ''}\nwrote ${out.written.join(', ')}\n`,
  );
  if (failures.length) throw new SweepCellError(`${failures.length} cell${failures.length === 1 ? '' : 's'} failed (recorded in ${SWEEP_FILE_NAME}): ${failures[0]}`);
}

/** A shard's sweep.json: the path itself, or sweep.json inside a directory. */
function sweepFilePath(input: string): string {
  try {
    return statSync(input).isDirectory() ? path.join(input, SWEEP_FILE_NAME) : input;
  } catch {
    throw new InputError(`cannot read the shard ${input}: no such file or directory`);
  }
}

/** Reads and checks one shard's sweep.json. */
export function readSweepFile(input: string): NamedSweepFile {
  const file = sweepFilePath(input);
  const parsed = parseSweepFile(readJson(file, 'sweep file'));
  if (!parsed.ok) throw new InputError(`${file}: ${parsed.error}`);
  return { name: file, file: parsed.file, grid: parsed.grid };
}

/** `merge`: the shards' sweep.json files as one. */
export function mergeCommand(options: CliOptions, io: CliIo): void {
  const parts = (options.inputs ?? []).map(readSweepFile);
  let merged;
  try {
    merged = mergeSweepFiles(parts);
  } catch (error) {
    throw new InputError(`cannot merge: ${oneLine(error)}`);
  }
  const out = new OutputDir(options.out, [SWEEP_FILE_NAME]);
  out.write(SWEEP_FILE_NAME, serializeSweepFile(merged));
  io.stdout(`PruneLab merge: ${parts.length} shard file${parts.length === 1 ? '' : 's'}, ${merged.cells.length} cells\nwrote ${out.written.join(', ')}\n`);
}
