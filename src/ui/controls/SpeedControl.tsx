import { useId } from 'react';
import { SPEED_FIELD } from '../../core/playback';
import { useLabActions, useLabStore } from '../../state/store';
import { formatCount } from '../format';
import { logChoices, nearestChoice } from './logScale';

/** The slider's paced speeds (1-2-5 steps per second); the position after the last is full speed. */
const SPEED_CHOICES = logChoices(SPEED_FIELD.min, SPEED_FIELD.max, false);
const FULL_POSITION = SPEED_CHOICES.length;

const positionOf = (speed: number | null): number => (speed === null ? FULL_POSITION : nearestChoice(SPEED_CHOICES, speed));
const speedAt = (position: number): number | null => (position >= FULL_POSITION ? null : SPEED_CHOICES[Math.max(0, position)]);

/** The speed one slider position faster (+1) or slower (−1), for the `+` and `-` keys. */
export function nextSpeed(speed: number | null, direction: 1 | -1): number | null {
  return speedAt(Math.min(FULL_POSITION, Math.max(0, positionOf(speed) + direction)));
}

/** "200 steps/s" or "full speed". */
export function speedText(speed: number | null): string {
  return speed === null ? 'full speed' : `${formatCount(speed)} steps/s`;
}

/**
 * Playback speed, a slider named "Speed" on a log scale from SPEED_FIELD.min steps per
 * second to full speed (the default), so a class can watch the columns die. The worker
 * paces its chunks to it; it lives in the view and the URL (`speed`).
 */
export function SpeedControl() {
  const id = useId();
  const speed = useLabStore((s) => s.view.speed);
  const { setView } = useLabActions();
  return (
    <div className="pl-speed-control">
      <label htmlFor={id} className="pl-field-label">
        Speed
      </label>
      <input
        id={id}
        type="range"
        min={0}
        max={FULL_POSITION}
        step={1}
        value={positionOf(speed)}
        aria-valuetext={speedText(speed)}
        aria-keyshortcuts="+ -"
        onChange={(event) => setView({ speed: speedAt(Number(event.target.value)) })}
      />
      <output htmlFor={id} data-testid="speed-value">
        {speedText(speed)}
      </output>
    </div>
  );
}
