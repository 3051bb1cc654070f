// View options: how the lab is shown, not what it computes. They live in the store's view
// slice and (when not default) in the URL.

export const SORT_ORDERS = ['index', 'descending'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const NORM_SCALES = ['linear', 'log'] as const;
export type NormScale = (typeof NORM_SCALES)[number];

export const PANELS = ['norms', 'histogram', 'fraction', 'curves', 'finetune', 'heatmap', 'comparison'] as const;
export type PanelId = (typeof PANELS)[number];

/**
 * Parts of the page a teacher can hide with `?hide=controls,seeds` (docs/url.md):
 * controls = the whole parameter form, seeds = the seed fields and "New seeds",
 * advanced = operator/checkpoint fields, theory = bound overlays and warnings,
 * explanations = the text beside the lab, export = share/save/export buttons,
 * sweep = the Sweep tab (phase diagram and λ sweep).
 */
export const HIDEABLE = ['controls', 'seeds', 'advanced', 'theory', 'explanations', 'export', 'sweep'] as const;
export type Hideable = (typeof HIDEABLE)[number];

/** Shorter names a link may use for a hideable part (read, never written). */
export const HIDE_ALIASES: Readonly<Record<string, Hideable>> = { explain: 'explanations' };

export interface ViewState {
  sort: SortOrder;
  normScale: NormScale;
  /** Run the unregularized lane beside the regularized one. */
  comparison: boolean;
  /** The panel shown large / focused (on narrow screens, the one visible). */
  panel: PanelId;
  hidden: Hideable[];
  /** Playback speed in steps per second; null is full speed (core/playback.ts). */
  speed: number | null;
  /** Presenter mode: larger type and marks, the column norms and readout first, secondary panels folded. */
  present: boolean;
}

export const DEFAULT_VIEW: ViewState = {
  sort: 'index',
  normScale: 'linear',
  comparison: false,
  panel: 'norms',
  hidden: [],
  speed: null,
  present: false,
};
