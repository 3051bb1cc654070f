// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, heldOutCount, type RunConfig } from '../../core/config';
import { createLabStore, type LaneSummary, type LabStore } from '../../state/store';
import { DEFAULT_VIEW } from '../../state/view';
import { formatCount, formatNumber } from '../format';
import { laneSummary, render, type Rendered } from '../testing';
import { ComparisonPanel } from './ComparisonPanel';

let store: LabStore;
beforeEach(() => {
  store = createLabStore();
});

let page: Rendered | null = null;

const lane = (patch: Partial<LaneSummary>): LaneSummary =>
  laneSummary({
    state: 'done',
    phase: 'finetune',
    step: 300,
    k: 3,
    loss: 0.01,
    objective: null,
    testError: 0.031,
    relativeTestError: 0.02,
    gradNorm: 1e-4,
    fractionAtHalfMax: 1,
    milestones: { beforePrune: 0.04, afterPrune: 0.05, afterFineTune: 0.031 },
    largestColumnsTestError: 0.045,
    largestColumnsFineTunedTestError: 0.0312,
    heldOutLoss: 0.0021,
    heldOutMilestones: { beforePrune: 0.0035, afterFineTune: 0.0021 },
    ...patch,
  });

const lanes = {
  regularized: lane({}),
  unregularized: lane({
    milestones: { beforePrune: 0.038, afterPrune: 1.2, afterFineTune: 0.9 },
    heldOutLoss: 0.51,
    heldOutMilestones: { beforePrune: 0.0042, afterFineTune: 0.51 },
  }),
};

function show(config: RunConfig, shown: Partial<Record<keyof typeof lanes, LaneSummary>>): void {
  act(() => {
    store.getState().actions.applyConfig(config);
    store.setState((s) => ({ run: { ...s.run, status: 'done', phase: 'finetune', lanes: shown } }));
  });
  page = render(<ComparisonPanel />, store);
}

/** The data cells of the row whose header is `label`, or null without such a row. */
function row(label: string): string[] | null {
  const header = Array.from(page?.container.querySelectorAll('th[scope="row"]') ?? []).find((th) => th.textContent === label);
  return header ? Array.from(header.parentElement?.querySelectorAll('td') ?? [], (td) => td.textContent ?? '') : null;
}

const rowLabels = () => Array.from(page?.container.querySelectorAll('th[scope="row"]') ?? [], (th) => th.textContent);

beforeEach(() => {
  store.setState({ view: { ...DEFAULT_VIEW, comparison: true } });
});

afterEach(() => {
  page?.unmount();
  page = null;
});

describe('ComparisonPanel', () => {
  it('adds the held-out loss before pruning and after fine-tuning of both runs, labelled with n_test from the problem', () => {
    show(DEFAULT_CONFIG, lanes);
    const nTest = heldOutCount(DEFAULT_CONFIG);
    expect(nTest).toBeGreaterThan(0);
    const heldOut = `held-out loss (${formatCount(nTest)} fresh measurements)`;
    expect(row(`${heldOut} before pruning`)).toEqual([formatNumber(0.0035), formatNumber(0.0042)]);
    expect(row(`${heldOut} after fine-tuning`)).toEqual([formatNumber(0.0021), formatNumber(0.51)]);
    // The existing rows stay as they were, phase-1 rows first (the caption counts them).
    expect(rowLabels()).toEqual([
      'columns above τ',
      'columns ≥ 0.5 · max norm',
      'r-th / (r+1)-th largest norm',
      'test error before pruning',
      `test error keeping only the ${DEFAULT_CONFIG.r} largest columns`,
      `${heldOut} before pruning`,
      'columns kept by pruning',
      'test error after pruning at τ',
      'test error after fine-tuning',
      `test error keeping the ${DEFAULT_CONFIG.r} largest columns and fine-tuning`,
      `${heldOut} after fine-tuning`,
    ]);
    const caption = page?.container.querySelector('caption')?.textContent ?? '';
    expect(caption).toMatch(/^The first 6 rows describe phase 1 /);
    expect(caption).toContain(`only at checkpoints (every ${DEFAULT_CONFIG.checkpointEvery} steps)`);
  });

  it('counts the held-out measurements of a small problem (n_test = n below the cap)', () => {
    const small = { ...DEFAULT_CONFIG, n: 200 };
    show(small, lanes);
    expect(row(`held-out loss (${formatCount(heldOutCount(small))} fresh measurements) before pruning`)).toEqual([formatNumber(0.0035), formatNumber(0.0042)]);
  });

  it('adds keeping the r largest columns and fine-tuning, for both runs', () => {
    show({ ...DEFAULT_CONFIG, r: 3 }, { regularized: lanes.regularized, unregularized: { ...lanes.unregularized, largestColumnsFineTunedTestError: 0.0409 } });
    expect(row('test error keeping the 3 largest columns and fine-tuning')).toEqual(['0.0312', '0.0409']);
  });

  it('shows a dash until a milestone is reached', () => {
    show(DEFAULT_CONFIG, { regularized: lane({ phase: 'train', heldOutMilestones: { beforePrune: 0.0035, afterFineTune: null } }) });
    const heldOut = `held-out loss (${formatCount(heldOutCount(DEFAULT_CONFIG))} fresh measurements)`;
    expect(row(`${heldOut} before pruning`)).toEqual([formatNumber(0.0035)]);
    expect(row(`${heldOut} after fine-tuning`)).toEqual(['—']);
  });

  it('has no held-out rows for the population model, which has no held-out set', () => {
    const population: RunConfig = { ...DEFAULT_CONFIG, model: 'population' };
    expect(heldOutCount(population)).toBe(0);
    const none = { beforePrune: null, afterFineTune: null };
    show(population, { regularized: lane({ heldOutLoss: null, heldOutMilestones: none }), unregularized: lane({ heldOutLoss: null, heldOutMilestones: none }) });
    expect(rowLabels().some((label) => label?.includes('held-out'))).toBe(false);
    expect(rowLabels()).toHaveLength(9);
    expect(row('test error after fine-tuning')).toEqual([formatNumber(0.031), formatNumber(0.031)]);
    expect(page?.container.querySelector('caption')?.textContent).not.toContain('Held-out');
  });
});
