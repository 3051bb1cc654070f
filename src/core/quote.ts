// The one way a message echoes what it was given (an address, an imported file, a flag):
// quoted, cut to a readable length, with every invisible or direction-changing character
// written as an escape. Raw, a U+202E in a link would reverse the rest of the message
// around it, and a zero-width or line-separator character could hide or forge text.

/** Longest echo, in characters, before it is cut with "…". */
export const MAX_QUOTED = 40;

/**
 * Characters never shown raw: controls (C0, DEL, C1), format characters (bidi embeddings,
 * overrides and isolates, marks, zero-width spaces and joiners, soft hyphen, BOM), line and
 * paragraph separators, and lone surrogates.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const escapeCodeUnit = (character: string): string => `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** `text` with every unsafe character written as \uXXXX (format characters above U+FFFF as their surrogates). */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (character) => Array.from({ length: character.length }, (_, i) => escapeCodeUnit(character[i])).join(''));
}

/** The first `max` characters (code points, so no surrogate pair is split) with "…" when cut. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  // max + 1 code points take at most 2·max + 2 code units: enough to tell whether to cut.
  const points = Array.from(text.slice(0, 2 * max + 2));
  return points.length > max ? `${points.slice(0, max).join('')}…` : text;
}

/** JSON text of a value, or a plain description when JSON has none (undefined, functions, BigInt, cycles). */
function jsonText(value: unknown): string {
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
  } catch {
    // A BigInt or a cycle: described below instead.
  }
  return typeof value === 'object' && value !== null ? Object.prototype.toString.call(value) : String(value);
}

/**
 * A value as a message shows it: a string in double quotes (JSON escapes), anything else as
 * its JSON text; cut to MAX_QUOTED characters and with unsafe characters escaped.
 */
export function quote(value: unknown): string {
  if (typeof value === 'string') return escapeUnsafe(JSON.stringify(cut(value, MAX_QUOTED)));
  return escapeUnsafe(cut(jsonText(value), MAX_QUOTED));
}
