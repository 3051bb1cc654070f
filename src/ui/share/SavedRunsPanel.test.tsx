// @vitest-environment jsdom
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../../core/config';
import { runPipeline } from '../../core/run';
import { runFileFromResult } from '../../core/runFile';
import { createSavedRuns, summarizeRun, type OpenedRun, type SavedRuns } from '../../state/savedRuns';
import { render, typeInto, type Rendered } from '../testing';
import { SavedRunsPanel } from './SavedRunsPanel';
import { button, byRole, click, settleUntil } from './testing';

const config: RunConfig = { ...DEFAULT_CONFIG, d: 3, k: 4, r: 1, n: 30, steps: 30, fineTuneSteps: 10, checkpointEvery: 10 };
const run = runFileFromResult(runPipeline(config));

let mounted: Rendered | null = null;
const stores: SavedRuns[] = [];
function storeOn(factory: IDBFactory | undefined): SavedRuns {
  const store = createSavedRuns(factory);
  stores.push(store);
  return store;
}

afterEach(() => {
  mounted?.unmount();
  mounted = null;
  for (const store of stores.splice(0)) store.close();
  vi.restoreAllMocks();
});

async function show(store: SavedRuns, onOpen: (opened: OpenedRun) => void = () => undefined): Promise<HTMLElement> {
  mounted = render(<SavedRunsPanel store={store} getRunFile={() => run} onOpen={onOpen} />);
  const { container } = mounted;
  await settleUntil(() => !container.textContent?.includes('Loading saved runs…'), 'the saved runs list');
  return container;
}

const nameField = (container: HTMLElement) => container.querySelector('input') as HTMLInputElement;
const statusText = (container: HTMLElement) => byRole(container, 'status')[0].textContent;
const alertText = (container: HTMLElement) => byRole(container, 'alert').map((a) => a.textContent);
const listed = (container: HTMLElement) => Array.from(container.querySelectorAll('li strong'), (s) => s.textContent);

async function save(container: HTMLElement, name: string): Promise<void> {
  typeInto(nameField(container), name);
  await click(button(container, 'Save run'));
  await settleUntil(() => !button(container, 'Save run').disabled, 'the save to finish');
}

describe('SavedRunsPanel', () => {
  it('saves named runs and lists them with their summary, newest first', async () => {
    const container = await show(storeOn(new IDBFactory()));
    expect(container.querySelector('section')?.getAttribute('aria-label')).toBe('Saved runs');
    expect(container.textContent).toContain('No saved runs yet.');
    await save(container, 'first try');
    await save(container, 'second try');
    expect(statusText(container)).toBe('Saved "second try".');
    expect(listed(container)).toEqual(['second try', 'first try']);
    expect(container.querySelector('.pl-saved-summary')?.textContent).toBe(summarizeRun(run));
    expect(container.querySelector('time')?.getAttribute('dateTime')).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('opens a saved run exactly as it was saved', async () => {
    const store = storeOn(new IDBFactory());
    await store.save('classroom', run);
    const opened: OpenedRun[] = [];
    const container = await show(store, (o) => opened.push(o));
    await click(button(container, 'Open classroom'));
    await settleUntil(() => opened.length > 0, 'the run to open');
    expect(opened).toHaveLength(1);
    expect(Array.from(opened[0].run.phase1.U)).toEqual(Array.from(run.phase1.U));
    expect(opened[0].replayConfig).toEqual(run.config);
    expect(statusText(container)).toBe('Opened "classroom".');
  });

  it('deletes only after a confirmation, and Cancel keeps the run', async () => {
    const store = storeOn(new IDBFactory());
    await store.save('keep me', run);
    await store.save('drop me', run);
    const container = await show(store);
    await click(button(container, 'Delete keep me'));
    await click(button(container, 'Keep keep me'));
    expect(listed(container)).toEqual(['drop me', 'keep me']);
    await click(button(container, 'Delete drop me'));
    expect(byRole(container, 'group')[0].getAttribute('aria-label')).toBe('Delete drop me?');
    await click(button(container, 'Confirm delete drop me'));
    await settleUntil(() => listed(container).length === 1, 'the deletion');
    expect(listed(container)).toEqual(['keep me']);
    expect(statusText(container)).toBe('Deleted "drop me".');
    expect((await store.list()).map((r) => r.name)).toEqual(['keep me']);
  });

  it('shows runs saved before a reload', async () => {
    const factory = new IDBFactory();
    const before = await show(storeOn(factory));
    await save(before, 'survivor');
    mounted?.unmount();
    const after = await show(storeOn(factory));
    expect(listed(after)).toEqual(['survivor']);
  });

  it('says so when storage is unavailable, on opening and on saving', async () => {
    const container = await show(storeOn(undefined));
    expect(alertText(container)[0]).toMatch(/^Saved runs are unavailable: this browser offers no IndexedDB storage/);
    await save(container, 'lost?');
    expect(alertText(container)[0]).toMatch(/^Saved runs are unavailable/);
    expect(statusText(container)).toBe('');
  });

  it('reports a full quota and keeps the list as it was', async () => {
    const store = storeOn(new IDBFactory());
    await store.save('earlier', run);
    const container = await show(store);
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('Quota exceeded.', 'QuotaExceededError');
    });
    await save(container, 'too much');
    expect(alertText(container)[0]).toMatch(/^Could not save "too much": the browser's storage for this site is full\./);
    expect(listed(container)).toEqual(['earlier']);
  });

  it('asks for a name before saving', async () => {
    const container = await show(storeOn(new IDBFactory()));
    await save(container, '   ');
    expect(alertText(container)).toEqual(['Give the run a name before saving it.']);
  });

  it('shows why the run could not be produced', async () => {
    mounted = render(
      <SavedRunsPanel store={storeOn(new IDBFactory())} getRunFile={() => Promise.reject(new Error('press Train first'))} onOpen={() => undefined} />,
    );
    const { container } = mounted;
    await settleUntil(() => container.textContent?.includes('No saved runs yet.') === true, 'the empty list');
    await save(container, 'nothing yet');
    expect(alertText(container)).toEqual(['press Train first']);
  });
});
