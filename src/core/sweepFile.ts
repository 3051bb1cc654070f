// The one sweep file ("prunelab-sweep", sweep.json): what the CLI's `sweep` writes per
// shard, what `merge` writes for the whole grid, what the lab's sweep panels download and
// what the lab imports and draws. One cell per grid point with the values of its grid keys
// and either its result or the error that stopped it. Equal inputs give equal files: no
// times or host names are recorded, so a merged sweep equals the unsharded one.
import { APP_VERSION } from './runFile';
import { Problems, readKernel } from './runFile/readers';
import type { KernelInfo } from './kernels/types';
import { parseConfig, type RunConfig } from './config';
import { CELL_CLASSES, type CellClass, type CellResult } from './sweep';
import { cellText, gridJson, gridSize, gridValuesAt, parseSweepGrid, type SweepGridSpec } from './sweepGrid';

export const SWEEP_FILE_FORMAT = 'prunelab-sweep';
/** Version 1 (lab downloads with `lambdas`/`betas` and no grid) is refused with a message. */
export const SWEEP_FILE_VERSION = 2;

/** What a cell records of its run (runCell's result, with the two headline numbers named for scripts). */
export interface SweepCellResult {
  /** Columns with norm ≥ τ after phase 1: what pruning keeps. */
  kept: number;
  /** ‖VVᵀ − M*‖_F after pruning at τ and fine-tuning (null when a phase diverged). */
  testError: number | null;
  relativeTestError: number | null;
  classification: CellClass;
  tau: number;
  /** ‖UUᵀ − M*‖_F after phase 1. */
  bias: number | null;
  flippedColumns: number;
  diverged: { step: number; reason: string; suggestedEta: number } | null;
  fineTuneDiverged: string | null;
  /** [derived] */
  learnableDirections: number;
  /** [derived] */
  predictedBias: number;
  /** The kernels that computed the cell; a file from before they were recorded ran on the JavaScript kernels. */
  kernel: KernelInfo;
}

export type SweepFileCell = { index: number; values: Partial<RunConfig> } & ({ result: SweepCellResult } | { error: string });

export interface SweepFile {
  format: typeof SWEEP_FILE_FORMAT;
  formatVersion: typeof SWEEP_FILE_VERSION;
  appVersion: string;
  /** The base configuration every cell starts from (grid keys override it). */
  config: RunConfig;
  /** Configuration keys to lists of values; cell `index` is the grid point with the last key varying fastest. */
  grid: Record<string, unknown[]>;
  /** Cells of the whole grid. */
  cellCount: number;
  /** Which shard this file holds, counted from 1 like --shard; null for the whole grid. */
  shard: { index: number; count: number } | null;
  /** The cells run, by index. */
  cells: SweepFileCell[];
}

/** runCell's result as a sweep file records it. */
export function sweepCellResult(result: CellResult): SweepCellResult {
  return {
    kept: result.aboveTau,
    testError: result.testErrorAfterFineTune,
    relativeTestError: result.relativeTestErrorAfterFineTune,
    classification: result.classification,
    tau: result.tau,
    bias: result.bias,
    flippedColumns: result.flippedColumns,
    diverged: result.diverged,
    fineTuneDiverged: result.fineTuneDiverged,
    learnableDirections: result.learnableDirections,
    predictedBias: result.predictedBias,
    kernel: result.kernel,
  };
}

/** A sweep file's cell back as runCell's result (for the lab's charts and tables). */
export function cellResultOf(cell: { values: Partial<RunConfig>; result: SweepCellResult }, base: RunConfig): CellResult {
  const { result } = cell;
  return {
    lambda: cell.values.lambda ?? base.lambda,
    beta: cell.values.beta ?? base.beta,
    classification: result.classification,
    tau: result.tau,
    aboveTau: result.kept,
    flippedColumns: result.flippedColumns,
    diverged: result.diverged,
    bias: result.bias,
    testErrorAfterFineTune: result.testError,
    relativeTestErrorAfterFineTune: result.relativeTestError,
    fineTuneDiverged: result.fineTuneDiverged,
    learnableDirections: result.learnableDirections,
    predictedBias: result.predictedBias,
    kernel: result.kernel,
  };
}

/**
 * The sweep file of a lab panel's λ × β grid: grid keys β then λ, so the file's cell index is
 * the panel's (row · λ count + column).
 */
export function labSweepFile(
  config: RunConfig,
  axes: { lambdas: readonly number[]; betas: readonly number[] },
  outcomes: readonly ({ cell: { index: number; lambda: number; beta: number } } & ({ ok: true; result: CellResult } | { ok: false; error: string }))[],
): SweepFile {
  const grid: SweepGridSpec = { keys: ['beta', 'lambda'], values: { beta: [...axes.betas], lambda: [...axes.lambdas] } };
  const cells = outcomes.map((o): SweepFileCell => {
    const values = { beta: o.cell.beta, lambda: o.cell.lambda };
    return o.ok ? { index: o.cell.index, values, result: sweepCellResult(o.result) } : { index: o.cell.index, values, error: o.error };
  });
  return sweepFile(config, grid, cells);
}

export function sweepFile(config: RunConfig, grid: SweepGridSpec, cells: readonly SweepFileCell[], shard: SweepFile['shard'] = null): SweepFile {
  return {
    format: SWEEP_FILE_FORMAT,
    formatVersion: SWEEP_FILE_VERSION,
    appVersion: APP_VERSION,
    config,
    grid: gridJson(grid),
    cellCount: gridSize(grid),
    shard,
    cells: [...cells].sort((a, b) => a.index - b.index),
  };
}

/** The file as text: indented JSON with a final newline (non-finite numbers written as strings, never as null). */
export function serializeSweepFile(file: SweepFile): string {
  return `${JSON.stringify(file, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`;
}

export type ParseSweepFileResult = { ok: true; file: SweepFile; grid: SweepGridSpec } | { ok: false; error: string };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNumberOrNull = (x: unknown): boolean => x === null || typeof x === 'number';

/** What is wrong with a cell's result, or null. */
function resultProblem(raw: unknown): string | null {
  if (!isObject(raw)) return 'its result is not an object';
  if (typeof raw.kept !== 'number' || !Number.isInteger(raw.kept) || raw.kept < 0) return '"kept" must be a whole number';
  for (const key of ['testError', 'relativeTestError', 'bias'] as const) if (!isNumberOrNull(raw[key])) return `"${key}" must be a number or null`;
  if (!CELL_CLASSES.includes(raw.classification as CellClass)) return `"classification" must be one of ${CELL_CLASSES.join(', ')}`;
  for (const key of ['tau', 'flippedColumns', 'learnableDirections', 'predictedBias'] as const) if (typeof raw[key] !== 'number') return `"${key}" must be a number`;
  if (raw.diverged !== null && !(isObject(raw.diverged) && typeof raw.diverged.step === 'number' && typeof raw.diverged.reason === 'string')) return '"diverged" must be null or { step, reason, suggestedEta }';
  if (raw.fineTuneDiverged !== null && typeof raw.fineTuneDiverged !== 'string') return '"fineTuneDiverged" must be null or a reason';
  const problems = new Problems();
  readKernel(raw.kernel, problems);
  return problems.list[0] ?? null;
}

/**
 * Reads a sweep file: the format and version, the base configuration and the grid through
 * the one schema, and every cell (its index inside the grid, its values those of the grid
 * at that index, each index once, a well-formed result or an error). Shards and cancelled
 * sweeps hold only some cells; that is not an error here (merge checks completeness).
 */
export function parseSweepFile(input: unknown): ParseSweepFileResult {
  const fail = (error: string): ParseSweepFileResult => ({ ok: false, error });
  if (!isObject(input)) return fail('a sweep file must be a JSON object');
  if (input.format !== SWEEP_FILE_FORMAT) {
    return fail(`not a sweep file: "format" is ${JSON.stringify(input.format)}, expected "${SWEEP_FILE_FORMAT}"${input.format === 'prunelab-run' ? ' (this is a run file: use Import run)' : ''}`);
  }
  if (input.formatVersion !== SWEEP_FILE_VERSION) {
    return fail(`sweep file version ${JSON.stringify(input.formatVersion ?? input.version)} is not supported; this PruneLab reads version ${SWEEP_FILE_VERSION} (re-export the sweep or re-run it)`);
  }
  const config = parseConfig(input.config, 'strict');
  if (!config.ok) return fail(`the sweep's base configuration is invalid: ${config.errors.map((e) => e.message).join('; ')}`);
  const parsedGrid = parseSweepGrid(input.grid, config.config);
  if (!parsedGrid.ok) return fail(`the sweep's grid is invalid: ${parsedGrid.errors.join('; ')}`);
  const grid = parsedGrid.grid;
  const size = gridSize(grid);
  if (input.cellCount !== size) return fail(`"cellCount" is ${JSON.stringify(input.cellCount)} but the grid has ${size} cells`);
  let shard: SweepFile['shard'] = null;
  if (input.shard !== null) {
    const s = input.shard;
    if (!isObject(s) || !Number.isInteger(s.index) || !Number.isInteger(s.count) || (s.count as number) < 1 || (s.index as number) < 1 || (s.index as number) > (s.count as number)) {
      return fail('"shard" must be null or { index, count } with 1 ≤ index ≤ count');
    }
    shard = { index: s.index as number, count: s.count as number };
  }
  if (!Array.isArray(input.cells)) return fail('"cells" must be a list');
  const seen = new Set<number>();
  const cells: SweepFileCell[] = [];
  for (const [position, raw] of input.cells.entries()) {
    const where = `cell ${position + 1}`;
    if (!isObject(raw) || !Number.isInteger(raw.index) || (raw.index as number) < 0 || (raw.index as number) >= size) {
      return fail(`${where}: "index" must be a whole number from 0 to ${size - 1}`);
    }
    const index = raw.index as number;
    if (seen.has(index)) return fail(`${where}: cell ${index} appears twice`);
    seen.add(index);
    const expected = gridValuesAt(grid, index);
    if (JSON.stringify(raw.values) !== JSON.stringify(expected)) {
      return fail(`${where}: its values ${JSON.stringify(raw.values)} are not the grid's at index ${index} (${cellText(expected)})`);
    }
    if ('error' in raw) {
      if (typeof raw.error !== 'string') return fail(`${where}: "error" must be a message`);
      cells.push({ index, values: expected, error: raw.error });
      continue;
    }
    const problem = resultProblem(raw.result);
    if (problem) return fail(`${where} (${cellText(expected)}): ${problem}`);
    // A result from before kernels were recorded ran on the JavaScript kernels.
    const kernel = readKernel((raw.result as { kernel?: unknown }).kernel, new Problems()) as KernelInfo;
    cells.push({ index, values: expected, result: { ...(raw.result as SweepCellResult), kernel } });
  }
  const file: SweepFile = {
    format: SWEEP_FILE_FORMAT,
    formatVersion: SWEEP_FILE_VERSION,
    appVersion: typeof input.appVersion === 'string' ? input.appVersion : 'unknown',
    config: config.config,
    grid: gridJson(grid),
    cellCount: size,
    shard,
    cells: cells.sort((a, b) => a.index - b.index),
  };
  return { ok: true, file, grid };
}

/** How many listed cell indices a merge message names. */
const LISTED_CELLS = 5;

function listCells(grid: SweepGridSpec, indices: readonly number[]): string {
  const named = indices.slice(0, LISTED_CELLS).map((i) => `${i} (${cellText(gridValuesAt(grid, i))})`);
  return `${named.join(', ')}${indices.length > LISTED_CELLS ? ` and ${indices.length - LISTED_CELLS} more` : ''}`;
}

export interface NamedSweepFile {
  /** Where it came from, for messages. */
  name: string;
  file: SweepFile;
  grid: SweepGridSpec;
}

/**
 * One sweep file for the whole grid from the files of its shards: they must share the base
 * configuration and grid, and together hold every cell exactly once. Throws an Error with a
 * one-line message naming the files and cells otherwise.
 */
export function mergeSweepFiles(parts: readonly NamedSweepFile[]): SweepFile {
  if (parts.length === 0) throw new Error('nothing to merge: give the directories of the shards');
  const [first] = parts;
  const configText = JSON.stringify(first.file.config);
  const gridText = JSON.stringify(first.file.grid);
  for (const part of parts.slice(1)) {
    if (JSON.stringify(part.file.grid) !== gridText) {
      throw new Error(`${part.name} has a different grid than ${first.name} (${JSON.stringify(part.file.grid)} against ${gridText}); merge only the shards of one sweep`);
    }
    if (JSON.stringify(part.file.config) !== configText) {
      const keys = Object.keys(first.file.config).filter(
        (key) => JSON.stringify(part.file.config[key as keyof RunConfig]) !== JSON.stringify(first.file.config[key as keyof RunConfig]),
      );
      throw new Error(`${part.name} was run with a different base configuration than ${first.name} (differs in ${keys.join(', ')}); merge only the shards of one sweep`);
    }
  }
  const owner = new Map<number, string>();
  const cells: SweepFileCell[] = [];
  for (const part of parts) {
    for (const cell of part.file.cells) {
      const previous = owner.get(cell.index);
      if (previous !== undefined) {
        throw new Error(`cell ${listCells(first.grid, [cell.index])} is in both ${previous} and ${part.name}; each cell must come from one shard`);
      }
      owner.set(cell.index, part.name);
      cells.push(cell);
    }
  }
  const size = first.file.cellCount;
  const missing: number[] = [];
  for (let i = 0; i < size; i++) if (!owner.has(i)) missing.push(i);
  if (missing.length) {
    throw new Error(`${missing.length} of ${size} cells are missing: ${listCells(first.grid, missing)}; merge the output of every shard`);
  }
  return sweepFile(first.file.config, first.grid, cells, null);
}
