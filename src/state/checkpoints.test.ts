import { describe, expect, it } from 'vitest';
import type { FrameListener, FrameSnapshot } from '../worker/frameBus';
import type { FrameResponse, LaneFrame } from '../worker/labProtocol';
import { CheckpointRing, MAX_CHECKPOINT_BYTES, MAX_CHECKPOINTS, recordFrames } from './checkpoints';
import { frameResponse, laneFrame as frameLane } from '../worker/testing';

const norms = (step: number, k = 4): Float64Array => Float64Array.from({ length: k }, (_, i) => step + i / 10);
const positions = (ring: CheckpointRing): number[] => ring.list().map((c) => c.position);

describe('CheckpointRing', () => {
  it('keeps every checkpoint of a short run, as private copies', () => {
    const ring = new CheckpointRing();
    const source = norms(0);
    ring.record('train', 0, source);
    source[0] = 99;
    for (let step = 10; step <= 50; step += 10) ring.record('train', step, norms(step));
    expect(positions(ring)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(ring.list()[0].columnNorms[0]).toBe(0);
    expect(ring.byteSize).toBe(6 * 4 * 8);
  });

  it('documents its caps', () => {
    const ring = new CheckpointRing();
    expect([ring.maxCheckpoints, ring.maxBytes]).toEqual([MAX_CHECKPOINTS, MAX_CHECKPOINT_BYTES]);
    expect([MAX_CHECKPOINTS, MAX_CHECKPOINT_BYTES]).toEqual([200, 8 * 1024 * 1024]);
  });

  it('thins a long run evenly and always covers start and newest', () => {
    const ring = new CheckpointRing({ maxCheckpoints: 50 });
    for (let step = 0; step < 10_000; step++) ring.record('train', step, norms(step));
    const at = positions(ring);
    expect(ring.size).toBeLessThanOrEqual(50);
    expect(ring.size).toBeGreaterThan(25);
    expect(at[0]).toBe(0);
    expect(at[at.length - 1]).toBe(9999);
    const gaps = at.slice(1, -1).map((p, i) => p - at[i]);
    expect(new Set(gaps)).toEqual(new Set([ring.gridSpacing]));
    expect(ring.list()[ring.size - 1].columnNorms[0]).toBe(9999);
  });

  it('spreads irregular frames evenly too', () => {
    const ring = new CheckpointRing({ maxCheckpoints: 40 });
    let step = 0;
    for (let i = 0; i < 3000; i++) {
      step += 1 + ((i * 7919) % 13);
      ring.record('train', step, norms(step));
    }
    const at = positions(ring);
    const gaps = at.slice(1, -1).map((p, i) => p - at[i]);
    expect(Math.max(...gaps)).toBeLessThan(2 * ring.gridSpacing + 13);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(ring.gridSpacing);
  });

  it('never thins away the pruned state or the first fine-tuning state', () => {
    const ring = new CheckpointRing({ maxCheckpoints: 20 });
    for (let step = 0; step <= 997; step += 3) ring.record('train', step, norms(step));
    for (let step = 0; step < 2000; step += 5) ring.record('finetune', step, norms(step, 2), [1, 3]);
    const list = ring.list();
    expect(ring.size).toBeLessThanOrEqual(20);
    const lastTrain = list.filter((c) => c.phase === 'train').pop();
    const firstFine = list.find((c) => c.phase === 'finetune');
    expect(lastTrain?.step).toBe(996);
    expect(firstFine?.step).toBe(0);
    expect(firstFine?.position).toBe(997);
    expect(Array.from(firstFine?.keptIndices ?? [])).toEqual([1, 3]);
    expect(list[list.length - 1].step).toBe(1995);
    expect(list.every((c, i) => i === 0 || c.position > list[i - 1].position)).toBe(true);
  });

  it('pins the pruned state even when it fell on the grid', () => {
    const ring = new CheckpointRing({ maxCheckpoints: 10 });
    for (let step = 0; step <= 20; step++) ring.record('train', step, norms(step));
    ring.record('finetune', 0, norms(0, 2), [0, 1]);
    for (let step = 1; step < 400; step++) ring.record('finetune', step, norms(step, 2), [0, 1]);
    const list = ring.list();
    expect(list.filter((c) => c.phase === 'train').pop()?.step).toBe(20);
    expect(list.find((c) => c.phase === 'finetune')?.step).toBe(0);
    expect(list[0].step).toBe(0);
  });

  it('keeps within its byte cap for wide models', () => {
    const ring = new CheckpointRing({ maxBytes: 10 * 1000 * 8 });
    for (let step = 0; step < 500; step++) ring.record('train', step, norms(step, 1000));
    expect(ring.byteSize).toBeLessThanOrEqual(10 * 1000 * 8);
    expect(ring.size).toBeGreaterThan(4);
    expect(positions(ring)[0]).toBe(0);
  });

  it('forgets the future when a diverged run rolls back', () => {
    const ring = new CheckpointRing();
    for (let step = 0; step <= 100; step += 10) ring.record('train', step, norms(step));
    ring.record('train', 60, norms(-1));
    expect(positions(ring)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(ring.list()[6].columnNorms[0]).toBe(-1);
  });

  it('finds the checkpoint at or before a position', () => {
    const ring = new CheckpointRing();
    expect(ring.nearest(5)).toBeNull();
    for (const step of [0, 10, 20]) ring.record('train', step, norms(step));
    expect(ring.nearest(15)?.step).toBe(10);
    expect(ring.nearest(20)?.step).toBe(20);
    expect(ring.nearest(-3)?.step).toBe(0);
  });

  it('tells subscribers about every change and clears', () => {
    const ring = new CheckpointRing();
    let calls = 0;
    const stop = ring.subscribe(() => calls++);
    const before = ring.getVersion();
    ring.record('train', 0, norms(0));
    ring.clear();
    expect(calls).toBe(2);
    expect(ring.getVersion()).toBe(before + 2);
    expect([ring.size, ring.byteSize, ring.gridSpacing]).toEqual([0, 0, 1]);
    stop();
    ring.record('train', 0, norms(0));
    expect(calls).toBe(2);
  });
});

function laneFrame(lane: LaneFrame['lane'], step: number, value: number): LaneFrame {
  return frameLane({ lane, step, k: 2, columnNorms: Float64Array.of(value, value), aboveTau: 2 });
}

function snapshot(epoch: number, lanes: LaneFrame[]): FrameSnapshot {
  const frame: FrameResponse = { ...frameResponse({ frameId: 0, epoch, lanes }) };
  return { frame, info: null, history: {}, time: 0 };
}

describe('recordFrames', () => {
  it('records the chosen lane and starts over on a new epoch', () => {
    let listener: FrameListener | null = null;
    let unsubscribed = false;
    const subscribe = (l: FrameListener) => {
      listener = l;
      return () => {
        unsubscribed = true;
      };
    };
    const ring = new CheckpointRing();
    const stop = recordFrames(ring, subscribe, 'unregularized');
    const send = (s: FrameSnapshot) => (listener as unknown as FrameListener)(s);
    send(snapshot(1, [laneFrame('regularized', 0, 1), laneFrame('unregularized', 0, 2)]));
    send(snapshot(1, [laneFrame('regularized', 5, 1), laneFrame('unregularized', 5, 3)]));
    expect(ring.list().map((c) => c.columnNorms[0])).toEqual([2, 3]);
    send(snapshot(2, [laneFrame('unregularized', 0, 7)]));
    expect(ring.list().map((c) => c.columnNorms[0])).toEqual([7]);
    stop();
    expect(unsubscribed).toBe(true);
  });
});
