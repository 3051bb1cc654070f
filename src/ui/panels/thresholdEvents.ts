// The run's threshold events as the page reads them out, and a hook that follows them.
import { useCallback, useSyncExternalStore } from 'react';
import type { ThresholdEvent } from '../../core/thresholdEvents';
import type { LaneId } from '../../core/session';
import { useFrameBus } from '../../state/store';
import type { FrameListener } from '../../worker/frameBus';
import { formatCount } from '../format';
import { subscribeFramesAtSummaryRate } from './summaryRateFrames';

/** "column 7 fell below τ at step 1 830"; "exactly r = 3 columns above τ for the first time at step 2 314". */
export function thresholdEventText(event: ThresholdEvent): string {
  const at = `at step ${formatCount(event.step)}`;
  if (event.kind === 'reachedRank') return `exactly r = ${event.r} columns above τ for the first time ${at}`;
  return `column ${event.column} ${event.direction === 'up' ? 'rose above' : 'fell below'} τ ${at}`;
}

/**
 * What the events say about exactly r columns above τ, true of the run now: "exactly r above
 * τ since step S" while r stand above it (S: the last crossing, after which the count has not
 * changed); "exactly r above τ first at step N, now M" when the count passed through r and
 * moved on (columns first rise past r, then the extra ones fall back); null before it reached r.
 */
export function rankSummary(events: readonly ThresholdEvent[], aboveTau: number): string | null {
  const reached = events.find((event) => event.kind === 'reachedRank');
  if (!reached) return null;
  if (aboveTau !== reached.r) return `exactly r above τ first at step ${formatCount(reached.step)}, now ${aboveTau}`;
  const lastCrossing = events.reduce((step, event) => (event.kind === 'crossed' ? Math.max(step, event.step) : step), reached.step);
  return `exactly r above τ since step ${formatCount(lastCrossing)}`;
}

const NO_EVENTS: readonly ThresholdEvent[] = [];

/**
 * A lane's threshold events so far. The frame bus appends to one array per run, so the page
 * re-renders only when an event has arrived (or a new run starts), and at most at the summary
 * rate: early in a run columns cross τ in most frames.
 */
export function useThresholdEvents(lane: LaneId): readonly ThresholdEvent[] {
  const bus = useFrameBus();
  const subscribe = useCallback((listener: () => void) => subscribeFramesAtSummaryRate(bus, listener as FrameListener), [bus]);
  const count = useSyncExternalStore(subscribe, () => bus.getLatest()?.history[lane]?.events.length ?? -1);
  return count <= 0 ? NO_EVENTS : (bus.getLatest()?.history[lane]?.events ?? NO_EVENTS);
}
