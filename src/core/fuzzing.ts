// fast-check generators for the fuzz tests (config, models, run files, URLs). They read the
// schema (FIELDS), so a new configuration key is fuzzed without touching this file. Test-only.
import fc from 'fast-check';
import { FIELDS, parseConfig, type ConfigKey, type FieldSpec, type RunConfig } from './config';

/** Runs of every fuzz property start from this seed, so a failure repeats exactly. */
export const FUZZ_SEED = 20231130;

/** Characters that must never reach a message raw: controls, bidi overrides and isolates, zero-width, separators, lone surrogates. */
export const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

const NASTY_CHARACTERS = ['\u202E', '\u202D', '\u2066', '\u2069', '\u200F', '\u061C', '\u200B', '\uFEFF', '\u0000', '\u0007', '\u001B', '\n', '\u0085', '\u009B', '\u2028', '\uD800', '\uDFFF', '"', '\\', '<', '&', '=', '%', '+', ','];

/** Text with control and bidi characters mixed into any Unicode. */
export const nastyText: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom(...NASTY_CHARACTERS)), { maxLength: 8 })
  .map((parts) => parts.join(''));

/** Numbers JSON and forms make awkward: NaN, ±Infinity, −0, huge, tiny and fractional. */
export const awkwardNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, 1e-300, 5e-324, 1e300, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, -(2 ** 31)),
  fc.double(),
  fc.integer(),
);

/** Values of the wrong type or out of any range, as JSON, forms or a JS caller could hand them over. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  awkwardNumber,
  awkwardNumber.map(String),
  fc.constantFrom(null, undefined, true, false, '', ' ', 'NaN', 'Infinity', '-0', '1e999', '0x10', '1_000', 'default', '[]', '{}'),
  nastyText,
  fc.array(fc.oneof(awkwardNumber, fc.string()), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 5 }), awkwardNumber, { maxKeys: 3 }),
  fc.anything({ maxDepth: 2 }),
);

/** A value the spec accepts (sizes capped by `caps`), as the number or list itself. */
function validValue(spec: FieldSpec, cap?: number): fc.Arbitrary<unknown> {
  if (spec.type === 'enum') return fc.constantFrom(...spec.options);
  if (spec.type === 'list') {
    return fc.oneof(fc.constant(null), fc.array(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 4 }));
  }
  const max = Math.min(spec.max, cap ?? spec.max);
  const number =
    spec.type === 'int'
      ? fc.integer({ min: spec.min, max })
      : fc.double({ min: spec.min, max, noNaN: true, minExcluded: !spec.minInclusive }).map((x) => (Object.is(x, -0) ? 0 : x));
  return spec.nullable ? fc.oneof(fc.constant(null), number) : number;
}

/** Just inside and just outside a number field's range. */
function boundaryValue(spec: FieldSpec): fc.Arbitrary<unknown> {
  if (spec.type !== 'int' && spec.type !== 'number') return validValue(spec);
  return fc.constantFrom(spec.min, spec.max, spec.min - 1, spec.max + 1, spec.max * 10, spec.min + 0.5, -spec.max);
}

/** Any value for a field: valid, on its boundary, as a string, or hostile. */
function fieldValue(spec: FieldSpec): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: validValue(spec) },
    { weight: 2, arbitrary: boundaryValue(spec) },
    { weight: 1, arbitrary: validValue(spec).map((v) => (Array.isArray(v) ? v.join(',') : String(v))) },
    { weight: 2, arbitrary: hostileValue },
  );
}

const SCHEMA = Object.entries(FIELDS) as [ConfigKey, FieldSpec][];

/**
 * A configuration object inside and outside the schema: any subset of keys with valid
 * values (as numbers or strings), some of them replaced by boundary or hostile values,
 * sometimes with unknown keys.
 */
export const configInput: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.record(Object.fromEntries(SCHEMA.map(([key, spec]) => [key, validValue(spec)])), { requiredKeys: [] }),
    fc.oneof(
      { weight: 1, arbitrary: fc.constant({}) },
      { weight: 3, arbitrary: fc.record(Object.fromEntries(SCHEMA.map(([key, spec]) => [key, fieldValue(spec)])), { requiredKeys: [] }) },
      { weight: 3, arbitrary: fc.constantFrom(...SCHEMA).chain(([key, spec]) => fieldValue(spec).map((value) => ({ [key]: value }))) },
    ),
    fc.oneof(
      { weight: 4, arbitrary: fc.constant({}) },
      { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), nastyText, fc.constantFrom('__proto__', 'constructor', 'toString')), hostileValue, { maxKeys: 3 }) },
    ),
  )
  .map(([valid, corrupted, unknown]) => ({ ...unknown, ...valid, ...corrupted }));

/** Caps that keep a generated problem to a few milliseconds of work per run. */
const SMALL: Partial<Record<ConfigKey, number>> = { d: 6, k: 8, r: 6, n: 40, steps: 30, fineTuneSteps: 20, checkpointEvery: 10 };

/**
 * A valid configuration with small sizes; every other field ranges over its whole schema
 * (λ up to 100, η up to 10, κ up to 10⁶…), so divergence and degenerate runs come up too.
 */
export const smallConfig: fc.Arbitrary<RunConfig> = fc
  .record(Object.fromEntries(SCHEMA.map(([key, spec]) => [key, validValue(spec, SMALL[key])])))
  .map((raw) => {
    const r = Math.min(raw.r as number, raw.d as number, raw.k as number);
    const sigmaStar = raw.sigmaStar as number[] | null;
    const fitted = sigmaStar ? Array.from({ length: r }, (_, i) => sigmaStar[i % sigmaStar.length]) : null;
    const parsed = parseConfig({ ...raw, r, sigmaStar: fitted }, 'strict');
    if (!parsed.ok) throw new Error(`the small-config generator made an invalid config: ${parsed.errors.map((e) => e.message).join('; ')}`);
    return parsed.config;
  });
