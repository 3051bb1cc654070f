// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../state/checkpoints';
import { createLabStore, type LabStore } from '../../state/store';
import type { FrameResponse } from '../../worker/labProtocol';
import { frameResponse, laneFrame } from '../../worker/testing';
import { render, type Rendered } from '../testing';
import { ColumnNormsChart, ColumnNormsPanel } from './ColumnNormsPanel';

let page: Rendered | null = null;
let store: LabStore;
beforeEach(() => {
  store = createLabStore();
});
afterEach(() => {
  page?.unmount();
  page = null;
});
const show = (checkpoint: Checkpoint | null) => act(() => store.getState().actions.showCheckpoint(checkpoint));

function frame(frameId: number, norms: number[]): FrameResponse {
  return frameResponse({ frameId, epoch: 0, lanes: [laneFrame({ columnNorms: Float64Array.from(norms), k: norms.length })] });
}

const checkpoint = (norms: number[], keptIndices: number[] | null = null): Checkpoint => ({
  phase: keptIndices ? 'finetune' : 'train',
  step: 40,
  position: 40,
  columnNorms: Float64Array.from(norms),
  keptIndices: keptIndices ? Int32Array.from(keptIndices) : null,
});

/** Waits for the animation frame in which the chart redraws after a React change. */
const nextFrame = () => act(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));

/** Bars drawn: a subpath "M…Z" each, in the kept and the greyed path. */
const bars = (container: HTMLElement) =>
  Array.from(container.querySelectorAll('.pl-bars path')).reduce((count, path) => count + (path.getAttribute('d')?.match(/M/g)?.length ?? 0), 0);
const label = (container: HTMLElement) => container.querySelector('svg')?.getAttribute('aria-label') ?? '';

describe('ColumnNormsChart and the time scrubber', () => {
  it('draws the live frame, then the selected checkpoint, then live again', async () => {
    page = render(<ColumnNormsChart lane="regularized" shared={false} />, store);
    store.getState().frames.publish(frame(1, [0.9, 0.5, 0.3, 0.01]), performance.now());
    expect(bars(page.container)).toBe(4);
    const live = label(page.container);

    show(checkpoint([0.2, 0.1, 0.05, 0.02]));
    await nextFrame();
    const shown = label(page.container);
    expect(shown).not.toBe(live);
    // A frame arriving while a checkpoint is shown does not pull the chart back to live.
    store.getState().frames.publish(frame(2, [1, 0.6, 0.4, 0.02]), performance.now());
    expect(label(page.container)).toBe(shown);

    show(null);
    await nextFrame();
    expect(label(page.container)).not.toBe(shown);
  });

  it('draws only the kept columns of a fine-tuning checkpoint', async () => {
    page = render(<ColumnNormsChart lane="regularized" shared={false} />, store);
    store.getState().frames.publish(frame(1, [0.9, 0.5, 0.3, 0.01]), performance.now());
    show(checkpoint([0.8, 0.4], [0, 2]));
    await nextFrame();
    expect(bars(page.container)).toBe(2);
  });

  it('leaves the unregularized lane live (the checkpoints are the regularized lane\'s)', async () => {
    page = render(<ColumnNormsChart lane="unregularized" shared={false} />, store);
    const lanes = (norms: number[]) => laneFrame({ lane: 'unregularized', columnNorms: Float64Array.from(norms), k: norms.length });
    store.getState().frames.publish({ ...frame(1, [1, 1, 1]), lanes: [lanes([0.7, 0.6, 0.5])] }, performance.now());
    show(checkpoint([0.2]));
    await nextFrame();
    expect(bars(page.container)).toBe(3);
  });

  it('puts the time scrubber in the Column norms panel', () => {
    page = render(<ColumnNormsPanel />, store);
    const region = page.container.querySelector('section[aria-label="Column norms"]');
    expect(region?.querySelector('[role="group"][aria-label="Time scrubber"] input[type="range"][aria-label="Checkpoint"]')).not.toBeNull();
  });
});
