// Property-based fuzzing of the one schema: thousands of configurations inside and outside
// it (wrong types, NaN, ±Infinity, −0, huge sizes, unknown keys, nulls) must each end in a
// valid configuration or a refusal that says what to change, never an exception.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, FIELDS, parseConfig, parseField, type RunConfig } from './config';
import { FUZZ_SEED, UNSAFE_CHARACTERS, configInput, hostileValue } from './fuzzing';

const RUNS = 1000;

/** Longest message a refusal or correction may take (a value is echoed cut to a few dozen characters). */
const MAX_MESSAGE = 600;

function expectReadable(messages: readonly string[]): void {
  for (const message of messages) {
    expect(typeof message).toBe('string');
    expect(message.trim().length).toBeGreaterThan(0);
    expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE);
    expect(message).not.toMatch(UNSAFE_CHARACTERS);
  }
}

/** What an accepted configuration must satisfy: every field valid on its own and the whole accepted again unchanged. */
function expectValid(config: RunConfig): void {
  expect(Object.keys(config).sort()).toEqual([...CONFIG_KEYS].sort());
  for (const key of CONFIG_KEYS) {
    expect(Object.is(config[key], -0), `${key} is −0`).toBe(false);
    const again = parseField(key, config[key]);
    expect('value' in again ? again.value : again, key).toEqual(config[key]);
  }
  expect(config.r).toBeLessThanOrEqual(Math.min(config.d, config.k));
  expect(parseConfig(config, 'strict')).toEqual({ ok: true, config, corrections: [] });
}

describe('parseConfig under fuzzing', () => {
  it(`strict mode accepts a valid configuration or refuses with messages, for ${RUNS} generated inputs`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(configInput, (input) => {
        const result = parseConfig(input, 'strict');
        if (result.ok) {
          accepted++;
          expect(result.corrections).toEqual([]);
          expectValid(result.config);
        } else {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const error of result.errors) expect(typeof error.field).toBe('string');
          expectReadable(result.errors.map((e) => e.message));
        }
      }),
      { seed: FUZZ_SEED, numRuns: RUNS },
    );
    // The generator reaches both sides of the schema.
    expect(accepted).toBeGreaterThan(RUNS / 50);
    expect(accepted).toBeLessThan(RUNS);
  });

  it(`clamp mode (links) repairs what it can and says what it changed, for ${RUNS} generated inputs`, () => {
    fc.assert(
      fc.property(configInput, (input) => {
        const result = parseConfig(input, 'clamp');
        if (result.ok) {
          expectValid(result.config);
          expectReadable(result.corrections);
        } else {
          expectReadable(result.errors.map((e) => e.message));
        }
      }),
      { seed: FUZZ_SEED + 1, numRuns: RUNS },
    );
  });

  it('parseField answers any value for any key with a value or an error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CONFIG_KEYS), hostileValue, fc.boolean(), (key, raw, clamp) => {
        const result = parseField(key, raw, clamp);
        if ('error' in result) expectReadable([result.error]);
        else {
          if (result.correction !== undefined) expectReadable([result.correction]);
          const spec = FIELDS[key];
          if (spec.type === 'int' || spec.type === 'number') {
            const value = result.value as number | null;
            if (value !== null) expect(Number.isFinite(value)).toBe(true);
          }
        }
      }),
      { seed: FUZZ_SEED + 2, numRuns: RUNS },
    );
  });

  it('refuses anything that is not an object', () => {
    fc.assert(
      fc.property(hostileValue.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)), (input) => {
        for (const mode of ['strict', 'clamp'] as const) {
          const result = parseConfig(input, mode);
          expect(result.ok).toBe(false);
          if (!result.ok) expectReadable(result.errors.map((e) => e.message));
        }
      }),
      { seed: FUZZ_SEED + 3, numRuns: 200 },
    );
  });
});
