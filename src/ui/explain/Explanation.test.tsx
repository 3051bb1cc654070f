// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, sigmaStarOf } from '../../core/config';
import { presetConfig } from '../../core/presets';
import { defaultTau, predictedBias } from '../../core/theory';
import { createLabStore, type LaneSummary, type LabStore } from '../../state/store';
import { formatNumber } from '../format';
import { laneSummary, render, type Rendered } from '../testing';
import { Explanation } from './Explanation';
import { texNumber } from './TeX';

let store: LabStore;
beforeEach(() => {
  store = createLabStore();
});

let page: Rendered;
const sigmaStar = Array.from(sigmaStarOf(DEFAULT_CONFIG));

const lane = (patch: Partial<LaneSummary>): LaneSummary =>
  laneSummary({ step: 400, k: DEFAULT_CONFIG.k, testError: 0.0421, aboveTau: 7, fractionAtHalfMax: 0.2, milestones: { beforePrune: 0.0421, afterPrune: null, afterFineTune: null }, ...patch });

beforeEach(() => {
  page = render(<Explanation />, store);
});

afterEach(() => page.unmount());

const text = () => page.container.textContent ?? '';

describe('Explanation', () => {
  it('typesets its equations with KaTeX', () => {
    expect(page.container.querySelectorAll('.katex').length).toBeGreaterThan(10);
    expect(page.container.querySelector('.katex-display')).not.toBeNull();
    expect(page.container.querySelector('.katex-error')).toBeNull();
  });

  it('takes its numbers from the state and follows λ', () => {
    const before = texNumber(predictedBias(DEFAULT_CONFIG.lambda, sigmaStar));
    expect(text()).toContain(`= ${before}`);
    expect(text()).toContain(`\\tau = \\sqrt{2\\beta} = ${texNumber(defaultTau(DEFAULT_CONFIG.beta))}`);
    act(() => {
      store.getState().actions.setField('lambda', 0.08);
    });
    const after = texNumber(predictedBias(0.08, sigmaStar));
    expect(after).not.toBe(before);
    expect(text()).toContain(`= ${after}`);
    expect(text()).toContain('\\lambda = 0.08');
    expect(text()).not.toContain(`= ${before}`);
  });

  it('shows the measured counts and bias of the running lane', () => {
    act(() => store.setState((s) => ({ run: { ...s.run, lanes: { regularized: lane({}) } } })));
    expect(page.container.querySelector('[data-testid="explain-above-tau"]')?.textContent).toBe('7');
    expect(page.container.querySelector('[data-testid="explain-measured-bias"]')?.textContent).toBe(formatNumber(0.0421));
  });

  it('marks what the paper proves, what we derived and what was measured', () => {
    for (const tag of ['paper', 'derived', 'measured']) {
      expect(page.container.querySelectorAll(`.pl-badge[data-tag="${tag}"]`).length).toBeGreaterThan(0);
    }
    // The default threshold √(2β) is ours: its sentence carries a derived badge, not a paper one.
    const threshold = Array.from(page.container.querySelectorAll('section')).find((s) => s.querySelector('h3')?.textContent === 'The threshold');
    expect(threshold?.querySelector('.pl-badge[data-tag="derived"]')).not.toBeNull();
  });

  it('sets the lab to a named scenario from a link in the text', () => {
    const link = page.container.querySelector<HTMLAnchorElement>('a[data-preset="tooStrong"]');
    expect(link?.getAttribute('href')).toContain(`lambda=${presetConfig('tooStrong').lambda}`);
    act(() => link?.click());
    expect(store.getState().params.config).toEqual(presetConfig('tooStrong'));
    expect(text()).toContain('every column stays stuck at 0');
  });

  it('turns the comparison lane on for the Figure 1 scenario', () => {
    act(() => page.container.querySelector<HTMLAnchorElement>('a[data-preset="figure1"]')?.click());
    expect(store.getState().params.config).toEqual(presetConfig('figure1'));
    expect(store.getState().view.comparison).toBe(true);
    expect(text()).toContain('population loss');
  });
});

describe('Explanation of the quadratic network', () => {
  it('writes the loss in terms of the network and names columns as neurons', () => {
    act(() => page.container.querySelector<HTMLAnchorElement>('a[data-preset="quadraticNetwork"]')?.click());
    expect(text()).toContain('quadratic activations');
    expect(text()).toContain('\\lVert U^\\top x_i \\rVert^2 - y_i');
    expect(text()).toContain('hidden neuron');
    expect(text()).not.toContain('\\langle A_i, UU^\\top\\rangle');
  });
});

describe('texNumber', () => {
  it('writes powers of ten for tiny and huge values', () => {
    expect(texNumber(0.0123)).toBe('0.0123');
    expect(texNumber(1.5e-6)).toBe('1.5 \\times 10^{-6}');
    expect(texNumber(1e-6)).toBe('10^{-6}');
    expect(texNumber(null)).toBe('\\text{—}');
  });
});
