// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it, vi, beforeEach } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../../core/config';
import { parseSweepFile } from '../../core/sweepFile';
import { sweepBaseConfig } from '../../core/sweep';
import { createLabStore, type LabStore } from '../../state/store';
import { fakeSweepPool } from '../../worker/fakeSweepWorker';
import { buttonNamed, click, controlByLabel, render, typeInto, type Rendered } from '../testing';
import { LambdaSweepPanel } from './LambdaSweepPanel';
import { PhaseDiagramPanel } from './PhaseDiagramPanel';
import type { SweepPanelProps } from './sweepSource';

let store: LabStore;
beforeEach(() => {
  store = createLabStore();
});

let page: Rendered | null = null;
afterEach(() => {
  page?.unmount();
  page = null;
});

const progressBar = (container: HTMLElement) => container.querySelector<HTMLProgressElement>('progress[aria-label="Sweep progress"]');
const text = (container: HTMLElement, testId: string) => container.querySelector(`[data-testid="${testId}"]`)?.textContent ?? '';
const cellsWith = (container: HTMLElement, outcome: string) => container.querySelectorAll(`.pl-cells rect[data-outcome="${outcome}"]`);

function setup(onLoadConfig?: (config: RunConfig) => void, onLoaded?: SweepPanelProps['onLoaded']) {
  const fake = fakeSweepPool(2);
  page = render(<PhaseDiagramPanel pool={fake.pool} onLoadConfig={onLoadConfig} onLoaded={onLoaded} />, store);
  return { ...fake, container: page.container };
}

describe('PhaseDiagramPanel', () => {
  it('offers Run sweep, a disabled Cancel sweep, a labelled progress bar and a caption from the settings', () => {
    const { container } = setup();
    expect(buttonNamed(container, 'Run sweep').disabled).toBe(false);
    expect(buttonNamed(container, 'Cancel sweep').disabled).toBe(true);
    expect(progressBar(container)?.value).toBe(0);
    const base = sweepBaseConfig();
    const caption = text(container, 'sweep-caption');
    expect(caption).toContain('λ = 2·σ*ⱼ·√β, one per direction [derived]: σ*₁ = 1, σ*₂ = 0.833, σ*₃ = 0.667, σ*₄ = 0.5.');
    expect(caption).not.toContain('the loss itself may diverge');
    expect(caption).not.toMatch(/_[a-zA-Z0-9]/);
    // The reproduction details sit in a collapsed "Settings" element, not in the caption.
    expect(caption).not.toContain(`d = ${base.d}`);
    const settings = container.querySelector('[data-testid="sweep-settings"]');
    expect(settings?.closest('details')?.querySelector('summary')?.textContent).toBe('Settings');
    expect(settings?.closest('details')?.open).toBe(false);
    expect(settings?.textContent).toContain(`d = ${base.d}, k = ${base.k}, r = ${base.r}`);
    expect(settings?.textContent).toContain(`${base.steps} steps`);
    expect(settings?.textContent).toContain('reference diagram uses the population model with d = k = 100');
    // Before a run the grid is previewed, every cell pending.
    expect(cellsWith(container, 'pending')).toHaveLength(64);
  });

  it('queues the grid on the pool, draws cells as they arrive and reports progress', () => {
    const { container, workers } = setup();
    click(buttonNamed(container, 'Run sweep'));
    expect(workers).toHaveLength(2);
    expect(buttonNamed(container, 'Run sweep').disabled).toBe(true);
    expect(buttonNamed(container, 'Cancel sweep').disabled).toBe(false);
    expect(progressBar(container)?.max).toBe(64);
    // Coarse-to-fine order: the first cells span the grid.
    expect(workers.map((w) => [w.current.cell.row, w.current.cell.col])).toEqual([[0, 0], [0, 4]]);

    act(() => workers[0].answer({ classification: 'extra', aboveTau: 9 }));
    act(() => workers[1].answer({ classification: 'exact' }));
    act(() => workers[0].answer({ classification: 'stuck', aboveTau: 0 }));
    expect(progressBar(container)?.value).toBe(3);
    expect(text(container, 'sweep-status')).toMatch(/^3 of 64 cells · .* on 2 workers · about .* left$/);
    expect(cellsWith(container, 'extra')).toHaveLength(1);
    expect(cellsWith(container, 'exact')).toHaveLength(1);
    expect(cellsWith(container, 'stuck')).toHaveLength(1);
    expect(text(container, 'sweep-summary')).toContain('exactly r columns: 1');
  });

  it('Cancel sweep terminates the workers and keeps the finished cells', async () => {
    const { container, workers } = setup();
    click(buttonNamed(container, 'Run sweep'));
    act(() => workers[0].answer());
    click(buttonNamed(container, 'Cancel sweep'));
    await act(async () => {
      await Promise.resolve();
    });
    expect(workers.every((w) => w.terminated)).toBe(true);
    expect(cellsWith(container, 'exact')).toHaveLength(1);
    expect(buttonNamed(container, 'Run sweep').disabled).toBe(false);
    expect(text(container, 'sweep-status')).toMatch(/^Cancelled after 1 of 64 cells .*; the finished cells stay\.$/);
  });

  it('downloads the finished cells as CSV and the whole sweep as JSON', async () => {
    const downloaded: { blob: Blob; name: string }[] = [];
    vi.stubGlobal('URL', Object.assign(Object.create(URL), { createObjectURL: (blob: Blob) => (downloaded.push({ blob, name: '' }), 'blob:x'), revokeObjectURL: () => undefined }));
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloaded[downloaded.length - 1].name = this.download;
    });
    try {
      const { container, workers } = setup();
      expect(container.textContent).not.toContain('Download sweep CSV');
      click(buttonNamed(container, 'Run sweep'));
      expect(buttonNamed(container, 'Download sweep CSV').disabled).toBe(true);
      act(() => workers[0].answer({ classification: 'stuck', aboveTau: 0 }));
      act(() => workers[1].fail('worker crashed'));
      click(buttonNamed(container, 'Download sweep CSV'));
      click(buttonNamed(container, 'Download sweep JSON'));
      expect(downloaded.map((d) => d.name)).toEqual([
        'prunelab-population-d40-k40-seed1-phase-diagram.csv',
        'prunelab-population-d40-k40-seed1-phase-diagram.json',
      ]);
      const csv = (await downloaded[0].blob.text()).trimEnd().split('\n');
      expect(csv).toHaveLength(2);
      expect(csv[1]).toContain(',stuck,0,');
      const json = JSON.parse(await downloaded[1].blob.text());
      expect(json).toMatchObject({ format: 'prunelab-sweep', formatVersion: 2, cellCount: 64 });
      expect(parseSweepFile(json).ok).toBe(true);
      expect(json.cells).toHaveLength(2);
      expect(json.grid.lambda).toHaveLength(8);
      expect(json.cells.find((c: { error?: string }) => c.error)?.error).toBe('worker crashed');
    } finally {
      clicked.mockRestore();
      vi.unstubAllGlobals();
    }
  });

  it('loads a clicked cell into the lab with the sweep problem and marks it', () => {
    const onLoad = vi.fn();
    const onLoaded = vi.fn();
    const { container, workers } = setup(onLoad, onLoaded);
    click(buttonNamed(container, 'Run sweep'));
    act(() => workers[0].answer());
    const cell = workers[0].received[0].cell;
    click(cellsWith(container, 'exact')[0]);
    expect(onLoad).toHaveBeenCalledTimes(1);
    const loaded = onLoad.mock.calls[0][0] as RunConfig;
    expect(loaded).toEqual({ ...sweepBaseConfig(), lambda: cell.lambda, beta: cell.beta });
    expect(container.querySelector('[role="status"]')?.textContent).toContain(`into the lab`);
    // The page is told, so it can take the reader to the lab.
    expect(onLoaded).toHaveBeenCalledWith({ config: loaded, text: expect.stringMatching(/^λ = .*, β = .* \(exactly r.*\) from the phase diagram$/) });
  });

  it('by default applies the clicked cell through the lab store', () => {
    const { container } = setup();
    click(container.querySelectorAll('.pl-cells rect')[0]);
    const config = store.getState().params.config;
    expect(config.model).toBe('population');
    expect(config.d).toBe(sweepBaseConfig().d);
  });

  it('refuses an invalid range at the field and disables Run sweep', () => {
    const { container } = setup();
    typeInto(controlByLabel(container, 'λ from'), '0');
    expect(buttonNamed(container, 'Run sweep').disabled).toBe(true);
    expect(container.querySelector('[role="alert"]')?.textContent).toMatch(/greater than 0/);
    typeInto(controlByLabel(container, 'λ from'), '0.001');
    typeInto(controlByLabel(container, 'β points (2–16)'), '3');
    expect(buttonNamed(container, 'Run sweep').disabled).toBe(false);
    expect(cellsWith(container, 'pending')).toHaveLength(24);
  });

  it('lists a failed cell with its message and goes on', () => {
    const { container, workers } = setup();
    click(buttonNamed(container, 'Run sweep'));
    act(() => workers[0].fail('cell λ = 0.0025, β = 0.0001: d must be a whole number'));
    act(() => workers[0].answer());
    expect(container.querySelector('.pl-alert')?.textContent).toContain('1 cell failed');
    expect(container.querySelector('.pl-alert')?.textContent).toContain('d must be a whole number');
    expect(progressBar(container)?.value).toBe(2);
  });

  it('runs the lab settings instead when asked, and says so in the caption', () => {
    const { container, workers } = setup();
    click(buttonNamed(container, 'lab settings'));
    const lab = store.getState().params.config;
    expect(text(container, 'sweep-settings')).toContain(`empirical sensing, n = ${lab.n}`);
    expect(text(container, 'sweep-settings')).toContain(`d = ${lab.d}, k = ${lab.k}`);
    expect(text(container, 'sweep-settings')).not.toContain('reference diagram');
    click(buttonNamed(container, 'Run sweep'));
    expect(workers[0].current.config).toEqual(lab);
  });

  it('warns in the caption when η₁ is above the loss stability scale 0.1/σ*₁', () => {
    act(() => store.getState().actions.applyConfig({ ...DEFAULT_CONFIG, eta: 0.5 }));
    const { container } = setup();
    click(buttonNamed(container, 'lab settings'));
    expect(text(container, 'sweep-caption')).toContain('η₁ = 0.5 is above 0.1/σ*₁ = 0.1 [derived]');
  });
});

describe('two sweep panels on one pool', () => {
  function both() {
    const fake = fakeSweepPool(2);
    page = render(
      <>
        <PhaseDiagramPanel pool={fake.pool} />
        <LambdaSweepPanel pool={fake.pool} />
      </>,
    );
    return { ...fake, container: page.container };
  }
  const settle = () =>
    act(async () => {
      await Promise.resolve();
    });

  it('while the diagram runs, Run λ sweep waits with a note instead of cancelling it', async () => {
    const { container, workers } = both();
    click(buttonNamed(container, 'Run sweep'));
    act(() => workers[0].answer());
    const runLambda = buttonNamed(container, 'Run λ sweep');
    expect(runLambda.disabled).toBe(true);
    const note = text(container, 'lambda-busy');
    expect(note).toBe('The phase diagram is using the workers; cancel it or wait.');
    expect(runLambda.getAttribute('aria-describedby')).toBe(container.querySelector('[data-testid="lambda-busy"]')?.id);
    // A click on the disabled button changes nothing: the diagram keeps running.
    click(runLambda);
    expect(workers.slice(0, 2).some((w) => w.terminated)).toBe(false);
    expect(text(container, 'sweep-status')).toMatch(/^1 of 64 cells/);
    expect(container.querySelector('[data-testid="sweep-busy"]')).toBeNull();

    click(buttonNamed(container, 'Cancel sweep'));
    await settle();
    expect(text(container, 'sweep-status')).toMatch(/^Cancelled after 1 of 64 cells/);
    expect(buttonNamed(container, 'Run λ sweep').disabled).toBe(false);
    expect(container.querySelector('[data-testid="lambda-busy"]')).toBeNull();
  });

  it('while the λ sweep runs, Run sweep waits; it is free again when the λ sweep finishes', async () => {
    const { container, workers } = both();
    const lambdaPanel = container.querySelector<HTMLElement>('section[aria-label="λ sweep"]');
    if (!lambdaPanel) throw new Error('no λ sweep panel');
    typeInto(controlByLabel(lambdaPanel, 'λ points (2–16)'), '2');
    click(buttonNamed(container, 'Run λ sweep'));
    expect(buttonNamed(container, 'Run sweep').disabled).toBe(true);
    expect(text(container, 'sweep-busy')).toBe('The λ sweep is using the workers; cancel it or wait.');
    act(() => workers[0].answer());
    act(() => workers[1].answer());
    await settle();
    expect(text(container, 'lambda-status')).toMatch(/^Finished 2 cells/);
    expect(buttonNamed(container, 'Run sweep').disabled).toBe(false);
    click(buttonNamed(container, 'Run sweep'));
    expect(buttonNamed(container, 'Run λ sweep').disabled).toBe(true);
  });
});
