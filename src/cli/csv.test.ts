import { describe, expect, it } from 'vitest';
import { recordsToCsv, toCsv } from './csv';

describe('toCsv', () => {
  it('writes a header and one line per row, numbers at full precision', () => {
    const text = toCsv(['step', 'loss'], [[0, 0.1 + 0.2], [20, 1e-12]]);
    expect(text).toBe('step,loss\n0,0.30000000000000004\n20,1e-12\n');
    expect(Number(text.split('\n')[1].split(',')[1])).toBe(0.1 + 0.2);
  });

  it('quotes cells with commas, quotes or newlines and leaves missing values empty', () => {
    const text = toCsv(['name', 'value'], [['a, "b"', null], ['line\nbreak', undefined]]);
    expect(text).toBe('name,value\n"a, ""b""",\n"line\nbreak",\n');
  });

  it('refuses a row with the wrong number of cells', () => {
    expect(() => toCsv(['a', 'b'], [[1]])).toThrow(/row 1 has 1 cells but there are 2 columns/);
  });
});

describe('recordsToCsv', () => {
  it('takes the named properties in order', () => {
    const text = recordsToCsv<{ step: number; loss: number; objective?: number }>(
      ['step', 'loss', 'objective'],
      [{ step: 0, loss: 2, objective: 3 }, { step: 1, loss: 1 }],
    );
    expect(text).toBe('step,loss,objective\n0,2,3\n1,1,\n');
  });
});
