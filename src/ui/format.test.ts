import { describe, expect, it } from 'vitest';
import { formatCount } from './format';

describe('formatCount', () => {
  it('groups thousands with a space a line cannot break at', () => {
    expect(formatCount(4000)).toBe('4\u202f000');
    expect(formatCount(1234567.4)).toBe('1\u202f234\u202f567');
    expect(formatCount(999)).toBe('999');
  });
});
