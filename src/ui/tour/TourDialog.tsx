import { useEffect, useRef, useState } from 'react';
import { useFrameBus, useLabStore } from '../../state/store';
import { tourFacts } from './tourFacts';
import type { TourStop } from './tourStops';

export interface TourDialogProps {
  stops: readonly TourStop[];
  index: number;
  onGo(index: number): void;
  onClose(): void;
}

/** The attribute that marks the panel a stop points at (styled, and read by the tests). */
const HIGHLIGHT = 'data-tour-highlight';

/**
 * Marks the stop's panel and scrolls it into view; the Sweep tab's panels mount lazily, so
 * the panel is looked for again as the page changes until it appears.
 */
function useHighlight(region: string): void {
  useEffect(() => {
    let marked: Element | null = null;
    const mark = (): boolean => {
      const panel = document.querySelector(`section[aria-label="${region}"]`);
      if (!panel) return false;
      // Presenter mode folds secondary panels away; the stop's panel must show.
      const fold = panel.closest('details');
      if (fold) fold.open = true;
      panel.setAttribute(HIGHLIGHT, '');
      panel.scrollIntoView({ block: 'start' });
      marked = panel;
      return true;
    };
    const observer = mark() ? null : new MutationObserver(() => mark() && observer?.disconnect());
    observer?.observe(document.body, { childList: true, subtree: true });
    return () => {
      observer?.disconnect();
      marked?.removeAttribute(HIGHLIGHT);
    };
  }, [region]);
}

/**
 * The guided tour, a non-modal dialog docked under the lab so the charts stay visible and
 * usable: the stop's title and live text, Back / Next, and Close (or Esc). Focus moves into
 * it when it opens and back to where it came from when it closes; each new stop is
 * announced once through a polite live region (the visible numbers keep changing, so the
 * text itself is not live).
 */
export function TourDialog({ stops, index, onGo, onClose }: TourDialogProps) {
  const stop = stops[index];
  // The store changes a few times a second at most (summaries are throttled), and every change may move a number.
  const state = useLabStore((s) => s);
  const frames = useFrameBus();
  const text = stop.text(tourFacts(state, frames.getLatest()));
  const headingRef = useRef<HTMLHeadingElement>(null);
  useHighlight(stop.region);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    headingRef.current?.focus();
    return () => previous?.focus();
  }, []);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      onClose();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onClose]);

  const [announcement, setAnnouncement] = useState('');
  const title = `Stop ${index + 1} of ${stops.length}: ${stop.title}.`;
  useEffect(() => {
    setAnnouncement(`${title} ${text}`);
    // Announced once per stop: the numbers in `text` keep changing while the run goes on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [title]);

  const first = index === 0;
  const last = index === stops.length - 1;
  return (
    <div id="pl-tour" className="pl-tour" role="dialog" aria-labelledby="pl-tour-title" aria-describedby="pl-tour-text">
      <p className="pl-tour-count">
        Stop {index + 1} of {stops.length}
      </p>
      <h2 id="pl-tour-title" ref={headingRef} tabIndex={-1}>
        {stop.title}
      </h2>
      <p id="pl-tour-text" className="pl-tour-text" data-testid="tour-text">
        {text}
      </p>
      <p className="pl-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
      <div className="pl-tour-buttons">
        <button type="button" aria-disabled={first} onClick={() => !first && onGo(index - 1)}>
          Back
        </button>
        <button type="button" className="pl-primary" aria-disabled={last} onClick={() => !last && onGo(index + 1)}>
          Next
        </button>
        <button type="button" onClick={onClose} aria-keyshortcuts="Escape">
          Close tour
        </button>
      </div>
    </div>
  );
}
