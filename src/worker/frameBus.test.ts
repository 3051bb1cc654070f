import { describe, expect, it } from 'vitest';
import { FrameBus } from './frameBus';
import type { FrameSnapshot } from './frameBus';
import type { FrameResponse } from './labProtocol';
import { AFTER_EVERY_REQUEST, laneFrame, sampleRunInfo } from './testing';

const frame = (frameId: number, epoch: number, trainSteps: number[], finetuneSteps: number[] = []): FrameResponse => ({
  type: 'frame',
  frameId,
  epoch,
  handled: AFTER_EVERY_REQUEST,
  status: 'running',
  stepsPerSecond: 0,
  lanes: (['regularized', 'unregularized'] as const).map((lane) =>
    laneFrame({
      lane,
      phase: finetuneSteps.length ? 'finetune' : 'train',
      step: 0,
      newHistory: {
        train: trainSteps.map((step) => ({ step, loss: 1, gradNorm: 0 })),
        finetune: finetuneSteps.map((step) => ({ step, loss: 1, gradNorm: 0 })),
      },
    }),
  ),
});

describe('FrameBus', () => {
  it('notifies subscribers until they unsubscribe and keeps the latest snapshot', () => {
    const bus = new FrameBus();
    const seen: FrameSnapshot[] = [];
    const unsubscribe = bus.subscribe((s) => seen.push(s));
    expect(bus.getLatest()).toBeNull();
    bus.publish(frame(1, 1, [0]), performance.now());
    unsubscribe();
    bus.publish(frame(2, 1, [10]), performance.now());
    expect(seen.map((s) => s.frame.frameId)).toEqual([1]);
    expect(bus.getLatest()?.frame.frameId).toBe(2);
  });

  it('keeps each lane and phase history separately', () => {
    const bus = new FrameBus();
    bus.publish(frame(1, 1, [0, 10]), performance.now());
    bus.publish(frame(2, 1, [20], [0]), performance.now());
    const { history } = bus.getLatest() as FrameSnapshot;
    for (const lane of ['regularized', 'unregularized'] as const) {
      expect(history[lane]?.train.map((e) => e.step)).toEqual([0, 10, 20]);
      expect(history[lane]?.finetune.map((e) => e.step)).toEqual([0]);
    }
  });

  it('forgets the previous run when new run info arrives', () => {
    const bus = new FrameBus();
    bus.publish(frame(1, 1, [0, 10]), performance.now());
    const info = sampleRunInfo({ d: 2 });
    bus.setInfo(info);
    expect(bus.getLatest()).toBeNull();
    bus.publish(frame(2, 1, [20]), performance.now());
    const latest = bus.getLatest() as FrameSnapshot;
    expect(latest.info).toBe(info);
    expect(latest.history.regularized?.train.map((e) => e.step)).toEqual([20]);
  });
});
