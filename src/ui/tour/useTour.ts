import { useCallback, useEffect, useRef, useState } from 'react';
import { useLabActions, useLabStore } from '../../state/store';
import { applyPreset, matchingPreset } from '../presets/applyPreset';
import type { ViewTab } from '../ViewTabs';
import { nextTourAction, type TourAction } from './tourPlan';
import type { TourStop } from './tourStops';

const TOUR_HASH = /^#tour=(\d+)$/;

/** The stop (counted from 0) a fragment such as "#tour=3" names, or null. */
export function stopFromHash(hash: string, stops: number): number | null {
  const match = TOUR_HASH.exec(hash);
  if (!match) return null;
  return Math.min(Math.max(Number(match[1]), 1), stops) - 1;
}

export interface Tour {
  /** The open stop (from 0), or null when the tour is closed. */
  index: number | null;
  open(index?: number): void;
  close(): void;
  go(index: number): void;
}

/**
 * The tour's open stop, kept in the fragment (`#tour=N`, from 1) so a link opens it, and
 * the lab it needs: each stop's scenario, speed, tab and run goal are brought about by the
 * store's own actions, each at most once per visit.
 */
export function useTour(stops: readonly TourStop[], tab: ViewTab, selectTab: (tab: ViewTab) => void): Tour {
  const [index, setIndex] = useState<number | null>(() => stopFromHash(window.location.hash, stops.length));
  useEffect(() => {
    const follow = () => {
      const fromHash = stopFromHash(window.location.hash, stops.length);
      if (fromHash !== null) setIndex(fromHash);
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [stops.length]);

  const stop = index === null ? null : stops[index];
  const wantedTab: ViewTab | null = stop === null ? null : stop.preset === null ? 'sweep' : 'lab';
  // Only on arriving at a stop: the reader may switch tabs by hand while it is open.
  const selectTabRef = useRef(selectTab);
  selectTabRef.current = selectTab;
  useEffect(() => {
    if (wantedTab !== null) selectTabRef.current(wantedTab);
  }, [wantedTab, index]);

  // The fragment follows the open stop; closing gives it back to the tabs.
  const wasOpen = useRef(false);
  useEffect(() => {
    if (index === null && !wasOpen.current) return;
    wasOpen.current = index !== null;
    const { pathname, search } = window.location;
    const hash = index === null ? (tab === 'lab' ? '' : `#${tab}`) : `#tour=${index + 1}`;
    if (window.location.hash !== hash) window.history.replaceState(window.history.state, '', `${pathname}${search}${hash}`);
  }, [index, tab]);

  const actions = useLabActions();
  const setView = actions.setView;
  useEffect(() => {
    if (stop) setView({ speed: stop.speed });
  }, [stop, setView]);

  const issued = useRef(new Set<TourAction>());
  useEffect(() => {
    issued.current = new Set();
  }, [index]);
  const scenarioLoaded = useLabStore((s) => !stop || stop.preset === null || matchingPreset(s.params.config, [stop.preset]) !== null);
  const status = useLabStore((s) => s.run.status);
  const phase = useLabStore((s) => s.run.phase);
  const comparison = useLabStore((s) => s.view.comparison);
  useEffect(() => {
    if (!stop) return;
    const action = nextTourAction(stop.goal, { scenarioLoaded, status, phase });
    if (action === null || issued.current.has(action)) return;
    issued.current.add(action);
    if (action === 'apply' && stop.preset !== null) applyPreset(actions, stop.preset, comparison);
    else if (action === 'reset') actions.reset();
    else if (action === 'train') actions.train();
    else if (action === 'prune') actions.prune();
    else if (action === 'fineTune') actions.fineTune();
  }, [stop, scenarioLoaded, status, phase, comparison, actions]);

  const go = useCallback((next: number) => setIndex(Math.min(Math.max(next, 0), stops.length - 1)), [stops.length]);
  return {
    index,
    open: useCallback((start = 0) => go(start), [go]),
    close: useCallback(() => setIndex(null), []),
    go,
  };
}
