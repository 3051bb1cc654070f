// What the lab draws for an imported sweep file, decided by the keys its grid varies: the
// scaling view when n varies, the phase diagram when λ and β vary, the λ sweep when λ
// varies, else a table. Other varying keys are held at their first value (seeds excepted in
// the scaling view, which fits one slope per seed), and the note says so.
import type { ConfigKey, RunConfig } from './config';
import { type ScalingPoint } from './scaling';
import { cellResultOf, type SweepCellResult, type SweepFile } from './sweepFile';
import { varyingKeys, type SweepGridSpec } from './sweepGrid';
import { finiteSampleErrorScale } from './theory';
import type { CellResult } from './sweep';
import { sigmaStarOf } from './config';

export type SweepViewKind = 'scaling' | 'phase' | 'lambda' | 'table';

export interface SweepView {
  kind: SweepViewKind;
  /** The keys the grid varies. */
  varying: ConfigKey[];
  /** "seed held at 1" and the like, or null when every varying key is drawn. */
  note: string | null;
  /** Cells with a result that the view draws, with the configuration each ran. */
  cells: { index: number; config: RunConfig; result: CellResult; raw: SweepCellResult }[];
  /** Failed cells: their values and message. */
  errors: { index: number; values: Partial<RunConfig>; error: string }[];
}

function kindOf(varying: readonly ConfigKey[]): SweepViewKind {
  if (varying.includes('n')) return 'scaling';
  if (varying.includes('lambda') && varying.includes('beta')) return 'phase';
  if (varying.includes('lambda')) return 'lambda';
  return 'table';
}

/** The keys a view draws along its axes (the others are held at their first value). */
const DRAWN: Record<SweepViewKind, readonly ConfigKey[]> = {
  scaling: ['n', 'seed'],
  phase: ['lambda', 'beta'],
  lambda: ['lambda'],
  table: [],
};

export function sweepView(file: SweepFile, grid: SweepGridSpec): SweepView {
  const varying = varyingKeys(grid);
  const kind = kindOf(varying);
  const held = kind === 'table' ? [] : varying.filter((key) => !DRAWN[kind].includes(key));
  const first = (key: ConfigKey) => (grid.values[key] as unknown[])[0];
  const shown = file.cells.filter((cell) => held.every((key) => JSON.stringify(cell.values[key]) === JSON.stringify(first(key))));
  const note = held.length ? `${held.map((key) => `${key} held at ${JSON.stringify(first(key))}`).join(', ')} (the file varies ${held.join(', ')} too)` : null;
  const cells: SweepView['cells'] = [];
  const errors: SweepView['errors'] = [];
  for (const cell of shown) {
    if ('error' in cell) {
      errors.push({ index: cell.index, values: cell.values, error: cell.error });
      continue;
    }
    const config = { ...file.config, ...cell.values };
    cells.push({ index: cell.index, config, result: cellResultOf(cell, file.config), raw: cell.result });
  }
  return { kind, varying, note, cells, errors };
}

/** The cells of a scaling view as the experiment's points (only the penalized, pruned and fine-tuned series is in a sweep). */
export function scalingPointsOf(view: SweepView): ScalingPoint[] {
  return view.cells.map(({ config, raw }) => ({
    n: config.n,
    seed: config.seed,
    kept: raw.kept,
    exactRank: raw.kept === config.r,
    testError: raw.testError,
    unregularizedKept: null,
    unregularizedTestError: null,
    unprunedTestError: null,
    reference: finiteSampleErrorScale(config.noise, config.r, config.d, config.n),
    kernel: raw.kernel,
  }));
}

/** σ* of the file's base configuration (the phase diagram's boundaries). */
export function sweepSigmaStar(file: SweepFile): number[] {
  return Array.from(sigmaStarOf(file.config));
}
