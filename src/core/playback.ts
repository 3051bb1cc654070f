// Playback speed of a lab run: how many gradient steps per second the worker lets through,
// so a class can watch columns die. `null` is full speed (as fast as the machine goes).
// The URL key `speed` and the run bar's slider both read this one field spec.
import { parseNumber, type NumberField } from './config';

/** Slowest pace, in steps per second. */
export const MIN_SPEED = 10;
/** Fastest paced setting; faster than this is full speed. */
const MAX_PACED_SPEED = 10_000;

export const SPEED_FIELD: NumberField = {
  type: 'number',
  label: 'Speed',
  min: MIN_SPEED,
  max: MAX_PACED_SPEED,
  minInclusive: true,
  logScale: true,
  nullable: true,
  description: 'gradient steps per second while training; "full" (or nothing) runs as fast as the machine allows',
};

/** What the URL writes for full speed (read as well as an empty value). */
export const FULL_SPEED_TEXT = 'full';

/** Reads a speed from text (a URL value): a number of steps per second in range, or "full". */
export function parseSpeed(raw: string, clamp: boolean): { value: number | null; correction?: string } | { error: string } {
  if (raw.trim().toLowerCase() === FULL_SPEED_TEXT) return { value: null };
  return parseNumber('speed', SPEED_FIELD, raw, clamp, null);
}

/** Wall time `steps` steps span at `speed` steps per second. */
export function pacedMs(steps: number, speed: number): number {
  return (1000 * steps) / speed;
}

/** Steps that are due `elapsedMs` after the start at `speed` steps per second. */
export function stepsDue(elapsedMs: number, speed: number): number {
  return Math.floor((elapsedMs * speed) / 1000);
}
