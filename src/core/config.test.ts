import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, DEFAULT_CONFIG, FIELDS, HELD_OUT_MAX, MEMORY_BUDGET_BYTES, formatErrors, heldOutCount, measurementBytes, parseConfig, parseField } from './config';

function errorsOf(input: unknown): string {
  const result = parseConfig(input);
  if (result.ok) throw new Error('expected the configuration to be refused');
  return formatErrors(result.errors);
}

describe('parseConfig (strict)', () => {
  it('fills every missing key with its default', () => {
    const result = parseConfig({});
    expect(result).toEqual({ ok: true, config: DEFAULT_CONFIG, corrections: [] });
  });

  it('accepts the documented keys and keeps the given values', () => {
    const result = parseConfig({ model: 'population', d: 12, k: 20, r: 2, lambda: 0.1, sigmaStar: [0.5, 1] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.model).toBe('population');
    expect(result.config.d).toBe(12);
    expect(result.config.sigmaStar).toEqual([1, 0.5]);
  });

  it('refuses unknown keys, naming the allowed ones', () => {
    expect(errorsOf({ lamda: 0.1 })).toMatch(/unknown key "lamda"; allowed keys are model, d, k/);
  });

  it('refuses keys inherited from Object.prototype', () => {
    expect(errorsOf(JSON.parse('{"constructor": 5}'))).toMatch(/unknown key "constructor"/);
    expect(errorsOf(JSON.parse('{"__proto__": {"d": 3}}'))).toMatch(/unknown key "__proto__"/);
  });

  it('refuses non-positive sizes, NaN and non-integers with the allowed range', () => {
    expect(errorsOf({ d: 0 })).toBe('d must be a whole number from 1 to 1000 (got 0)');
    expect(errorsOf({ k: 2.5 })).toBe('k must be a whole number from 1 to 1000 (got 2.5)');
    expect(errorsOf({ lambda: 'NaN' })).toMatch(/^lambda must be a number from 0 to 100/);
    expect(errorsOf({ eta: 0 })).toBe('eta must be a number greater than 0 and at most 10 (got 0)');
    expect(errorsOf({ eta: -1 })).toMatch(/^eta must be a number greater than 0/);
    expect(errorsOf({ beta: 'Infinity' })).toMatch(/^beta must be finite/);
  });

  it('refuses a rank larger than d or k', () => {
    expect(errorsOf({ d: 5, r: 6 })).toMatch(/r = 6 exceeds d = 5; choose r ≤ d/);
    expect(errorsOf({ d: 10, k: 2, r: 3 })).toMatch(/r = 3 exceeds k = 2/);
  });

  it('refuses a sigmaStar list whose length is not r', () => {
    expect(errorsOf({ r: 3, sigmaStar: [1, 0.5] })).toMatch(/sigmaStar has 2 values but r = 3/);
    expect(errorsOf({ sigmaStar: [1, -1, 0.5] })).toMatch(/sigmaStar must be a list of positive numbers/);
  });

  it('refuses sensing data that would not fit the memory budget and says what to change', () => {
    const message = errorsOf({ d: 200, k: 200, n: 10_000 });
    expect(message).toMatch(
      new RegExp(`n·d² = 400000000 doubles plus ${HELD_OUT_MAX * 40_000} for the ${HELD_OUT_MAX} held-out test measurements \\(3\\.1 GiB in all\\) exceeds the 1\\.0 GiB budget`),
    );
    const suggested = Number(/fewer measurements \(n ≤ (\d+)\)/.exec(message)?.[1]);
    expect(suggested).toBe(Math.floor(MEMORY_BUDGET_BYTES / (8 * 200 * 200)) - HELD_OUT_MAX);
    expect(parseConfig({ d: 200, k: 200, n: suggested }).ok).toBe(true);
    expect(parseConfig({ d: 200, k: 200, n: suggested + 1 }).ok).toBe(false);
  });

  it('counts the held-out set in the budget, which doubles the data while n ≤ HELD_OUT_MAX', () => {
    expect(measurementBytes({ model: 'empirical', d: 10, n: 40 })).toBe(8 * 100 * 80);
    expect(measurementBytes({ model: 'quadratic', d: 10, n: 10 * HELD_OUT_MAX })).toBe(8 * 10 * 11 * HELD_OUT_MAX);
    expect(measurementBytes({ model: 'population', d: 10, n: 10 ** 6 })).toBe(8 * 100);
    expect([heldOutCount({ model: 'empirical', n: 40 }), heldOutCount({ model: 'quadratic', n: 10 ** 6 }), heldOutCount({ model: 'population', n: 40 })]).toEqual([40, HELD_OUT_MAX, 0]);
    const suggested = Number(/\(n ≤ (\d+)\)/.exec(errorsOf({ d: 1000, k: 10, r: 1, n: 1000 }))?.[1]);
    expect(suggested).toBe(Math.floor(Math.floor(MEMORY_BUDGET_BYTES / (8 * 1000 * 1000)) / 2));
    expect(parseConfig({ d: 1000, k: 10, r: 1, n: suggested }).ok).toBe(true);
    expect(parseConfig({ d: 1000, k: 10, r: 1, n: suggested + 1 }).ok).toBe(false);
    const clamped = parseConfig({ d: 1000, k: 10, r: 1, n: 1000 }, 'clamp');
    expect(clamped.ok && clamped.config.n).toBe(suggested);
  });

  it('refuses enumerations outside their options', () => {
    expect(errorsOf({ regularizer: 'C' })).toBe('regularizer must be one of "B", "A" (got "C")');
  });

  it('refuses a non-object', () => {
    expect(errorsOf([1, 2])).toMatch(/must be a JSON object/);
    expect(errorsOf(null)).toMatch(/must be a JSON object/);
  });
});

describe('parseConfig (clamp, for URLs)', () => {
  it('pulls values into range and reports each correction', () => {
    const result = parseConfig({ d: '5000', eta: '-3', r: '99', foo: 'bar' }, 'clamp');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.d).toBe(FIELDS.d.type === 'int' ? FIELDS.d.max : NaN);
    expect(result.config.eta).toBe(DEFAULT_CONFIG.eta);
    expect(result.config.r).toBeLessThanOrEqual(Math.min(result.config.d, result.config.k));
    expect(result.corrections.join('\n')).toMatch(/d 5000 is outside the allowed range/);
    expect(result.corrections.join('\n')).toMatch(/ignored unknown key "foo"/);
    expect(result.corrections.join('\n')).toMatch(/eta -3 is outside the allowed range .*; using the default 0\.02/);
    expect(result.corrections.join('\n')).toMatch(/r = 99 exceeds d or k/);
  });

  it('falls back to the default for unparseable values', () => {
    const result = parseConfig({ lambda: '<script>' }, 'clamp');
    expect(result.ok && result.config.lambda).toBe(DEFAULT_CONFIG.lambda);
    expect(result.ok && result.corrections[0]).toMatch(/lambda must be a number .*; using the default/);
  });
});

describe('parseField', () => {
  it('parses strings from forms and URLs', () => {
    expect(parseField('lambda', '0.2')).toEqual({ value: 0.2 });
    expect(parseField('tau', '')).toEqual({ value: null });
    expect(parseField('truthSeed', 'default')).toEqual({ value: null });
  });

  it('describes every key', () => {
    for (const key of CONFIG_KEYS) expect(FIELDS[key].description.length).toBeGreaterThan(10);
  });
});
