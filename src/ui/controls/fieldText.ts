import type { ConfigKey, RunConfig } from '../../core/config';

/** The text a field shows for a value (empty for a nullable field left at its default). */
export function fieldText(value: RunConfig[ConfigKey]): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/**
 * Fields whose slider applies every position while it moves: they change a running
 * optimization in place. The other sliders (n, κ, α) restart the run, so they apply once,
 * on release.
 */
export const CONTINUOUS_SLIDER_KEYS: ReadonlySet<ConfigKey> = new Set<ConfigKey>(['lambda', 'beta', 'eta', 'fineTuneEta']);
