// Small pure helpers that turn a frame snapshot into chart inputs.
import type { FrameSnapshot, LaneHistory } from '../../worker/frameBus';
import type { HistoryEntry } from '../../core/types';
import type { LaneFrame, LaneId } from '../../worker/labProtocol';

export function laneFrame(snapshot: FrameSnapshot, lane: LaneId): LaneFrame | undefined {
  return snapshot.frame.lanes.find((l) => l.lane === lane);
}

export function laneHistory(snapshot: FrameSnapshot, lane: LaneId): LaneHistory | undefined {
  return snapshot.history[lane];
}

/** Largest column norm over every lane of the frame. */
export function largestNorm(snapshot: FrameSnapshot): number {
  let max = 0;
  for (const lane of snapshot.frame.lanes) {
    for (let i = 0; i < lane.columnNorms.length; i++) if (lane.columnNorms[i] > max) max = lane.columnNorms[i];
  }
  return max;
}

/**
 * A common top for side-by-side column-norm axes: 8% headroom on a linear axis, the next
 * power of ten on a log axis (the chart's own rules for a single lane).
 */
export function sharedNormMax(snapshot: FrameSnapshot, scale: 'linear' | 'log'): number | undefined {
  const max = largestNorm(snapshot);
  if (!(max > 0)) return undefined;
  return scale === 'linear' ? max * 1.08 : 10 ** Math.ceil(Math.log10(max) + 1e-9);
}

type NumericKey = Exclude<keyof HistoryEntry, 'step'>;

interface Columns {
  xs: number[];
  ys: number[];
}

const columnCache = new WeakMap<HistoryEntry[], Partial<Record<NumericKey, Columns>>>();

/**
 * Steps and one metric of a history as parallel arrays. Histories only grow within an
 * epoch, so the columns are cached per history array and extended with the new entries
 * instead of being rebuilt every frame. Missing values become NaN (the charts skip them).
 */
export function historyColumns(entries: HistoryEntry[], key: NumericKey): Columns {
  let perKey = columnCache.get(entries);
  if (!perKey) {
    perKey = {};
    columnCache.set(entries, perKey);
  }
  let columns = perKey[key];
  if (!columns) {
    columns = { xs: [], ys: [] };
    perKey[key] = columns;
  }
  for (let i = columns.xs.length; i < entries.length; i++) {
    columns.xs.push(entries[i].step);
    columns.ys.push(entries[i][key] ?? NaN);
  }
  return columns;
}
