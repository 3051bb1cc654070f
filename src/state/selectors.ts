// Derived readouts over the lab state, used by the components that show them (when a run
// command applies is state/runRules.ts, shared by the buttons and every sentence that suggests one).
import { setupStageText, tauOf } from '../core/runSetup';
import type { LabState } from './labStore';

/** τ the lab prunes at: the config's, or the derived default √(2β). */
export const selectEffectiveTau = (s: LabState): number => tauOf(s.params.config);

/** What the worker is building while the run loads ("Preparing the run (2 of 3): …"), or null. */
export const selectPreparingText = (s: LabState): string | null =>
  s.run.status === 'loading' && s.run.preparing ? setupStageText(s.run.preparing.stage, s.params.config) : null;

/** The fraction of the current setup stage done while the run loads, or null before the worker reported one. */
export const selectPreparingFraction = (s: LabState): number | null => (s.run.status === 'loading' && s.run.preparing ? s.run.preparing.fraction : null);

/** "N columns above τ (r = …)" for the regularized lane, or null before the first frame. */
export const selectAboveTauReadout = (s: LabState): string | null => {
  const lane = s.run.lanes.regularized;
  if (!lane) return null;
  const r = s.run.info?.r ?? s.params.config.r;
  return `${lane.aboveTau} column${lane.aboveTau === 1 ? '' : 's'} above τ (r = ${r})`;
};
