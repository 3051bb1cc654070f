import { describe, expect, it } from 'vitest';
import { nextTourAction, type TourProgress } from './tourPlan';

const at = (patch: Partial<TourProgress>): TourProgress => ({ scenarioLoaded: true, status: 'idle', phase: 'train', ...patch });

describe('nextTourAction', () => {
  it('loads the scenario first, then waits while the run is built or running', () => {
    expect(nextTourAction('train', at({ scenarioLoaded: false }))).toBe('apply');
    expect(nextTourAction('fineTune', at({ status: 'loading' }))).toBeNull();
    expect(nextTourAction('prune', at({ status: 'running' }))).toBeNull();
  });

  it('trains a fresh run, leaves a paused or finished one alone, and goes back to U₀ after pruning', () => {
    expect(nextTourAction('train', at({}))).toBe('train');
    expect(nextTourAction('train', at({ status: 'paused' }))).toBeNull();
    expect(nextTourAction('train', at({ status: 'done' }))).toBeNull();
    expect(nextTourAction('train', at({ phase: 'finetune', status: 'paused' }))).toBe('reset');
  });

  it('prunes only once phase 1 has used its budget, training until then', () => {
    expect(nextTourAction('prune', at({}))).toBe('train');
    expect(nextTourAction('prune', at({ status: 'done' }))).toBe('prune');
    expect(nextTourAction('prune', at({ phase: 'finetune', status: 'paused' }))).toBeNull();
  });

  it('fine-tunes the pruned model until its budget is used', () => {
    expect(nextTourAction('fineTune', at({ status: 'done' }))).toBe('prune');
    expect(nextTourAction('fineTune', at({ phase: 'finetune', status: 'paused' }))).toBe('fineTune');
    expect(nextTourAction('fineTune', at({ phase: 'finetune', status: 'done' }))).toBeNull();
  });

  it('does nothing at a stop without a run (the phase diagram)', () => {
    expect(nextTourAction(null, at({ scenarioLoaded: false }))).toBeNull();
  });
});
