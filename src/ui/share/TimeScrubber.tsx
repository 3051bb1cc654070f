import { useEffect, useId, useState } from 'react';
import type { Checkpoint, CheckpointRing } from '../../state/checkpoints';
import { useLabActions, useLabStore } from '../../state/store';
import { formatCount } from '../format';
import { useThresholdEvents } from '../panels/thresholdEvents';

export interface TimeScrubberProps {
  /**
   * Called with the chosen checkpoint (show its column norms), or null for "back to live";
   * by default it sets the lab store's `timeline.shown`, which the charts read.
   */
  onSelect?: (checkpoint: Checkpoint | null) => void;
  /** The recorded checkpoints; the lab's by default. */
  ring?: CheckpointRing;
}

/**
 * The slider re-reads the ring at most this often: frames arrive at up to 60 per second and
 * the scrubber must not re-render the page at that rate.
 */
export const SCRUBBER_REFRESH_MS = 250;

const describe = (checkpoint: Checkpoint): string =>
  `${checkpoint.phase === 'train' ? 'Phase 1 (training)' : 'Fine-tuning'}, step ${formatCount(checkpoint.step)}`;

/** Follows the ring's changes, throttled; returns its version so the component re-reads it. */
function useThrottledVersion(ring: CheckpointRing): number {
  const [version, setVersion] = useState(() => ring.getVersion());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      setVersion(ring.getVersion());
    };
    const stop = ring.subscribe(() => {
      timer ??= setTimeout(flush, SCRUBBER_REFRESH_MS);
    });
    flush();
    return () => {
      stop();
      if (timer !== null) clearTimeout(timer);
    };
  }, [ring]);
  return version;
}

/**
 * "Checkpoint": a slider over the recorded checkpoints to look back at earlier column norms,
 * and a "Live" button to follow the run again.
 */
export function TimeScrubber(props: TimeScrubberProps) {
  const { showCheckpoint } = useLabActions();
  const labRing = useLabStore((s) => s.timeline.checkpoints);
  const onSelect = props.onSelect ?? showCheckpoint;
  const ring = props.ring ?? labRing;
  const readoutId = useId();
  useThrottledVersion(ring);
  const [selected, setSelected] = useState<Checkpoint | null>(null);
  const checkpoints = ring.list();

  // A new run clears the ring: whatever was selected no longer exists, so go back to live.
  const stale = selected !== null && checkpoints.length === 0;
  useEffect(() => {
    if (stale) {
      setSelected(null);
      onSelect(null);
    }
  }, [stale, onSelect]);

  const live = selected === null || stale;
  const last = checkpoints.length - 1;
  // Thinning may have dropped the selected checkpoint; the slider then sits on the nearest one.
  const index = live ? last : Math.max(0, checkpoints.indexOf(ring.nearest(selected.position) as Checkpoint));
  const shown = checkpoints[index];

  const choose = (next: number) => {
    const checkpoint = checkpoints[next];
    if (!checkpoint) return;
    setSelected(checkpoint);
    onSelect(checkpoint);
  };

  const goLive = () => {
    setSelected(null);
    onSelect(null);
  };

  // Tick marks under the slider at the checkpoints where a column crossed τ or r was first reached.
  const events = useThresholdEvents('regularized');
  const markId = useId();
  const marks = new Set<number>();
  for (const event of events) {
    const at = checkpoints.findIndex((checkpoint) => checkpoint.phase === 'train' && checkpoint.step >= event.step);
    if (at >= 0) marks.add(at);
  }

  const readout = checkpoints.length === 0
    ? 'No checkpoints recorded yet.'
    : live
      ? `Live (${formatCount(checkpoints.length)} checkpoint${checkpoints.length === 1 ? '' : 's'} recorded)`
      : `Showing ${describe(shown)} — checkpoint ${index + 1} of ${checkpoints.length}`;

  return (
    <div className="pl-time-scrubber" role="group" aria-label="Time scrubber">
      <input
        type="range"
        aria-label="Checkpoint"
        aria-describedby={readoutId}
        aria-valuetext={shown ? describe(shown) : 'none'}
        min={0}
        max={Math.max(0, last)}
        step={1}
        value={Math.max(0, index)}
        disabled={checkpoints.length < 2}
        list={marks.size ? markId : undefined}
        onChange={(event) => choose(Number(event.target.value))}
      />
      {marks.size ? (
        <datalist id={markId} data-testid="scrubber-event-marks">
          {[...marks].map((at) => (
            <option key={at} value={at} />
          ))}
        </datalist>
      ) : null}
      <button type="button" aria-pressed={live} onClick={goLive}>
        Live
      </button>
      <span id={readoutId} className="pl-status">
        {readout}
      </span>
    </div>
  );
}
