// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { act, Profiler } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import { createLabStore, SUMMARY_INTERVAL_MS, type LabStore } from '../state/store';
import { DEFAULT_VIEW } from '../state/view';
import { FakeLabWorker, ManualAnimationFrames } from '../worker/fakeLabWorker';
import { App } from './App';
import { button, click, settleUntil } from './share/testing';
import { render, type Rendered } from './testing';

let store: LabStore;
beforeEach(() => {
  store = createLabStore();
});

let frames: ManualAnimationFrames;
let page: Rendered | null = null;
let commits = 0;

beforeEach(() => {
  FakeLabWorker.reset();
  frames = new ManualAnimationFrames();
  vi.stubGlobal('Worker', FakeLabWorker);
  vi.stubGlobal('requestAnimationFrame', frames.request);
  vi.stubGlobal('cancelAnimationFrame', frames.cancel);
  // jsdom has no 2D canvas (it would log "not implemented"); the heatmap skips drawing without one.
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  window.history.replaceState(null, '', '/');
  commits = 0;
});

afterEach(() => {
  page?.unmount();
  page = null;
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** Renders the page, counting React commits, and lets the lab worker answer `init`. */
function renderApp(): { container: HTMLElement; worker: FakeLabWorker } {
  page = render(
    <Profiler id="app" onRender={() => (commits += 1)}>
      <App />
    </Profiler>,
    store,
  );
  const worker = FakeLabWorker.created[0];
  act(() => worker.flush());
  return { container: page.container, worker };
}

const region = (container: HTMLElement, name: string): HTMLElement | null => container.querySelector(`[aria-label="${name}"]:is(section, article, aside)`);

function tab(container: HTMLElement, name: string): HTMLElement {
  const found = Array.from(container.querySelectorAll<HTMLElement>('[role="tab"]')).find((t) => t.textContent?.trim() === name);
  if (!found) throw new Error(`no tab named ${name}`);
  return found;
}

describe('App: what the first paint loads', () => {
  it('shows the lab’s controls and charts at once, and the sweep tools only once the Sweep tab is opened', async () => {
    const { container } = renderApp();
    for (const name of ['Train', 'Step', 'Reset', 'Prune', 'Fine-tune']) expect(button(container, name)).toBeDefined();
    for (const name of ['Run controls', 'Column norms', 'Fine-tuning loss', 'Training curves', 'Share and save', 'Parameters']) {
      expect(region(container, name), name).not.toBeNull();
    }
    const sweepPanel = container.querySelector<HTMLElement>('#pl-tabpanel-sweep');
    expect(sweepPanel?.hidden).toBe(true);
    expect(sweepPanel?.childElementCount).toBe(0);

    await click(tab(container, 'Sweep'));
    expect(sweepPanel?.hidden).toBe(false);
    await settleUntil(() => region(container, 'Phase diagram') !== null && region(container, 'λ sweep') !== null, 'the sweep tools to load');
    expect(sweepPanel?.querySelector('[role="status"].pl-loading')).toBeNull();

    // Back on the lab, the sweep tools stay mounted so a running sweep keeps going.
    await click(tab(container, 'Lab'));
    expect(sweepPanel?.hidden).toBe(true);
    expect(region(container, 'Phase diagram')).not.toBeNull();
  });

  it('holds the explanation’s place with the same labelled region until its chunk arrives', async () => {
    // A fresh module graph, so the lazy chunk is not already resolved by an earlier test.
    vi.resetModules();
    const { App: FreshApp } = await import('./App');
    // …whose store module is fresh too, with a context of its own.
    const fresh = await import('../state/store');
    page = render(
      <fresh.LabStoreProvider store={fresh.createLabStore()}>
        <FreshApp />
      </fresh.LabStoreProvider>,
    );
    const { container } = page;
    const placeholder = region(container, 'Explanation');
    expect(placeholder?.getAttribute('aria-busy')).toBe('true');
    expect(placeholder?.querySelector('[role="status"]')?.textContent).toMatch(/Loading the explanation/);
    await settleUntil(() => container.querySelector('article.pl-explain .katex') !== null, 'the explanation to load');
    expect(region(container, 'Explanation')?.hasAttribute('aria-busy')).toBe(false);
  });

  it('renders no explanation at all with ?hide=explanations', () => {
    store.setState({ view: { ...DEFAULT_VIEW, hidden: ['explanations'] } });
    const { container } = renderApp();
    expect(region(container, 'Explanation')).toBeNull();
    expect(container.querySelector('.pl-explain')).toBeNull();
    act(() => store.getState().actions.setView({ hidden: [] }));
    expect(region(container, 'Explanation')).not.toBeNull();
  });
});

describe('App: main-thread work while training', () => {
  it('draws every frame through the frame bus while React commits only at the summary rate', async () => {
    // The worker trains on the real clock: give it a budget no machine finishes within the test.
    store.getState().actions.setField('steps', String(100 * DEFAULT_CONFIG.steps));
    const { container, worker } = renderApp();
    // Let the explanation arrive first so its load is not counted as a training commit.
    await settleUntil(() => container.querySelector('article.pl-explain .katex') !== null, 'the explanation to load');
    let drawn = 0;
    const unsubscribe = store.getState().frames.subscribe(() => (drawn += 1));

    const frameMs = 1000 / 60;
    let time = 0;
    const animate = (): void => {
      act(() => worker.runChunk());
      time += frameMs;
      act(() => frames.paint(time));
    };
    await click(button(container, 'Train'));
    // The page follows the worker's frames: the button turns into Pause with the first
    // running frame, which waits for the ack of the idle frame sent after init.
    const pause = () => Array.from(container.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Pause');
    for (let i = 0; i < 3 && !pause(); i++) animate();
    expect(pause()).toBeDefined();
    const commitsBefore = commits;
    const postedBefore = worker.framesPosted().length;
    drawn = 0;
    const paints = 120;
    for (let i = 0; i < paints; i++) animate();
    unsubscribe();
    const trainingCommits = commits - commitsBefore;
    const posted = worker.framesPosted().length - postedBefore;

    // Every frame the worker sent was drawn (give or take the one in flight at either end of
    // the window). How many it sent depends on the machine's speed: the controller spaces
    // frames by the real time their snapshots take, so a busy machine sends fewer.
    expect(posted).toBeGreaterThan(0);
    expect(Math.abs(drawn - posted)).toBeLessThanOrEqual(1);
    expect(store.getState().run.status).toBe('running');
    expect(store.getState().frames.getLatest()?.frame.lanes[0].step).toBeGreaterThan(0);
    // …while React took the throttled summaries only: one per SUMMARY_INTERVAL_MS of frame
    // time (React may split one summary's updates into a second commit).
    const summaries = Math.ceil((paints * frameMs) / SUMMARY_INTERVAL_MS);
    expect(trainingCommits).toBeGreaterThan(0);
    expect(trainingCommits).toBeLessThanOrEqual(2 * summaries);
    expect(trainingCommits).toBeLessThan(paints / 4);
  });
});
