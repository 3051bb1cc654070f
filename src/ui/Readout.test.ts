import { describe, expect, it } from 'vitest';
import { progressText } from './Readout';

describe('progressText', () => {
  it('gives the steps done of the phase budget and, while a rate is measured, the time left', () => {
    expect(progressText(1000, 4000, 0)).toBe('1\u2009000 of 4\u2009000 steps');
    expect(progressText(1000, 4000, 20)).toBe('1\u2009000 of 4\u2009000 steps · about 2 min 30 s left');
    expect(progressText(4000, 4000, 20)).toBe('4\u2009000 of 4\u2009000 steps');
    expect(progressText(5000, 4000, 20)).toBe('4\u2009000 of 4\u2009000 steps');
  });
});
