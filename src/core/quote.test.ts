import { describe, expect, it } from 'vitest';
import { MAX_QUOTED, escapeUnsafe, quote } from './quote';

describe('quote', () => {
  it('shows strings in double quotes and other values as their JSON text', () => {
    expect(quote('abc')).toBe('"abc"');
    expect(quote('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
    expect(quote(5)).toBe('5');
    expect(quote(null)).toBe('null');
    expect(quote([1, 'x'])).toBe('[1,"x"]');
    expect(quote({ a: true })).toBe('{"a":true}');
  });

  it('describes values JSON cannot write instead of throwing', () => {
    expect(quote(undefined)).toBe('undefined');
    expect(quote(10n)).toBe('10');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(quote(cycle)).toBe('[object Object]');
    expect(quote(Object.create(null))).toBe('{}');
  });

  it('escapes a right-to-left override, so it cannot reverse the text after it', () => {
    expect(quote('evil\u202Etxt.exe')).toBe('"evil\\u202Etxt.exe"');
  });

  it('escapes controls, bidi marks and isolates, zero-width and separator characters and lone surrogates', () => {
    const unsafe = ['\u0000', '\u0007', '\n', '\u007F', '\u0085', '\u009B', '\u00AD', '\u061C', '\u200B', '\u200D', '\u200E', '\u200F', '\u2028', '\u2029', '\u202A', '\u202D', '\u2066', '\u2069', '\uFEFF', '\uD800', '\uDFFF'];
    for (const character of unsafe) {
      const shown = quote(`a${character}b`);
      // JSON's own escapes (\n, \u0000, \ud800) or ours (\u202E): a backslash, never the character.
      expect(shown, `U+${character.charCodeAt(0).toString(16)}`).toMatch(/^"a\\(u[0-9A-Fa-f]{4}|[bfnrt])b"$/);
    }
    // A tag character above U+FFFF (format, invisible) is escaped as its two surrogates.
    expect(escapeUnsafe('x\u{E0041}y')).toBe('x\\uDB40\\uDC41y');
  });

  it('keeps visible text of any script, including emoji and surrogate pairs', () => {
    expect(quote('λ = 0.5 · 日本 😀')).toBe('"λ = 0.5 · 日本 😀"');
    expect(quote('שלום')).toBe('"שלום"');
  });

  it(`cuts long input at ${MAX_QUOTED} characters without splitting a surrogate pair`, () => {
    expect(quote('x'.repeat(500))).toBe(`"${'x'.repeat(MAX_QUOTED)}…"`);
    expect(quote('😀'.repeat(MAX_QUOTED))).toBe(`"${'😀'.repeat(MAX_QUOTED)}"`);
    expect(quote('😀'.repeat(MAX_QUOTED + 1))).toBe(`"${'😀'.repeat(MAX_QUOTED)}…"`);
    expect(quote(Array.from({ length: 100 }, (_, i) => i))).toMatch(/^\[0,1,2,.*…$/);
    expect(quote(Array.from({ length: 100 }, (_, i) => i))).toHaveLength(MAX_QUOTED + 1);
  });
});
