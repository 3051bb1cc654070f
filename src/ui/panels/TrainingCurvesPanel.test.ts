import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../core/config';
import type { HistoryEntry } from '../../core/types';
import type { FrameSnapshot } from '../../worker/frameBus';
import { frameResponse } from '../../worker/testing';
import { COLORS } from '../../charts/theme';
import { eventMark, trainingCaption, trainingSeries } from './TrainingCurvesPanel';

function snapshotOf(train: HistoryEntry[]): FrameSnapshot {
  return {
    frame: frameResponse({ epoch: 0, lanes: [] }),
    info: null,
    history: { regularized: { train, finetune: [], events: [] } },
    time: 0,
  };
}

describe('trainingSeries', () => {
  it('draws the held-out loss when the history records it', () => {
    const train = [
      { step: 0, loss: 2, objective: 2.1, testError: 1.2, gradNorm: 1, heldOutLoss: 1.5 },
      { step: 20, loss: 1, objective: 1.1, testError: 0.9, gradNorm: 1, heldOutLoss: 0.8 },
    ];
    const series = trainingSeries(snapshotOf(train), false, DEFAULT_CONFIG);
    expect(series.map((s) => s.label)).toEqual(['loss L', 'objective f', 'test error', 'held-out loss']);
    expect(Array.from(series[3].y!)).toEqual([1.5, 0.8]);
  });

  it('leaves it out for a model without a held-out set (population)', () => {
    const series = trainingSeries(snapshotOf([{ step: 0, loss: 2, objective: 2.1, testError: 1.4, gradNorm: 1 }]), false, DEFAULT_CONFIG);
    expect(series.map((s) => s.id)).toEqual(['loss', 'objective', 'testError']);
  });

  it('captions exactly the series drawn', () => {
    const train = [{ step: 0, loss: 2, objective: 2.1, testError: 1.4, gradNorm: 1 }];
    expect(trainingCaption(trainingSeries(snapshotOf(train), false, DEFAULT_CONFIG), false, DEFAULT_CONFIG)).toBe(
      'Phase 1 on a log scale: the loss L, the penalized objective f = L + λ Σ ψᵦ and the test error ‖UUᵀ − M*‖ (Frobenius norm). Hover for values.',
    );
    const config = { ...DEFAULT_CONFIG, lambda: 0.05 };
    const series = trainingSeries(snapshotOf(train), true, config);
    expect(series.map((s) => s.label)).toEqual(['loss (λ = 0.05)', 'test error (λ = 0.05)', 'loss (λ = 0)', 'test error (λ = 0)']);
    const compared = trainingCaption(series, true, config);
    expect(compared).not.toContain('objective');
    expect(compared).toBe(
      'Phase 1 on a log scale: the loss L (solid) and the test error ‖UUᵀ − M*‖ (Frobenius norm, dashed) of both runs (blue: regularized (λ = 0.05); orange: unregularized (λ = 0)). Hover for values.',
    );
  });
});

describe('eventMark', () => {
  it('marks a crossing by its column and direction, and the first exact r in the threshold colour', () => {
    expect(eventMark({ kind: 'crossed', column: 7, direction: 'down', step: 1830 })).toEqual({ x: 1830, label: '7↓' });
    expect(eventMark({ kind: 'crossed', column: 2, direction: 'up', step: 40 })).toEqual({ x: 40, label: '2↑' });
    expect(eventMark({ kind: 'reachedRank', r: 3, step: 2314 })).toEqual({ x: 2314, label: 'r', color: COLORS.threshold });
  });
});
