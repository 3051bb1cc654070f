// A sweep over any configuration keys (issue 9 §8): a grid maps keys to lists of values,
// its cells are every combination, and a shard is every N-th of them. Each value and every
// combination goes through the one schema (config.ts), so a grid is refused before any
// cell runs, with messages that say what to change.
import { CONFIG_KEYS, FIELDS, parseConfig, parseField, type ConfigKey, type RunConfig } from './config';

/** A validated grid: its keys in the given order and each key's values. */
export interface SweepGridSpec {
  keys: ConfigKey[];
  values: Partial<Record<ConfigKey, RunConfig[ConfigKey][]>>;
}

/** One grid point: its position in the full grid and the value of every grid key. */
export interface GridCell {
  index: number;
  values: Partial<RunConfig>;
}

/** Most cells a grid may have (each is a full run). */
export const MAX_GRID_CELLS = 1_000_000;
/** How many refused combinations a message names before summing up the rest. */
const LISTED_COMBINATIONS = 3;

/** `{"lambda":0.1,"n":400}` for messages. */
export function cellText(values: Partial<RunConfig>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key} = ${JSON.stringify(value)}`)
    .join(', ');
}

/** Number of cells of a grid (the product of its list lengths). */
export function gridSize(grid: SweepGridSpec): number {
  return grid.keys.reduce((product, key) => product * (grid.values[key]?.length ?? 0), 1);
}

/** The values of grid point `index`: the last key varies fastest. */
export function gridValuesAt(grid: SweepGridSpec, index: number): Partial<RunConfig> {
  const values: Record<string, unknown> = {};
  let rest = index;
  for (let k = grid.keys.length - 1; k >= 0; k--) {
    const key = grid.keys[k];
    const list = grid.values[key] as unknown[];
    values[key] = list[rest % list.length];
    rest = Math.floor(rest / list.length);
  }
  return Object.fromEntries(grid.keys.map((key) => [key, values[key]])) as Partial<RunConfig>;
}

/** Every cell of the grid, in index order. */
export function listGridCells(grid: SweepGridSpec): GridCell[] {
  return Array.from({ length: gridSize(grid) }, (_, index) => ({ index, values: gridValuesAt(grid, index) }));
}

/**
 * The cells of one shard (index counted from 0 of `count`): every count-th cell starting at
 * `index`. Interleaving rather than cutting the grid into blocks spreads the expensive cells
 * (large n, many steps) over all shards.
 */
export function shardCells<T extends { index: number }>(cells: readonly T[], shard: { index: number; count: number } | null): T[] {
  return shard ? cells.filter((cell) => cell.index % shard.count === shard.index) : [...cells];
}

/** The configuration of one cell, or the schema's messages. */
export function cellConfig(base: RunConfig, values: Partial<RunConfig>): { ok: true; config: RunConfig } | { ok: false; message: string } {
  const parsed = parseConfig({ ...base, ...values }, 'strict');
  return parsed.ok ? { ok: true, config: parsed.config } : { ok: false, message: parsed.errors.map((e) => e.message).join('; ') };
}

export type GridParse = { ok: true; grid: SweepGridSpec } | { ok: false; errors: string[] };

/**
 * Validates a grid against `base`: an object of configuration keys to non-empty lists of
 * distinct values, each value valid for its key, and every combination a valid
 * configuration (r ≤ d, the memory budget, …).
 */
export function parseSweepGrid(input: unknown, base: RunConfig): GridParse {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: ['the grid must be a JSON object of configuration keys to lists of values, such as {"lambda": [0.01, 0.1], "seed": [1, 2]}'] };
  }
  const entries = Object.entries(input as Record<string, unknown>);
  if (entries.length === 0) return { ok: false, errors: ['the grid is empty; give at least one key with a list of values, such as {"n": [400, 800]}'] };
  const errors: string[] = [];
  const values: SweepGridSpec['values'] = {};
  for (const [key, raw] of entries) {
    if (!Object.prototype.hasOwnProperty.call(FIELDS, key)) {
      errors.push(`unknown grid key "${key}"; allowed keys are ${CONFIG_KEYS.join(', ')}`);
      continue;
    }
    const configKey = key as ConfigKey;
    // sigmaStar's values are lists themselves, so its grid is a list of lists.
    if (!Array.isArray(raw) || raw.length === 0) {
      errors.push(`grid key "${key}" must be a non-empty list of values, such as [${JSON.stringify(base[configKey])}] (got ${JSON.stringify(raw)})`);
      continue;
    }
    const parsedValues: RunConfig[ConfigKey][] = [];
    for (const item of raw) {
      const parsed = parseField(configKey, item);
      if ('error' in parsed) errors.push(`grid key "${key}": ${parsed.error}`);
      else parsedValues.push(parsed.value);
    }
    const seen = new Set(parsedValues.map((v) => JSON.stringify(v)));
    if (seen.size !== parsedValues.length) errors.push(`grid key "${key}" lists a value twice; give each value once`);
    values[configKey] = parsedValues;
  }
  if (errors.length) return { ok: false, errors };
  const grid: SweepGridSpec = { keys: entries.map(([key]) => key as ConfigKey), values };
  const size = gridSize(grid);
  if (size > MAX_GRID_CELLS) return { ok: false, errors: [`the grid has ${size} cells, more than ${MAX_GRID_CELLS}; use fewer values`] };
  const refused: string[] = [];
  let refusedCount = 0;
  for (let index = 0; index < size; index++) {
    const cell = gridValuesAt(grid, index);
    const checked = cellConfig(base, cell);
    if (checked.ok) continue;
    refusedCount++;
    if (refused.length < LISTED_COMBINATIONS) refused.push(`${cellText(cell)}: ${checked.message}`);
  }
  if (refusedCount) {
    const more = refusedCount > refused.length ? ` (and ${refusedCount - refused.length} more)` : '';
    return { ok: false, errors: [`${refusedCount} of ${size} grid combinations are not valid configurations${more}: ${refused.join(' | ')}`] };
  }
  return { ok: true, grid };
}

/** The grid as JSON: each key's list of values, in key order. */
export function gridJson(grid: SweepGridSpec): Record<string, unknown[]> {
  return Object.fromEntries(grid.keys.map((key) => [key, [...(grid.values[key] as unknown[])]]));
}

/** Grid keys with more than one value: what a sweep varies. */
export function varyingKeys(grid: SweepGridSpec): ConfigKey[] {
  return grid.keys.filter((key) => (grid.values[key]?.length ?? 0) > 1);
}
