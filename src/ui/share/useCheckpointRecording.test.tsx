// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointRing } from '../../state/checkpoints';
import type { FrameResponse } from '../../worker/labProtocol';
import { render, type Rendered } from '../testing';
import { useCheckpointRecording } from './useCheckpointRecording';
import { frameResponse, laneFrame } from '../../worker/testing';

let mounted: Rendered | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

function frame(step: number, norm: number): FrameResponse {
  return frameResponse({ frameId: step, epoch: 3, lanes: [laneFrame({ step, k: 1, columnNorms: Float64Array.of(norm), aboveTau: 1 })] });
}

function Recorder({ ring }: { ring: CheckpointRing }) {
  useCheckpointRecording(ring);
  return null;
}

describe('useCheckpointRecording', () => {
  it('records lab frames while mounted and stops when unmounted', () => {
    const ring = new CheckpointRing();
    mounted = render(<Recorder ring={ring} />);
    const frames = mounted.store.getState().frames;
    frames.publish(frame(0, 0.5), performance.now());
    frames.publish(frame(20, 0.25), performance.now());
    expect(ring.list().map((c) => [c.step, c.columnNorms[0]])).toEqual([[0, 0.5], [20, 0.25]]);
    mounted.unmount();
    mounted = null;
    frames.publish(frame(40, 0.125), performance.now());
    expect(ring.size).toBe(2);
  });
});
