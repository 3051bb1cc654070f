import { describe, expect, it } from 'vitest';
import { stuckWarning } from './TheoryWarnings';

describe('stuckWarning', () => {
  it('says columns stay stuck at 0 only while none has grown', () => {
    expect(stuckWarning(0.2, 0.11, undefined)).toContain('every column will stay stuck at 0');
    expect(stuckWarning(0.2, 0.11, { phase: 'train', step: 0, aboveTau: 0 })).toContain('stay stuck at 0');
  });

  it('mid-run, with columns above τ, says what is true now instead of "stuck at 0"', () => {
    const text = stuckWarning(0.2, 0.11, { phase: 'train', step: 1500, aboveTau: 3 });
    expect(text).not.toContain('stuck');
    expect(text).toContain('the 3 columns now above τ are expected to shrink back toward 0');
  });

  it('says nothing once pruned: fine-tuning trains without the penalty', () => {
    expect(stuckWarning(0.2, 0.11, { phase: 'finetune', step: 10, aboveTau: 3 })).toBeNull();
  });
});
