import { describe, expect, it } from 'vitest';
import { learnabilityBound, stabilityBound } from '../../core/theory';
import { assessLearnability, betaNote, etaNote, lambdaNote } from './theoryNotes';

const sigmaStar = [1, 0.75, 0.5];

describe('lambdaNote', () => {
  it('reports the learnable range when every direction can be learned', () => {
    const note = lambdaNote(0.05, 0.01, 'B', sigmaStar);
    expect(note?.warning).toBe(false);
    expect(note?.text).toContain(String(Number(learnabilityBound(0.5, 0.01, 'B').toPrecision(3))));
  });

  it('warns how many directions get stuck when λ is too large', () => {
    const lambda = (learnabilityBound(0.75, 0.01, 'B') + learnabilityBound(0.5, 0.01, 'B')) / 2;
    const note = lambdaNote(lambda, 0.01, 'B', sigmaStar);
    expect(note?.warning).toBe(true);
    expect(note?.text).toContain('1 of 3 directions');
  });

  it('says nothing when σ* is unknown', () => {
    expect(lambdaNote(0.05, 0.01, 'B', [])).toBeNull();
  });

  it('calls every direction stuck only above the bound of σ*₁, and the ones between only at risk', () => {
    const top = learnabilityBound(1, 0.01, 'B');
    expect(assessLearnability(top * 1.01, 0.01, 'B', sigmaStar)?.kind).toBe('stuck');
    expect(lambdaNote(top * 1.01, 0.01, 'B', sigmaStar)?.text).toContain('all 3 directions stay stuck');
    const between = assessLearnability(top * 0.99, 0.01, 'B', sigmaStar);
    expect(between).toMatchObject({ kind: 'atRisk', atRisk: 2, directions: 3 });
    expect(lambdaNote(top * 0.99, 0.01, 'B', sigmaStar)?.text).toContain('at risk');
    expect(assessLearnability(0.01, 0.01, 'B', sigmaStar)?.kind).toBe('learnable');
  });

  it('lists the bound of every direction, or the two ends when there are many', () => {
    expect(lambdaNote(0.01, 0.01, 'B', sigmaStar)?.text).toContain('λ < 0.2, 0.15, 0.1;');
    const many = Array.from({ length: 10 }, (_, j) => 1 - j * 0.09);
    expect(lambdaNote(0.01, 0.01, 'B', many)?.text).toContain(`λ < 0.2 … ${String(Number(learnabilityBound(many[9], 0.01, 'B').toPrecision(3)))};`);
  });
});

describe('betaNote', () => {
  it('states the λ range that β allows and the derived default τ', () => {
    const note = betaNote(0.05, 0.01, 'B', sigmaStar, Math.sqrt(0.02));
    expect(note?.warning).toBe(false);
    expect(note?.text).toContain(String(Number(learnabilityBound(0.5, 0.01, 'B').toPrecision(3))));
    expect(note?.text).toContain('√(2β) = 0.141');
  });

  it('warns when this β leaves λ above a bound', () => {
    expect(betaNote(0.5, 0.01, 'B', sigmaStar, Math.sqrt(0.02))?.warning).toBe(true);
  });
});

describe('etaNote', () => {
  it('compares η₁ with the derived stability bound', () => {
    const bound = stabilityBound(0.05, 0.01, 1, 'B');
    expect(etaNote(bound / 2, 0.05, 0.01, 'B', 1)?.warning).toBe(false);
    expect(etaNote(bound * 2, 0.05, 0.01, 'B', 1)?.warning).toBe(true);
  });

  it('says nothing when no bound applies', () => {
    expect(etaNote(0.1, 0, 0.01, 'B', null)).toBeNull();
  });
});
