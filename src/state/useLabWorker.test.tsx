// @vitest-environment jsdom
import { act, StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import { createLabStore, type LabStore } from './store';
import { toQuery } from './urlState';
import { DEFAULT_VIEW } from './view';
import { render, type Rendered } from '../ui/testing';
import { FakeLabWorker, ManualAnimationFrames } from '../worker/fakeLabWorker';
import { useLabWorker } from './useLabWorker';

function Host() {
  useLabWorker();
  return null;
}

let frames: ManualAnimationFrames;
let store: LabStore;
let page: Rendered | null = null;

beforeEach(() => {
  FakeLabWorker.reset();
  frames = new ManualAnimationFrames();
  vi.stubGlobal('Worker', FakeLabWorker);
  vi.stubGlobal('requestAnimationFrame', frames.request);
  vi.stubGlobal('cancelAnimationFrame', frames.cancel);
  window.history.replaceState(null, '', '/');
  store = createLabStore();
});

afterEach(() => {
  page?.unmount();
  page = null;
  vi.unstubAllGlobals();
});

const actions = () => store.getState().actions;

/** Mounts the hook and lets the worker answer `init`. */
function mount(): FakeLabWorker {
  page = render(<Host />, store);
  const worker = FakeLabWorker.created[0];
  act(() => worker.flush());
  return worker;
}

let clock = 0;
/** One animation frame of the page. */
function paint(): void {
  clock += 1000 / 60;
  act(() => frames.paint(clock));
}

describe('useLabWorker', () => {
  it('starts one module worker and initializes it with the store’s configuration', () => {
    const worker = mount();
    expect(FakeLabWorker.created).toHaveLength(1);
    expect(worker.url).toMatch(/lab\.worker/);
    expect(worker.options?.type).toBe('module');
    expect(worker.received[0]).toEqual({ type: 'init', config: DEFAULT_CONFIG, lanes: ['regularized'] });
    const { run } = store.getState();
    expect(run.status).toBe('idle');
    expect(run.info?.d).toBe(DEFAULT_CONFIG.d);
    expect(run.info?.k).toBe(DEFAULT_CONFIG.k);
  });

  it('leaves exactly one live worker when StrictMode mounts the effect twice', () => {
    page = render(
      <StrictMode>
        <Host />
      </StrictMode>,
      store,
    );
    const live = FakeLabWorker.created.filter((w) => !w.terminated);
    expect(live).toHaveLength(1);
    for (const worker of FakeLabWorker.created.filter((w) => w.terminated)) expect(worker.received.at(-1)).toEqual({ type: 'dispose' });
    act(() => live[0].flush());
    expect(store.getState().run.status).toBe('idle');
  });

  it('hands a frame to the charts and acknowledges it only inside the animation frame', () => {
    const worker = mount();
    act(() => actions().step(5));
    act(() => worker.runChunk());
    const [frame] = worker.framesPosted();
    expect(frame).toBeDefined();
    expect(store.getState().frames.getLatest()).toBeNull();
    expect(worker.received.some((c) => c.type === 'ack')).toBe(false);
    expect(frames.pending).toBe(1);

    paint();
    expect(store.getState().frames.getLatest()?.frame.frameId).toBe(frame.frameId);
    expect(worker.received.at(-1)).toEqual({ type: 'ack', frameId: frame.frameId });
    expect(store.getState().run.lanes.regularized?.step).toBe(store.getState().frames.getLatest()?.frame.lanes[0].step);
  });

  it('keeps at most one frame in flight: a tab that does not paint gets no backlog', () => {
    // A clock that stands still: the controller spaces frames by the real time a snapshot
    // takes, which a busy machine stretched past the next chunk (no second frame was sent).
    FakeLabWorker.now = () => 0;
    const worker = mount();
    act(() => actions().train());
    for (let chunk = 0; chunk < 8; chunk++) act(() => worker.runChunk());
    expect(worker.pendingChunks).toBe(1);
    expect(worker.framesPosted()).toHaveLength(1);

    paint();
    act(() => worker.runChunk());
    expect(worker.framesPosted()).toHaveLength(2);
    // The second frame already carries the steps of every chunk run while the first waited.
    const [first, second] = worker.framesPosted();
    expect(second.lanes[0].step).toBeGreaterThan(first.lanes[0].step);
  });

  it('drops a frame of the previous run that arrives after a re-init, but still acknowledges it', () => {
    const worker = mount();
    act(() => actions().step(5));
    act(() => worker.runChunk());
    const stale = worker.framesPosted()[0];
    // The structural change re-initializes while the stale frame waits for its paint.
    act(() => actions().setField('k', '20'));
    act(() => worker.flush());
    const ready = worker.posted.filter((m) => m.type === 'ready');
    expect(ready).toHaveLength(2);
    expect(stale.epoch).toBeLessThan((ready[1] as { epoch: number }).epoch);

    paint();
    expect(store.getState().frames.getLatest()).toBeNull();
    expect(worker.received).toContainEqual({ type: 'ack', frameId: stale.frameId });
    expect(store.getState().run.info?.k).toBe(20);

    act(() => actions().step(5));
    act(() => worker.runChunk());
    paint();
    const drawn = store.getState().frames.getLatest()?.frame;
    expect(drawn?.epoch).toBe((ready[1] as { epoch: number }).epoch);
    expect(drawn?.lanes[0].k).toBe(20);
  });

  it('writes the configuration and view into the URL without adding history entries', () => {
    mount();
    const entries = window.history.length;
    expect(window.location.search).toBe('');
    const config = { ...DEFAULT_CONFIG, lambda: 2 * DEFAULT_CONFIG.lambda };
    act(() => actions().setField('lambda', String(config.lambda)));
    expect(window.location.search).toBe(`?${toQuery(config)}`);
    act(() => actions().setView({ sort: 'descending' }));
    expect(window.location.search).toBe(`?${toQuery(config, { ...DEFAULT_VIEW, sort: 'descending' })}`);
    expect(window.location.search).toContain('sort=descending');
    expect(window.history.length).toBe(entries);
  });

  it('on unmount cancels the pending paint, disposes and terminates the worker and stops writing the URL', () => {
    const worker = mount();
    act(() => actions().step(5));
    act(() => worker.runChunk());
    expect(frames.pending).toBe(1);

    page?.unmount();
    page = null;
    expect(frames.pending).toBe(0);
    expect(frames.cancelled).toHaveLength(1);
    expect(worker.received.at(-1)).toEqual({ type: 'dispose' });
    expect(worker.terminated).toBe(true);

    const sent = worker.received.length;
    act(() => actions().train());
    act(() => actions().setField('lambda', String(2 * DEFAULT_CONFIG.lambda)));
    expect(store.getState().params.config.lambda).toBe(2 * DEFAULT_CONFIG.lambda);
    expect(worker.received).toHaveLength(sent);
    expect(window.location.search).toBe('');
  });

  it('shows a worker crash as the run’s error', () => {
    const worker = mount();
    act(() => worker.crash('out of memory'));
    expect(store.getState().run.error?.message).toMatch(/training worker failed: out of memory/);
  });
});
