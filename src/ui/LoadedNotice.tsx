import { useEffect, useRef } from 'react';
import { sameConfig, type RunConfig } from '../core/config';
import { useLabStore } from '../state/store';

/** A sweep point loaded into the lab, and how the sweep named it. */
export interface LoadedPoint {
  config: RunConfig;
  /** "λ = 0.01, β = 0.001 (exactly r columns) from the phase diagram". */
  text: string;
}

/**
 * In the run bar after a sweep point was loaded: what was loaded and what to do next, shown
 * only while it is true (the lab still holds that configuration, untrained). It takes the
 * focus when it appears, since the element clicked on the Sweep tab is hidden now.
 */
export function LoadedNotice({ point }: { point: LoadedPoint | null }) {
  const shown = useLabStore(
    (s) => point !== null && sameConfig(s.params.config, point.config) && s.run.phase === 'train' && (s.run.lanes.regularized?.step ?? 0) === 0,
  );
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (point) ref.current?.focus();
  }, [point]);
  if (!point || !shown) return null;
  return (
    <div className="pl-alert pl-notice" role="status" tabIndex={-1} ref={ref} data-testid="loaded-notice">
      <p>Loaded {point.text}: press Train to watch it.</p>
    </div>
  );
}
