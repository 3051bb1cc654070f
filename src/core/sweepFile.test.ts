import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import { runCell } from './sweep';
import { mergeSweepFiles, parseSweepFile, serializeSweepFile, sweepCellResult, sweepFile, type SweepFileCell } from './sweepFile';
import { listGridCells, parseSweepGrid, shardCells, type SweepGridSpec } from './sweepGrid';

const base = { ...DEFAULT_CONFIG, model: 'population' as const, d: 5, k: 5, r: 2, steps: 50, fineTuneSteps: 5, eta: 0.05 };

function grid(input: unknown): SweepGridSpec {
  const parsed = parseSweepGrid(input, base);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.grid;
}

function runAll(spec: SweepGridSpec): SweepFileCell[] {
  return listGridCells(spec).map((cell) => {
    const config = { ...base, ...cell.values };
    return { ...cell, result: sweepCellResult(runCell(config, config.lambda, config.beta)) };
  });
}

describe('sweep grid and file', () => {
  const spec = grid({ beta: [0.01, 0.1], lambda: [0.01, 0.1, 1] });
  const cells = runAll(spec);

  it('orders cells with the last key fastest and interleaves shards', () => {
    expect(listGridCells(spec).map((c) => c.values)).toEqual([
      { beta: 0.01, lambda: 0.01 }, { beta: 0.01, lambda: 0.1 }, { beta: 0.01, lambda: 1 },
      { beta: 0.1, lambda: 0.01 }, { beta: 0.1, lambda: 0.1 }, { beta: 0.1, lambda: 1 },
    ]);
    expect(shardCells(listGridCells(spec), { index: 1, count: 4 }).map((c) => c.index)).toEqual([1, 5]);
    expect(shardCells(listGridCells(spec), null)).toHaveLength(6);
  });

  it('round-trips through JSON and merges shards into the whole file', () => {
    const whole = sweepFile(base, spec, cells);
    const parsed = parseSweepFile(JSON.parse(serializeSweepFile(whole)));
    expect(parsed.ok && parsed.file).toEqual(whole);
    const parts = [0, 1].map((index) => {
      const file = sweepFile(base, spec, shardCells(cells, { index, count: 2 }), { index: index + 1, count: 2 });
      return { name: `shard ${index + 1}`, file, grid: spec };
    });
    expect(serializeSweepFile(mergeSweepFiles(parts.reverse()))).toBe(serializeSweepFile(whole));
  });

  it('records each cell\'s kernels; a cell from before they were recorded ran on the JavaScript kernels, a malformed one is refused', () => {
    const json = JSON.parse(serializeSweepFile(sweepFile(base, spec, cells)));
    expect(json.cells[0].result.kernel).toEqual({ name: 'js', precision: 'f64', threads: 1 });
    delete json.cells[0].result.kernel;
    const older = parseSweepFile(json);
    expect(older.ok && older.file.cells[0]).toMatchObject({ result: { kernel: { name: 'js', precision: 'f64', threads: 1 } } });
    json.cells[0].result.kernel = { name: 'gpu', precision: 'f64', threads: 1 };
    const refused = parseSweepFile(json);
    expect(!refused.ok && refused.error).toMatch(/^cell 1 \(.*\): kernel must be \{ "name": "js" \| "wasm"/);
  });

  it('refuses malformed files with a message saying what is wrong', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test edits the parsed JSON freely
    type Json = any;
    const whole = JSON.parse(serializeSweepFile(sweepFile(base, spec, cells))) as Json;
    const broken = (patch: (file: Json) => void) => {
      const copy = structuredClone(whole);
      patch(copy);
      const parsed = parseSweepFile(copy);
      return parsed.ok ? 'accepted' : parsed.error;
    };
    expect(broken((f) => (f.format = 'prunelab-run'))).toMatch(/this is a run file: use Import run/);
    expect(broken((f) => (f.formatVersion = 1))).toMatch(/version 1 is not supported; this PruneLab reads version 2/);
    expect(broken((f) => (f.config.d = 0))).toMatch(/base configuration is invalid: d must be a whole number from 1/);
    expect(broken((f) => (f.grid = { lambda: [] }))).toMatch(/grid is invalid: grid key "lambda" must be a non-empty list/);
    expect(broken((f) => (f.cells[1].values.lambda = 5))).toMatch(/cell 2: its values .* are not the grid's at index 1 \(beta = 0\.01, lambda = 0\.1\)/);
    expect(broken((f) => (f.cells[2].index = 1))).toMatch(/cell 3: cell 1 appears twice/);
    expect(broken((f) => delete f.cells[0].result.kept)).toMatch(/"kept" must be a whole number/);
    expect(broken((f) => (f.cellCount = 7))).toMatch(/"cellCount" is 7 but the grid has 6 cells/);
    expect(broken((f) => (f.cells = f.cells.slice(0, 2)))).toBe('accepted');
  });
});
