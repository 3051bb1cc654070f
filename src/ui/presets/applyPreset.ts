import { sameConfig, type RunConfig } from '../../core/config';
import { presetConfig, type PresetId } from '../../core/presets';
import { lanesDiffer } from '../../core/session';
import type { LabActions } from '../../state/store';
import { toQuery } from '../../state/urlState';
import type { ViewState } from '../../state/view';

/** Presets whose story needs both lanes: Figure 1 compares λ > 0 with λ = 0. */
const NEEDS_COMPARISON: ReadonlySet<PresetId> = new Set<PresetId>(['figure1', 'figure1Fast']);

/**
 * Whether the λ = 0 lane runs after picking a preset: on where the preset's story compares,
 * off where the preset itself has λ = 0 (both lanes would train the same model), and as it
 * was otherwise.
 */
export function presetComparison(id: PresetId, comparison: boolean): boolean {
  if (NEEDS_COMPARISON.has(id)) return true;
  return comparison && lanesDiffer(presetConfig(id));
}

/** The view a preset runs in. */
function presetView(id: PresetId, view: ViewState): ViewState {
  return { ...view, comparison: presetComparison(id, view.comparison) };
}

/** The shareable link of a preset (what the address bar shows once it is applied). */
export function presetHref(id: PresetId, view: ViewState): string {
  const query = toQuery(presetConfig(id), presetView(id, view));
  return query ? `?${query}` : '?';
}

/**
 * Sets the lab to a preset through the store (which restarts the worker and writes the URL).
 * The comparison is decided first, so a heavy configuration is built only once.
 */
export function applyPreset(actions: Pick<LabActions, 'applyConfig' | 'setComparison'>, id: PresetId, comparison: boolean): void {
  actions.setComparison(presetComparison(id, comparison));
  actions.applyConfig(presetConfig(id));
}

/** The preset the configuration is exactly, if any. */
export function matchingPreset(config: RunConfig, ids: readonly PresetId[]): PresetId | null {
  return ids.find((id) => sameConfig(presetConfig(id), config)) ?? null;
}
