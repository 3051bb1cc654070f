// Playback speed of a lab run: how many gradient steps per second the worker lets through,
// so a class can watch columns die. `null` is full speed (as fast as the machine goes).
// The URL key `speed` and the run bar's slider both read this one field spec.
import { parseNumber, type NumberField } from './config';

/** Slowest pace, in steps per second. */
export const MIN_SPEED = 10;
/** Fastest paced setting; the slider's next position is full speed. */
const MAX_PACED_SPEED = 10_000;
/** Slider positions per factor of ten. */
const POSITIONS_PER_DECADE = 3;

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

/** The paced speeds of the slider, log-spaced from MIN_SPEED, rounded to 2 significant digits; full speed follows the last. */
export const SPEED_STOPS: readonly number[] = Array.from(
  { length: Math.round(Math.log10(MAX_PACED_SPEED / MIN_SPEED) * POSITIONS_PER_DECADE) + 1 },
  (_, i) => Number((MIN_SPEED * 10 ** (i / POSITIONS_PER_DECADE)).toPrecision(2)),
);

/** The slider position of a speed: the nearest stop on the log scale, the last position for full speed. */
export function speedPosition(speed: number | null): number {
  if (speed === null) return SPEED_STOPS.length;
  let best = 0;
  for (let i = 1; i < SPEED_STOPS.length; i++) {
    if (Math.abs(Math.log(SPEED_STOPS[i] / speed)) < Math.abs(Math.log(SPEED_STOPS[best] / speed))) best = i;
  }
  return best;
}

/** The speed at a slider position (past the last stop: full speed). */
export function speedAt(position: number): number | null {
  const i = Math.round(position);
  return i >= SPEED_STOPS.length ? null : SPEED_STOPS[Math.max(0, i)];
}

/** Reads a speed from text (a URL value): a number of steps per second in range, or "full". */
export function parseSpeed(raw: string, clamp: boolean): { value: number | null; correction?: string } | { error: string } {
  if (raw.trim().toLowerCase() === FULL_SPEED_TEXT) return { value: null };
  return parseNumber('speed', SPEED_FIELD, raw, clamp, null);
}

/** Wall time a chunk of `steps` steps must span at `speed` (0 at full speed). */
export function pacedMs(steps: number, speed: number | null): number {
  return speed === null ? 0 : (1000 * steps) / speed;
}
