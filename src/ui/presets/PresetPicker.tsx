import { kernelLabel } from '../../core/kernelChoice';
import type { KernelInfo } from '../../core/kernels/types';
import { PRESET_IDS, PRESETS } from '../../core/presets';
import { projectedMs } from '../../core/stepTime';
import { useLabActions, useLabStore } from '../../state/store';
import { formatCount } from '../format';
import { applyPreset, matchingPreset, presetHref } from './applyPreset';
import { etaMs, formatDuration, formatFlops } from './cost';

/**
 * How long the current phase takes on this machine before it runs: one step measured by the
 * worker on its kernels (`ready`), times the steps left of every lane; null before `ready`
 * and while the phase runs or is done (then the measured rate says it, and a value that
 * changed with every step would re-render the scenario list for nothing).
 */
function useProjectedMs(): number | null {
  return useLabStore((s) => {
    const info = s.run.info;
    if (!info || s.run.status === 'running' || s.run.status === 'done') return null;
    const budget = s.run.phase === 'train' ? s.params.config.steps : s.params.config.fineTuneSteps;
    return projectedMs(info.msPerStep, Math.max(0, budget - (s.run.lanes.regularized?.step ?? 0)), info.lanes.length);
  });
}

/** "about 55 s on this machine (wasm f64 · 2 threads)". */
function estimateText(ms: number, kernel: KernelInfo): string {
  return `about ${formatDuration(ms)} on this machine (${kernelLabel(kernel)})`;
}

/**
 * What one run of the current configuration costs: the operator's flops per step (from the
 * worker's `ready`), the phase budget, how long it takes here before it starts, and while it
 * runs the time left at the measured rate.
 */
function RunCost() {
  const info = useLabStore((s) => s.run.info);
  const status = useLabStore((s) => s.run.status);
  const phase = useLabStore((s) => s.run.phase);
  const step = useLabStore((s) => s.run.lanes.regularized?.step ?? 0);
  const stepsPerSecond = useLabStore((s) => s.run.stepsPerSecond);
  const budget = useLabStore((s) => (s.run.phase === 'train' ? s.params.config.steps : s.params.config.fineTuneSteps));
  const projected = useProjectedMs();
  if (!info) return null;
  const lanes = info.lanes.length;
  const phaseFlops = info.flopsPerStep * budget * lanes;
  const remaining = etaMs(budget - step, stepsPerSecond);
  return (
    <p className="pl-run-cost" data-testid="run-cost">
      {formatFlops(info.flopsPerStep)} per step ({info.operatorKind} operator, k = {info.k}
      {lanes > 1 ? `, ${lanes} lanes` : ''}); {phase === 'train' ? 'phase 1' : 'fine-tuning'}: {formatCount(budget)} steps, about{' '}
      {formatFlops(phaseFlops)} in all
      {status === 'running' && remaining !== null
        ? `. Measured ${formatCount(stepsPerSecond)} steps/s: about ${formatDuration(remaining)} left.`
        : projected !== null && projected > 0
          ? `, ${estimateText(projected, info.kernel)}.`
          : '.'}
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
  const info = useLabStore((s) => s.run.info);
  const projected = useProjectedMs();
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
                applyPreset(actions, id, view.comparison);
              }}
            >
              {PRESETS[id].title}
            </a>
            <span className="pl-preset-description">
              {PRESETS[id].description}
              {active === id && info && projected !== null ? (
                <span className="pl-preset-estimate" data-testid="preset-estimate">
                  {' '}
                  Phase 1: {estimateText(projected, info.kernel)}.
                </span>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      <RunCost />
    </nav>
  );
}
