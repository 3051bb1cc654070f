// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, sigmaStarOf } from '../../core/config';
import { presetConfig } from '../../core/presets';
import { learnabilityBound, predictedBias, stabilityBound } from '../../core/theory';
import { createLabStore, type LaneSummary, type LabStore } from '../../state/store';
import { formatNumber } from '../format';
import { laneSummary, render, type Rendered } from '../testing';
import { biasComparison } from './bias';
import { BiasReadout } from './BiasReadout';
import { RunbarTheory } from './TheoryOverlays';
import { TheoryWarnings } from './TheoryWarnings';

let store: LabStore;
beforeEach(() => {
  store = createLabStore();
});

const sigmaStar = Array.from(sigmaStarOf(DEFAULT_CONFIG));
let page: Rendered | null = null;

const lane = (patch: Partial<LaneSummary>): LaneSummary => laneSummary({ k: DEFAULT_CONFIG.k, ...patch });

beforeEach(() => {
});

afterEach(() => {
  page?.unmount();
  page = null;
});

const setField = (key: 'lambda' | 'eta', value: number) => act(() => void store.getState().actions.setField(key, value));
const warning = (id: string) => page?.container.querySelector(`[data-testid="theory-warning-${id}"]`) ?? null;

describe('TheoryWarnings', () => {
  it('says nothing for the classroom defaults', () => {
    page = render(<TheoryWarnings />, store);
    expect(page.container.textContent).toBe('');
  });

  it('warns before a run that will be stuck: λ above the bound of σ*₁', () => {
    act(() => store.getState().actions.applyConfig(presetConfig('tooStrong')));
    page = render(<TheoryWarnings />, store);
    expect(warning('stuck')?.textContent).toContain(formatNumber(learnabilityBound(sigmaStar[0], DEFAULT_CONFIG.beta, 'B')));
    expect(warning('stuck')?.textContent).toContain('every column will stay stuck at 0');
    expect(warning('stuck')?.querySelector('.pl-badge[data-tag="derived"]')).not.toBeNull();
  });

  it('calls λ between the bounds of σ*_r and σ*₁ only a risk', () => {
    page = render(<TheoryWarnings />, store);
    const between = (learnabilityBound(sigmaStar[0], DEFAULT_CONFIG.beta, 'B') + learnabilityBound(sigmaStar[sigmaStar.length - 1], DEFAULT_CONFIG.beta, 'B')) / 2;
    setField('lambda', Number(between.toPrecision(3)));
    expect(warning('stuck')).toBeNull();
    expect(warning('at-risk')?.textContent).toContain('at risk');
    expect(warning('at-risk')?.textContent).toContain('not sharp');
  });

  it('warns before an unstable run: η₁ above the stability bound', () => {
    page = render(<TheoryWarnings />, store);
    const bound = stabilityBound(DEFAULT_CONFIG.lambda, DEFAULT_CONFIG.beta, sigmaStar[0], 'B');
    setField('eta', Number((bound * 1.5).toPrecision(2)));
    expect(warning('unstable')?.textContent).toContain(formatNumber(bound));
    setField('eta', DEFAULT_CONFIG.eta);
    expect(warning('unstable')).toBeNull();
  });

  it('is hidden by ?hide=theory', () => {
    act(() => store.getState().actions.applyConfig(presetConfig('tooStrong')));
    page = render(<RunbarTheory />, store);
    expect(page.container.querySelector('.pl-theory-warning')).not.toBeNull();
    act(() => store.getState().actions.setView({ hidden: ['theory'] }));
    expect(page.container.textContent).toBe('');
  });
});

describe('bias after phase 1', () => {
  it('takes the measured value at the end of phase 1 once pruned', () => {
    expect(biasComparison(0.05, sigmaStar, undefined)).toEqual({ predicted: predictedBias(0.05, sigmaStar), measured: null, final: false });
    expect(biasComparison(0.05, sigmaStar, lane({ testError: 0.07 }))).toMatchObject({ measured: 0.07, final: false });
    expect(biasComparison(0.05, sigmaStar, lane({ state: 'done', testError: 0.06 }))).toMatchObject({ measured: 0.06, final: true });
    const pruned = lane({ phase: 'finetune', step: 10, testError: 0.01, milestones: { beforePrune: 0.052, afterPrune: 0.06, afterFineTune: 0.01 } });
    expect(biasComparison(0.05, sigmaStar, pruned)).toMatchObject({ measured: 0.052, final: true });
    expect(biasComparison(0.05, [], pruned)).toBeNull();
  });

  it('shows predicted and measured side by side with bars, following λ', () => {
    page = render(<BiasReadout />, store);
    const value = (tag: string) => page?.container.querySelector(`[data-testid="bias-${tag}"]`)?.textContent;
    expect(value('derived')).toBe(formatNumber(predictedBias(DEFAULT_CONFIG.lambda, sigmaStar)));
    expect(value('measured')).toBe('—');
    act(() => store.setState((s) => ({ run: { ...s.run, lanes: { regularized: lane({ state: 'done', testError: 0.03 }) } } })));
    expect(value('measured')).toBe(formatNumber(0.03));
    expect(page.container.textContent).toContain('at the end of phase 1');
    expect(page.container.textContent).toContain(`measured / predicted = ${formatNumber(0.03 / predictedBias(DEFAULT_CONFIG.lambda, sigmaStar))}`);
    const bars = page.container.querySelectorAll<HTMLElement>('.pl-bias-bar');
    expect(bars.length).toBe(2);
    expect(Math.max(...Array.from(bars, (bar) => parseFloat(bar.style.width)))).toBe(100);
    setField('lambda', 0.1);
    expect(value('derived')).toBe(formatNumber(predictedBias(0.1, sigmaStar)));
  });
});
