// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CheckpointRing, type Checkpoint } from '../../state/checkpoints';
import { createLabStore, useLabStore } from '../../state/store';
import { render, typeInto, type Rendered } from '../testing';
import { SCRUBBER_REFRESH_MS, TimeScrubber } from './TimeScrubber';
import { button, click } from './testing';

let mounted: Rendered | null = null;
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  vi.useRealTimers();
});

const slider = (container: HTMLElement) => container.querySelector('input[type="range"]') as HTMLInputElement;
const readout = (container: HTMLElement) => (container.querySelector('.pl-status') as HTMLElement).textContent;
const tick = () => act(() => vi.advanceTimersByTime(SCRUBBER_REFRESH_MS));

function recordTrain(ring: CheckpointRing, steps: number[]): void {
  for (const step of steps) ring.record('train', step, [step, step / 2]);
}

describe('TimeScrubber', () => {
  it('is a disabled "Checkpoint" slider until checkpoints exist', () => {
    mounted = render(<TimeScrubber ring={new CheckpointRing()} onSelect={() => undefined} />);
    const input = slider(mounted.container);
    expect(input.getAttribute('aria-label')).toBe('Checkpoint');
    expect(input.disabled).toBe(true);
    expect(readout(mounted.container)).toBe('No checkpoints recorded yet.');
    expect(document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent).toBe('No checkpoints recorded yet.');
  });

  it('follows the run live, re-reading the ring at most every refresh interval', () => {
    const ring = new CheckpointRing();
    mounted = render(<TimeScrubber ring={ring} onSelect={() => undefined} />);
    recordTrain(ring, [0, 10, 20, 30, 40]);
    expect(readout(mounted.container)).toBe('No checkpoints recorded yet.');
    tick();
    const input = slider(mounted.container);
    expect([input.max, input.value, input.disabled]).toEqual(['4', '4', false]);
    expect(input.getAttribute('aria-valuetext')).toBe('Phase 1 (training), step 40');
    expect(readout(mounted.container)).toBe('Live (5 checkpoints recorded)');
    expect(button(mounted.container, 'Live').getAttribute('aria-pressed')).toBe('true');
  });

  it('counts one checkpoint in the singular', () => {
    const ring = new CheckpointRing();
    mounted = render(<TimeScrubber ring={ring} onSelect={() => undefined} />);
    recordTrain(ring, [0]);
    tick();
    expect(readout(mounted.container)).toBe('Live (1 checkpoint recorded)');
  });

  it('selects a recorded checkpoint, holds it while the run goes on, and returns to live', async () => {
    const ring = new CheckpointRing();
    recordTrain(ring, [0, 10, 20, 30, 40]);
    const selections: (Checkpoint | null)[] = [];
    mounted = render(<TimeScrubber ring={ring} onSelect={(c) => selections.push(c)} />);
    typeInto(slider(mounted.container), '1');
    expect(selections).toHaveLength(1);
    expect(selections[0]?.step).toBe(10);
    expect(Array.from(selections[0]?.columnNorms ?? [])).toEqual([10, 5]);
    expect(readout(mounted.container)).toBe('Showing Phase 1 (training), step 10 — checkpoint 2 of 5');
    expect(button(mounted.container, 'Live').getAttribute('aria-pressed')).toBe('false');

    ring.record('train', 50, [50, 25]);
    tick();
    expect(slider(mounted.container).value).toBe('1');
    expect(readout(mounted.container)).toBe('Showing Phase 1 (training), step 10 — checkpoint 2 of 6');

    await click(button(mounted.container, 'Live'));
    expect(selections[1]).toBeNull();
    expect(slider(mounted.container).value).toBe('5');
  });

  it('names fine-tuning checkpoints', () => {
    const ring = new CheckpointRing();
    recordTrain(ring, [0, 10]);
    ring.record('finetune', 0, [9], [1]);
    ring.record('finetune', 1200, [8], [1]);
    const selections: (Checkpoint | null)[] = [];
    mounted = render(<TimeScrubber ring={ring} onSelect={(c) => selections.push(c)} />);
    typeInto(slider(mounted.container), '2');
    expect(selections[0]?.phase).toBe('finetune');
    expect(Array.from(selections[0]?.keptIndices ?? [])).toEqual([1]);
    expect(slider(mounted.container).getAttribute('aria-valuetext')).toBe('Fine-tuning, step 0');
    expect(readout(mounted.container)).toBe('Showing Fine-tuning, step 0 — checkpoint 3 of 4');
  });

  it('goes back to live when a new run clears the checkpoints', () => {
    const ring = new CheckpointRing();
    recordTrain(ring, [0, 10, 20]);
    const selections: (Checkpoint | null)[] = [];
    mounted = render(<TimeScrubber ring={ring} onSelect={(c) => selections.push(c)} />);
    typeInto(slider(mounted.container), '0');
    ring.clear();
    tick();
    expect(selections.map((c) => c?.step ?? null)).toEqual([0, null]);
    expect(readout(mounted.container)).toBe('No checkpoints recorded yet.');
  });

  it('shows the chosen checkpoint through the lab store by default, where the charts read it', async () => {
    const shown: (number | null)[] = [];
    function NormsReader() {
      const checkpoint = useLabStore((s) => s.timeline.shown);
      shown.push(checkpoint ? checkpoint.columnNorms[0] : null);
      return null;
    }
    const store = createLabStore();
    recordTrain(store.getState().timeline.checkpoints, [0, 10, 20]);
    mounted = render(
      <>
        <TimeScrubber />
        <NormsReader />
      </>,
      store,
    );
    typeInto(slider(mounted.container), '1');
    expect(store.getState().timeline.shown?.step).toBe(10);
    await click(button(mounted.container, 'Live'));
    expect(store.getState().timeline.shown).toBeNull();
    expect(shown).toEqual([null, 10, null]);
  });
});
