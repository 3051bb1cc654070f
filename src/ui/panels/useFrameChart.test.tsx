// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { FrameSnapshot } from '../../worker/frameBus';
import type { FrameResponse } from '../../worker/labProtocol';
import { frameResponse, laneFrame } from '../../worker/testing';
import { render, type Rendered } from '../testing';
import type { Renderer } from '../useChart';
import { useFrameChart } from './useFrameChart';

let page: Rendered | null = null;
afterEach(() => {
  page?.unmount();
});

function frame(frameId: number, norms: number[]): FrameResponse {
  return frameResponse({ frameId, epoch: 0, lanes: [laneFrame({ columnNorms: Float64Array.from(norms), k: norms.length })] });
}

const normsOf = (snapshot: FrameSnapshot | null) => (snapshot ? Array.from(snapshot.frame.lanes[0].columnNorms) : null);

describe('useFrameChart', () => {
  it('mounts the renderer once and draws every published frame without re-rendering React', () => {
    const drawn: number[][] = [];
    let created = 0;
    let destroyed = 0;
    let renders = 0;
    function Probe() {
      renders += 1;
      const hostRef = useFrameChart<number[]>(
        (): Renderer<number[]> => {
          created += 1;
          return { update: (data) => drawn.push(data), destroy: () => (destroyed += 1) };
        },
        normsOf,
      );
      return <div ref={hostRef} />;
    }
    page = render(<Probe />);
    const frames = page.store.getState().frames;
    const rendersAfterMount = renders;
    frames.publish(frame(1, [1, 2]), performance.now());
    frames.publish(frame(2, [3, 4]), performance.now());
    expect(drawn).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(renders).toBe(rendersAfterMount);
    expect(created).toBe(1);
    page.unmount();
    page = null;
    expect(destroyed).toBe(1);
    frames.publish(frame(3, [5]), performance.now());
    expect(drawn).toHaveLength(2);
  });
});
