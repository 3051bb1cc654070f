import { toCsv } from '../csv';
import type { HistoryEntry, Phase } from '../types';
import { HISTORY_NUMBER_FIELDS } from './schema';

export const HISTORY_CSV_COLUMNS = ['phase', 'step', ...HISTORY_NUMBER_FIELDS] as const;

/**
 * Both phases' histories as one CSV table with a header row; a column a phase does not
 * record (e.g. the objective while fine-tuning) is left empty. Numbers are written with
 * every digit JavaScript needs to read them back exactly.
 */
export function historyToCsv(history: Partial<Record<Phase, readonly HistoryEntry[]>>): string {
  const rows: (string | number | undefined)[][] = [[...HISTORY_CSV_COLUMNS]];
  for (const phase of ['train', 'finetune'] as const) {
    for (const entry of history[phase] ?? []) {
      rows.push([phase, entry.step, ...HISTORY_NUMBER_FIELDS.map((key) => entry[key])]);
    }
  }
  return toCsv(rows);
}
