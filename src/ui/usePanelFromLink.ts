import { useEffect } from 'react';
import { useLabStoreApi } from '../state/store';
import { DEFAULT_VIEW, type PanelId } from '../state/view';

/** The region (section aria-label) of each panel a link's `panel=` can name. */
export const PANEL_REGIONS: Record<PanelId, string> = {
  norms: 'Column norms',
  histogram: 'Distribution of column norms',
  fraction: 'Distribution of column norms',
  curves: 'Training curves',
  finetune: 'Fine-tuning loss',
  heatmap: 'Heatmap of U',
  comparison: 'Regularized vs unregularized',
};

/**
 * Scrolls the panel a link names with `panel=` into view once the page has laid out (the
 * default, Column norms, is at the top already). A panel that is not shown (the comparison
 * without `compare=1`) leaves the page where it is.
 */
export function usePanelFromLink(active: boolean): void {
  const store = useLabStoreApi();
  useEffect(() => {
    const panel = store.getState().view.panel;
    if (!active || panel === DEFAULT_VIEW.panel) return undefined;
    const frame = requestAnimationFrame(() => {
      document.querySelector(`section[aria-label="${PANEL_REGIONS[panel]}"]`)?.scrollIntoView({ block: 'start' });
    });
    return () => cancelAnimationFrame(frame);
    // Only the link the page was opened with; later view changes do not scroll.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
