// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../../core/config';
import { runPipeline } from '../../core/run';
import { parseRunFile, runFileFromResult, serializeRunFile } from '../../core/runFile';
import { createLabStore, type LabStore } from '../../state/store';
import type { LabRequest } from '../../worker/labProtocol';
import { laneSummary, render, type Rendered } from '../testing';
import { exportLabRunFile, PAGE_CHARTS } from './labShare';
import { SharePanel } from './SharePanel';
import { button, byRole, click, settle, settleUntil } from './testing';

let store: LabStore;
beforeEach(() => {
  store = createLabStore();
});

const config: RunConfig = { ...DEFAULT_CONFIG, d: 3, k: 4, r: 1, n: 30, steps: 30, fineTuneSteps: 10, checkpointEvery: 10 };
const result = runPipeline(config);
/** What the fake worker answers to exportRun. */
let workerResult = result;

let mounted: Rendered | null = null;
let disconnect: (() => void) | null = null;
let sent: LabRequest[] = [];
let downloaded: Blob[] = [];

beforeEach(() => {
  workerResult = result;
  sent = [];
  downloaded = [];
  disconnect = store.getState().worker.connect({
    send(command: LabRequest) {
      const position = sent.push(command);
      if (command.type === 'exportRun') {
        queueMicrotask(() => store.getState().worker.receiveResponse({ type: 'runExport', requestId: command.requestId, runs: [{ lane: 'regularized', result: workerResult, reproducible: false }] }));
      }
      return position;
    },
  });
  vi.stubGlobal('URL', Object.assign(Object.create(URL), { createObjectURL: (blob: Blob) => (downloaded.push(blob), 'blob:x'), revokeObjectURL: () => undefined }));
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
});

afterEach(() => {
  mounted?.unmount();
  mounted = null;
  disconnect?.();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

async function chooseFile(container: HTMLElement, text: string, name: string): Promise<void> {
  const input = container.querySelector('input[type="file"]') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [new File([text], name)], configurable: true });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('SharePanel', () => {
  it('offers copy, export, import and saved runs in one labelled region', async () => {
    mounted = render(<SharePanel />, store);
    await settle();
    const region = mounted.container.querySelector('section[aria-label="Share and save"]') as HTMLElement;
    expect(region).not.toBeNull();
    for (const name of ['Copy link', 'Export run JSON', 'Export history CSV', 'Import run JSON', 'Save run', 'Column norms as SVG', 'Heatmap of U as PNG']) {
      expect(button(region, name)).toBeTruthy();
    }
    expect(region.querySelector('h3')?.textContent).toBe('Saved runs');
  });

  it('exports the worker\'s run, marked when it was edited live', async () => {
    mounted = render(<SharePanel />, store);
    await click(button(mounted.container, 'Export run JSON'));
    await settleUntil(() => downloaded.length > 0, 'the download');
    expect(sent.some((c) => c.type === 'exportRun')).toBe(true);
    const parsed = parseRunFile(await downloaded[0].text());
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    expect(parsed.run.reproducible).toBe(false);
    expect(Array.from(parsed.run.phase1.U)).toEqual(result.phase1.U);
  });

  it('loads an imported run into the lab and says how to repeat it', async () => {
    mounted = render(<SharePanel />, store);
    const text = serializeRunFile(runFileFromResult(result));
    const input = mounted.container.querySelector('input[type="file"]') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File([text], 'shared.json')], configurable: true });
    await act(async () => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settleUntil(() => store.getState().params.config.d === 3, 'the config to load');
    const loaded = store.getState().params.config;
    expect(loaded.initSeed).toBe(result.seeds.init);
    expect(sent.at(-1)).toEqual({ type: 'init', config: loaded, lanes: ['regularized'] });
    const statuses = byRole(mounted.container, 'status').map((s) => s.textContent);
    expect(statuses).toContain(
      `Loaded its settings: press Train to repeat phase 1 (30 steps), then Prune (τ = 0.141, keeping ${result.kept?.length} columns) and Fine-tune (10 steps).`,
    );
  });

  it('checks the lab\'s re-run against the loaded run, number by number', async () => {
    mounted = render(<SharePanel />, store);
    const { container } = mounted;
    expect(container.textContent).not.toContain('Compare with the loaded run');
    const input = container.querySelector('input[type="file"]') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File([serializeRunFile(runFileFromResult(result))], 'shared.json')], configurable: true });
    await act(async () => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settleUntil(() => container.textContent?.includes('Compare with the loaded run') === true, 'the compare button');
    const statusOf = () => byRole(container, 'status').map((s) => s.textContent ?? '');

    await click(button(container, 'Compare with the loaded run'));
    await settleUntil(() => statusOf().some((t) => t.startsWith('The lab')), 'the comparison');
    expect(statusOf()).toContainEqual(expect.stringMatching(/^The lab's run matches the loaded run bit for bit \(\d[\d\u202f]* numbers compared\)\.$/));

    workerResult = runPipeline({ ...config, steps: 20 });
    await click(button(container, 'Compare with the loaded run'));
    await settleUntil(() => statusOf().some((t) => t.includes('differs')), 'the second comparison');
    expect(statusOf()).toContainEqual(
      expect.stringMatching(/^The lab's run differs from the loaded run, first at config\.steps: 30 vs 20\. The lab has not repeated every step yet/),
    );
  });

  it('clears the previous import\'s message and compare button when the next file is refused', async () => {
    mounted = render(<SharePanel />, store);
    const { container } = mounted;
    await chooseFile(container, serializeRunFile(runFileFromResult(result)), 'shared.json');
    await settleUntil(() => container.textContent?.includes('Compare with the loaded run') === true, 'the compare button');
    await chooseFile(container, '{"format": "something-else"}', 'broken.json');
    await settleUntil(() => byRole(container, 'alert').length > 0, 'the refusal');
    expect(container.textContent).not.toContain('Compare with the loaded run');
    expect(byRole(container, 'status').map((s) => s.textContent ?? '')).not.toContainEqual(expect.stringContaining('Loaded its settings'));
  });

  it('asks before an import replaces a trained run that was not saved, and keeps it when told to', async () => {
    mounted = render(<SharePanel />, store);
    const { container } = mounted;
    act(() => store.setState((s) => ({ run: { ...s.run, status: 'paused', lanes: { regularized: laneSummary({ step: 500 }) } } })));
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const before = store.getState().params.config;
    await chooseFile(container, serializeRunFile(runFileFromResult(result)), 'shared.json');
    await settleUntil(() => confirm.mock.calls.length > 0, 'the question');
    expect(confirm).toHaveBeenCalledWith('Importing shared.json replaces the current trained run, which is not saved. Replace it?');
    expect(store.getState().params.config).toBe(before);
    expect(byRole(container, 'status').map((s) => s.textContent)).toContain('Kept the current run; shared.json was not imported.');
  });

  it('is hidden by ?hide=export', () => {
    act(() => store.setState((s) => ({ view: { ...s.view, hidden: ['export'] } })));
    mounted = render(<SharePanel />, store);
    expect(mounted.container.innerHTML).toBe('');
  });
});

describe('lab share glue', () => {
  it('refuses to export a lane the lab does not run', async () => {
    await expect(exportLabRunFile(async () => [], 'unregularized')).rejects.toThrow('the lab has no unregularized run to export; press Train first');
  });

  it('finds the page\'s charts by their panels at export time', () => {
    const page = document.createElement('div');
    page.innerHTML = `
      <section aria-label="Distribution of column norms"><div class="pl-chart-host" id="hist"></div><div class="pl-chart-host" id="frac"></div></section>
      <section aria-label="Column norms"><div class="pl-chart-host" id="norms"></div></section>`;
    document.body.append(page);
    const byLabel = Object.fromEntries(PAGE_CHARTS.map((chart) => [chart.label, chart.element()?.id ?? null]));
    expect(byLabel).toEqual({
      'Column norms': 'norms',
      Histogram: 'hist',
      'Fraction curve': 'frac',
      'Training curves': null,
      'Fine-tuning loss': null,
      'Heatmap of U': null,
    });
    page.remove();
  });
});
