import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../core/types';
import type { FrameSnapshot } from '../../worker/frameBus';
import { frameResponse, laneFrame } from '../../worker/testing';
import { historyColumns, largestNorm, sharedNormMax } from './frameData';

const entry = (step: number, loss: number, testError?: number): HistoryEntry => ({ step, loss, gradNorm: 1, testError });

function snapshotWith(norms: number[][]): FrameSnapshot {
  const lanes = norms.map((values, i) => laneFrame({ lane: i === 0 ? 'regularized' : 'unregularized', columnNorms: Float64Array.from(values), k: values.length }));
  return {
    frame: frameResponse({ epoch: 0, lanes }),
    info: null,
    history: {},
    time: 0,
  };
}

describe('historyColumns', () => {
  it('extends the cached columns as the history grows', () => {
    const history = [entry(0, 4), entry(20, 2)];
    const first = historyColumns(history, 'loss');
    expect(first).toEqual({ xs: [0, 20], ys: [4, 2] });
    history.push(entry(40, 1));
    const second = historyColumns(history, 'loss');
    expect(second).toBe(first);
    expect(second).toEqual({ xs: [0, 20, 40], ys: [4, 2, 1] });
  });

  it('turns a missing metric into NaN', () => {
    const columns = historyColumns([entry(0, 1), entry(1, 1, 0.5)], 'testError');
    expect(columns.ys[0]).toBeNaN();
    expect(columns.ys[1]).toBe(0.5);
  });
});

describe('shared column-norm scale', () => {
  it('uses the largest norm of both lanes', () => {
    const snapshot = snapshotWith([[0.1, 0.9], [2, 0.5]]);
    expect(largestNorm(snapshot)).toBe(2);
    expect(sharedNormMax(snapshot, 'linear')).toBeCloseTo(2.16);
    expect(sharedNormMax(snapshot, 'log')).toBe(10);
  });

  it('leaves the scale to the chart when every norm is zero', () => {
    expect(sharedNormMax(snapshotWith([[0, 0]]), 'log')).toBeUndefined();
  });
});
