import { describe, expect, it } from 'vitest';
import { learnabilityBound, stabilityBound } from '../../core/theory';
import { etaNote, lambdaNote } from './theoryNotes';

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
