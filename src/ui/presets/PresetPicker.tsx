import { PRESET_IDS, PRESETS } from '../../core/presets';
import { useLabActions, useLabStore } from '../../state/store';
import { formatCount } from '../format';
import { applyPreset, matchingPreset, presetHref } from './applyPreset';
import { etaMs, formatDuration, formatFlops } from './cost';

/**
 * What one run of the current configuration costs: the operator's flops per step (from the
 * worker's `ready`), the phase budget, and while it runs the time left at the measured rate.
 */
function RunCost() {
  const info = useLabStore((s) => s.run.info);
  const status = useLabStore((s) => s.run.status);
  const phase = useLabStore((s) => s.run.phase);
  const step = useLabStore((s) => s.run.lanes.regularized?.step ?? 0);
  const stepsPerSecond = useLabStore((s) => s.run.stepsPerSecond);
  const budget = useLabStore((s) => (s.run.phase === 'train' ? s.params.config.steps : s.params.config.fineTuneSteps));
  if (!info) return null;
  const lanes = info.lanes.length;
  const phaseFlops = info.flopsPerStep * budget * lanes;
  const remaining = etaMs(budget - step, stepsPerSecond);
  return (
    <p className="pl-run-cost" data-testid="run-cost">
      {formatFlops(info.flopsPerStep)} per step ({info.operatorKind} operator, k = {info.k}
      {lanes > 1 ? `, ${lanes} lanes` : ''}); {phase === 'train' ? 'phase 1' : 'fine-tuning'}: {formatCount(budget)} steps, about{' '}
      {formatFlops(phaseFlops)} in all.
      {status === 'running' && remaining !== null
        ? ` Measured ${formatCount(stepsPerSecond)} steps/s: about ${formatDuration(remaining)} left.`
        : ''}
    </p>
  );
}

/**
 * The named scenarios of core/presets.ts, each applied through the store (URL included).
 * `?hide=controls` (a classroom that should not change the run) keeps only the cost line.
 */
export function PresetPicker() {
  const config = useLabStore((s) => s.params.config);
  const view = useLabStore((s) => s.view);
  const actions = useLabActions();
  const active = matchingPreset(config, PRESET_IDS);
  if (view.hidden.includes('controls')) return <RunCost />;

  return (
    <nav className="pl-presets" aria-label="Scenarios">
      <h2>Scenarios</h2>
      <ul>
        {PRESET_IDS.map((id) => (
          <li key={id}>
            <a
              href={presetHref(id, view)}
              data-preset={id}
              aria-current={active === id ? 'true' : undefined}
              onClick={(event) => {
                event.preventDefault();
                applyPreset(actions, id);
              }}
            >
              {PRESETS[id].title}
            </a>
            <span className="pl-preset-description">{PRESETS[id].description}</span>
          </li>
        ))}
      </ul>
      <RunCost />
    </nav>
  );
}
