// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PRESET_IDS, PRESETS, presetConfig } from '../../core/presets';
import { createLabStore, type RunState, type LabStore } from '../../state/store';
import type { RunInfo } from '../../worker/labProtocol';
import { laneSummary, render, type Rendered } from '../testing';
import { matchingPreset } from './applyPreset';
import { formatDuration, formatFlops } from './cost';
import { PresetPicker } from './PresetPicker';

let store: LabStore;
beforeEach(() => {
  store = createLabStore();
});

let page: Rendered;

beforeEach(() => {
  page = render(<PresetPicker />, store);
});

afterEach(() => page.unmount());

const link = (id: string) => page.container.querySelector<HTMLAnchorElement>(`a[data-preset="${id}"]`);

function setRun(patch: Partial<RunState>): void {
  act(() => store.setState((s) => ({ run: { ...s.run, ...patch } })));
}

const figure1Info = (flopsPerStep: number): RunInfo => ({
  seeds: { truth: 1, sensing: 2, noise: 3, init: 4, test: 5 },
  operatorKind: 'population',
  d: 500,
  k: 500,
  r: 4,
  n: 0,
  sigmaStar: [1, 0.833, 0.667, 0.5],
  flopsPerStep,
  msPerStep: 4,
  kernel: { name: 'wasm', precision: 'f64', threads: 2 },
  kernelNotes: [],
  lanes: ['regularized', 'unregularized'],
  tau: Math.sqrt(0.02),
  defaultTau: Math.sqrt(0.02),
  heatmap: false,
  theory: { learnabilityBounds: [], learnableDirections: 4, stabilityBound: 0.1, predictedBias: 0.01, finiteSampleErrorScale: null },
});

describe('PresetPicker', () => {
  it('lists every preset with its title and generated description, the matching one current', () => {
    const items = page.container.querySelectorAll('li');
    expect(items.length).toBe(PRESET_IDS.length);
    for (const id of PRESET_IDS) {
      expect(page.container.textContent).toContain(PRESETS[id].title);
      expect(page.container.textContent).toContain(PRESETS[id].description);
    }
    expect(link('classroom')?.getAttribute('aria-current')).toBe('true');
    expect(link('figure1')?.hasAttribute('aria-current')).toBe(false);
  });

  it('applies a preset through the store and marks it current', () => {
    act(() => link('quadraticNetwork')?.click());
    expect(store.getState().params.config).toEqual(presetConfig('quadraticNetwork'));
    expect(matchingPreset(store.getState().params.config, PRESET_IDS)).toBe('quadraticNetwork');
    expect(link('quadraticNetwork')?.getAttribute('aria-current')).toBe('true');
  });

  it('decides the comparison with the preset: on for Figure 1, off for λ = 0, kept otherwise', () => {
    const comparison = () => store.getState().view.comparison;
    act(() => link('figure1')?.click());
    expect(comparison()).toBe(true);
    act(() => link('classroom')?.click());
    expect(comparison()).toBe(true);
    // Both lanes would train the same λ = 0 model: no comparison, and the link says so too.
    expect(link('unregularized')?.getAttribute('href')).not.toContain('compare=1');
    act(() => link('unregularized')?.click());
    expect(store.getState().params.config.lambda).toBe(0);
    expect(comparison()).toBe(false);
    act(() => link('tooStrong')?.click());
    expect(comparison()).toBe(false);
  });

  it('keeps only the cost line when the controls are hidden', () => {
    act(() => store.getState().actions.setView({ hidden: ['controls'] }));
    expect(page.container.querySelector('a[data-preset]')).toBeNull();
    setRun({ info: figure1Info(1e9) });
    expect(page.container.querySelector('[data-testid="run-cost"]')).not.toBeNull();
  });

  it('gives each preset a shareable link with its configuration', () => {
    expect(link('figure1')?.getAttribute('href')).toMatch(/model=population.*d=500.*k=500/);
    expect(link('figure1')?.getAttribute('href')).toContain('compare=1');
  });

  it('shows the per-step cost of the heavy Figure 1 run and an ETA from the measured rate', () => {
    act(() => link('figure1')?.click());
    const flops = 1.0e9;
    setRun({ info: figure1Info(flops), status: 'idle' });
    const cost = () => page.container.querySelector('[data-testid="run-cost"]')?.textContent ?? '';
    expect(cost()).toContain(`${formatFlops(flops)} per step`);
    expect(cost()).toContain('2 lanes');
    expect(cost()).toContain(formatFlops(flops * presetConfig('figure1').steps * 2));
    expect(cost()).not.toContain('left');
    // Before Train: the measured step time of both lanes, on the kernels named.
    const before = `about ${formatDuration(4 * presetConfig('figure1').steps * 2)} on this machine (wasm f64 · 2 threads)`;
    expect(cost()).toContain(before);
    expect(page.container.querySelector('[data-testid="preset-estimate"]')?.closest('li')?.querySelector('a')?.dataset.preset).toBe('figure1');
    expect(page.container.querySelector('[data-testid="preset-estimate"]')?.textContent).toContain(before);
    setRun({
      status: 'running',
      stepsPerSecond: 20,
      lanes: {
        regularized: laneSummary({ step: 1000, k: 500, aboveTau: 500 }),
      },
    });
    expect(cost()).toContain(`about ${formatDuration(((presetConfig('figure1').steps - 1000) / 20) * 1000)} left`);
    expect(page.container.querySelector('[data-testid="preset-estimate"]')).toBeNull();
  });
});
