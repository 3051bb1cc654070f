// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import { stabilityBound } from '../core/theory';
import { createLabStore, type LabStore, type RunDivergence } from '../state/store';
import { sampleRunInfo } from '../worker/testing';
import { formatNumber } from './format';
import { RunAlerts } from './RunAlerts';
import { render, type Rendered } from './testing';

let store: LabStore;
beforeEach(() => {
  store = createLabStore();
});

let page: Rendered | null = null;
afterEach(() => {
  page?.unmount();
  page = null;
});

const SIGMA_STAR = [1, 0.5];

function showDivergence(diverged: RunDivergence, phase: 'train' | 'finetune') {
  // Only σ* of the worker's info matters to the alert.
  const info = sampleRunInfo({ sigmaStar: SIGMA_STAR });
  store.setState((s) => ({ run: { ...s.run, phase, info, diverged } }));
  page = render(<RunAlerts />, store);
  const alert = page.container.querySelector('[role="alert"]');
  if (!alert) throw new Error('no alert');
  return { text: alert.querySelector('p')?.textContent ?? '', button: alert.querySelector('button')?.textContent ?? '' };
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('RunAlerts', () => {
  it('says what happened once, then exactly one suggestion with the [derived] bound of phase 1', () => {
    const reason = 'objective grew to 3.68e+13 (over 1e+6 times its starting value 1.88) at step 4 with η₁ = 5; rolled back to step 0';
    const { text, button } = showDivergence({ lane: 'regularized', step: 4, reason, suggestedEta: 0.05 }, 'train');
    const { lambda, beta } = DEFAULT_CONFIG;
    const bound = stabilityBound(lambda, beta, SIGMA_STAR[0], DEFAULT_CONFIG.regularizer);
    expect(text).toBe(`The regularized run diverged: ${reason}. Try η₁ ≤ 0.05, below the stability bound min(√β/λ, 0.1/σ*₁) = ${bound.toPrecision(3)} [derived].`);
    expect(count(text, 'at step')).toBe(1);
    expect(count(text, 'Try')).toBe(1);
    expect(button).toBe(`Use η₁ = ${formatNumber(0.05)} and reset`);
  });

  it('uses λ = 0 for the unregularized lane and the loss bound alone when fine-tuning', () => {
    const unregularized = showDivergence({ lane: 'unregularized', step: 9, reason: 'objective became NaN at step 9 with η₁ = 2; rolled back to step 0', suggestedEta: 0.05 }, 'train');
    expect(unregularized.text).toMatch(/Try η₁ ≤ 0\.05, below the stability bound 0\.1\/σ\*₁ = 0\.100 \[derived\]\.$/);
    page?.unmount();
    page = null;
    const finetune = showDivergence({ lane: 'regularized', step: 3, reason: 'loss became infinite at step 3 with η₂ = 4; rolled back to step 0', suggestedEta: 0.05 }, 'finetune');
    expect(finetune.text).toMatch(/: loss became infinite at step 3 with η₂ = 4; rolled back to step 0\. Try η₂ ≤ 0\.05, below the stability bound 0\.1\/σ\*₁ = 0\.100 \[derived\]\.$/);
    expect(finetune.button).toBe('Use η₂ = 0.05 and reset');
  });
});
