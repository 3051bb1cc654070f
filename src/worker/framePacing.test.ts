import { describe, expect, it } from 'vitest';
import { CHUNK_TARGET_MS, ChunkPacer } from './chunkPacer';
import { FramePacing } from './framePacing';

/** A pacer that measured `laneStepMs` per step of a lane, and pacing for `lanes` lanes. */
function pacing(laneStepMs: number, lanes = 2) {
  let clock = 0;
  const pacer = new ChunkPacer(() => clock);
  pacer.startRate();
  clock += laneStepMs * lanes;
  pacer.measure(1, lanes, laneStepMs * lanes);
  return new FramePacing(pacer, () => lanes);
}

describe('FramePacing', () => {
  it('observes only where measuring every lane again would take about a chunk', () => {
    expect(pacing(CHUNK_TARGET_MS / 2).measuringIsCostly()).toBe(true);
    expect(pacing(CHUNK_TARGET_MS / 2 - 0.01).measuringIsCostly()).toBe(false);
    expect(pacing(CHUNK_TARGET_MS, 1).measuringIsCostly()).toBe(true);
    const cheap = pacing(0.1);
    expect(cheap.observeChunk(0, false)).toBe(false);
    expect(cheap.awaitObservation(true)).toBe(false);
  });

  it('counts an observed lane as a step when it spaces frames, and asks the next chunk to observe for a frame that waited', () => {
    const costly = pacing(20);
    expect(costly.observeChunk(0, false)).toBe(true);
    expect(costly.observeChunk(0, true)).toBe(false);
    // Built in 1 ms with two observations: 41 ms of cost, so the next frame after 410 ms.
    costly.sent(100, 101, 2);
    expect(costly.spacedOut(101 + 409)).toBe(true);
    expect(costly.spacedOut(101 + 410)).toBe(false);
    expect(costly.observeChunk(200, false)).toBe(false);
    expect(costly.awaitObservation(false)).toBe(false);
    expect(costly.awaitObservation(true)).toBe(true);
    expect(costly.observeChunk(200, true)).toBe(true);
    expect(costly.observeChunk(200, true)).toBe(false);
  });
});
