// Property-based fuzzing of the URL reader: generated addresses (known and random keys,
// repeated keys, values of any Unicode with control and bidi characters, malformed
// %-escapes) must always open a valid lab and list what was corrected, with every echoed
// character visible; and any lab state must survive its own link unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, DEFAULT_CONFIG, FIELDS, parseConfig } from '../core/config';
import { FULL_SPEED_TEXT, SPEED_FIELD } from '../core/playback';
import { FUZZ_SEED, UNSAFE_CHARACTERS, awkwardNumber, nastyText, smallConfig } from '../core/fuzzing';
import { parseQuery, toQuery } from './urlState';
import { DEFAULT_VIEW, HIDEABLE, NORM_SCALES, PANELS, SORT_ORDERS, type ViewState } from './view';

const RUNS = 1000;
/** Longest correction line: values are echoed cut to a few dozen characters. */
const MAX_CORRECTION = 600;

/** A view that differs from the default in every field, so its link names every view key. */
const EVERY_VIEW_KEY: ViewState = {
  sort: SORT_ORDERS.find((s) => s !== DEFAULT_VIEW.sort) ?? DEFAULT_VIEW.sort,
  normScale: NORM_SCALES.find((s) => s !== DEFAULT_VIEW.normScale) ?? DEFAULT_VIEW.normScale,
  comparison: !DEFAULT_VIEW.comparison,
  panel: PANELS.find((p) => p !== DEFAULT_VIEW.panel) ?? DEFAULT_VIEW.panel,
  hidden: [...HIDEABLE],
  speed: SPEED_FIELD.min,
  present: !DEFAULT_VIEW.present,
};
const VIEW_KEYS = [...new URLSearchParams(toQuery(DEFAULT_CONFIG, EVERY_VIEW_KEY)).keys()];

const view: fc.Arbitrary<ViewState> = fc.record({
  sort: fc.constantFrom(...SORT_ORDERS),
  normScale: fc.constantFrom(...NORM_SCALES),
  comparison: fc.boolean(),
  panel: fc.constantFrom(...PANELS),
  hidden: fc.uniqueArray(fc.constantFrom(...HIDEABLE)),
  speed: fc.oneof(fc.constant(null), fc.double({ min: SPEED_FIELD.min, max: SPEED_FIELD.max, noNaN: true })),
  present: fc.boolean(),
});

const key = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CONFIG_KEYS, ...VIEW_KEYS) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 8 }), nastyText, fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty')) },
);

const value = fc.oneof(
  awkwardNumber.map(String),
  nastyText,
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', 'NaN', 'Infinity', '-0', '1e999', 'default', '1,0.5', '1,,2', 'true', '1', '0', 'descending', 'log', 'controls,seeds', 'explain', FULL_SPEED_TEXT, 'FULL'),
  fc.constantFrom(...Object.values(FIELDS).flatMap((spec) => (spec.type === 'enum' ? spec.options : []))),
  fc.string({ maxLength: 300 }),
);

/** One `key=value` pair, %-encoded as a browser would, or raw (malformed escapes, stray & and =). */
const pair = fc.tuple(key, value, fc.boolean()).map(([k, v, encode]) => (encode ? new URLSearchParams([[k, v]]).toString() : `${k}=${v}`));

/** A query string of up to a dozen pairs; a small key pool makes repeated keys common. */
const query = fc.tuple(fc.array(pair, { maxLength: 12 }), fc.constantFrom('?', '', '??', '?&')).map(([pairs, lead]) => `${lead}${pairs.join('&')}`);

describe('parseQuery under fuzzing', () => {
  it(`opens a valid lab from ${RUNS} generated addresses and echoes only visible characters`, () => {
    fc.assert(
      fc.property(query, (search) => {
        const parsed = parseQuery(search);
        expect(parseConfig(parsed.config, 'strict')).toEqual({ ok: true, config: parsed.config, corrections: [] });
        expect(SORT_ORDERS).toContain(parsed.view.sort);
        expect(NORM_SCALES).toContain(parsed.view.normScale);
        expect(PANELS).toContain(parsed.view.panel);
        expect(typeof parsed.view.comparison).toBe('boolean');
        expect(typeof parsed.view.present).toBe('boolean');
        if (parsed.view.speed !== null) expect(parsed.view.speed >= SPEED_FIELD.min && parsed.view.speed <= SPEED_FIELD.max).toBe(true);
        for (const part of parsed.view.hidden) expect(HIDEABLE).toContain(part);
        for (const line of parsed.corrections) {
          expect(line.trim().length).toBeGreaterThan(0);
          expect(line.length).toBeLessThanOrEqual(MAX_CORRECTION);
          expect(line).not.toMatch(UNSAFE_CHARACTERS);
        }
      }),
      { seed: FUZZ_SEED, numRuns: RUNS },
    );
  });

  it('gives back any configuration and view from its own link, with nothing to correct', () => {
    fc.assert(
      fc.property(smallConfig, view, (config, shown) => {
        expect(parseQuery(toQuery(config, shown))).toEqual({ config, view: shown, corrections: [] });
      }),
      { seed: FUZZ_SEED + 1, numRuns: 300 },
    );
  });
});
