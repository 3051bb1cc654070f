import { describe, expect, it } from 'vitest';
import { defaultTau, finiteSampleErrorScale, learnabilityBound, learnableDirections, predictedBias, stabilityBound, stabilityBoundFormula, suggestedStepSize, divergenceAdvice } from './theory';

describe('theory guides of math.md §5', () => {
  it('default τ = √(2β)', () => {
    expect(defaultTau(0.01)).toBeCloseTo(Math.SQRT2 / 10, 15);
    expect(defaultTau(0.5)).toBe(1);
  });

  it('learnability bound: 2σ√β for form B, 4σ√β for form A', () => {
    expect(learnabilityBound(1, 0.01, 'B')).toBeCloseTo(0.2, 15);
    expect(learnabilityBound(0.5, 0.04, 'A')).toBeCloseTo(0.4, 15);
    const sigma = [1, 0.75, 0.5];
    // Form B bounds 0.2, 0.15, 0.1.
    expect(learnableDirections(sigma, 0.05, 0.01, 'B')).toBe(3);
    expect(learnableDirections(sigma, 0.12, 0.01, 'B')).toBe(2);
    expect(learnableDirections(sigma, 0.2, 0.01, 'B')).toBe(0);
    // Form A bounds 0.4, 0.3, 0.2; the bound itself is not learnable.
    expect(learnableDirections(sigma, 0.2, 0.01, 'A')).toBe(2);
  });

  it('stability bound min(√β/λ, 0.1/σ*_1), leaving out absent terms', () => {
    expect(stabilityBound(0.05, 0.01, 1)).toBeCloseTo(0.1, 15);
    expect(stabilityBound(0.5, 0.01, 1)).toBeCloseTo(0.1, 15);
    expect(stabilityBound(0.5, 0.01, 0.25)).toBeCloseTo(0.2, 15);
    expect(stabilityBound(2, 0.01, 1)).toBeCloseTo(0.05, 15);
    // Form A: w(0) = 1/√β, so the penalty term is 2√β/λ.
    expect(stabilityBound(2, 0.01, 1, 'A')).toBeCloseTo(0.1, 15);
    expect(stabilityBound(0, 0.01, 2)).toBeCloseTo(0.05, 15);
    expect(stabilityBound(0.05, 0.01, null)).toBeCloseTo(2, 15);
    expect(stabilityBound(0, 0.01, null)).toBe(Infinity);
  });

  it('suggests half the bound or half the step, rounded down to one digit', () => {
    expect(suggestedStepSize(0.5, 0.1)).toBe(0.05);
    expect(suggestedStepSize(0.12, 1)).toBe(0.06);
    expect(suggestedStepSize(10, 0.6)).toBe(0.3);
    expect(suggestedStepSize(1.5, Infinity)).toBe(0.7);
    expect(suggestedStepSize(0.5, 0.1414)).toBe(0.07);
    expect(suggestedStepSize(300, 5000)).toBe(100);
  });

  it('predicted bias (λ/4)√(Σ 1/σ*_j) and the finite-sample scale σ√(rd/n)', () => {
    expect(predictedBias(0.05, [1, 0.833, 0.667, 0.5])).toBeCloseTo(0.0125 * Math.sqrt(1 + 1 / 0.833 + 1 / 0.667 + 2), 15);
    expect(predictedBias(0, [1])).toBe(0);
    expect(finiteSampleErrorScale(0.1, 3, 30, 1200)).toBeCloseTo(0.1 * Math.sqrt(90 / 1200), 15);
  });

  it('names the terms of the stability bound that apply', () => {
    expect(stabilityBoundFormula(0.05, 1, 'B')).toBe('min(√β/λ, 0.1/σ*₁)');
    expect(stabilityBoundFormula(0.05, 1, 'A')).toBe('min(2√β/λ, 0.1/σ*₁)');
    expect(stabilityBoundFormula(0.05, null, 'B')).toBe('√β/λ');
    expect(stabilityBoundFormula(0, 1, 'B')).toBe('0.1/σ*₁');
  });

  it('advises one step size after divergence, with the bound of the phase that diverged', () => {
    const hyper = { lambda: 0.5, beta: 0.01, regularizer: 'B' as const };
    // Phase 1: min(√β/λ, 0.1/σ*₁) = min(0.2, 0.1) with σ*₁ = 1.
    expect(divergenceAdvice('η₁', 0.05, 'train', hyper, 1)).toBe('Try η₁ ≤ 0.05, below the stability bound min(√β/λ, 0.1/σ*₁) = 0.100 [derived].');
    // Fine-tuning has no penalty: only the loss term.
    expect(divergenceAdvice('fineTuneEta', 0.2, 'finetune', hyper, 0.25)).toBe('Try fineTuneEta ≤ 0.2, below the stability bound 0.1/σ*₁ = 0.400 [derived].');
    // No bound applies (λ = 0, σ*₁ unknown): the suggestion alone.
    expect(divergenceAdvice('eta', 0.7, 'train', { ...hyper, lambda: 0 }, null)).toBe('Try eta ≤ 0.7.');
  });
});
