import { runFacts, runRules } from '../state/runRules';
import { kernelLabel } from '../core/kernelChoice';
import type { KernelInfo } from '../core/kernels/types';
import { setupFractionText } from '../core/runSetup';
import {
  selectAboveTauReadout,
  selectEffectiveTau,
  selectPreparingFraction,
  selectPreparingText,
  useLabStore,
  type LaneSummary,
  type RunState,
} from '../state/store';
import { formatCount, formatNumber } from './format';
import { etaMs, formatDuration } from './presets/cost';

/** "N columns above τ (r = …)", the status line and the phase's progress with its ETA, all generated from the store. */
export function Readout() {
  const aboveTauText = useLabStore(selectAboveTauReadout);
  const preparingText = useLabStore(selectPreparingText);
  const preparingFraction = useLabStore(selectPreparingFraction);
  const exact = useLabStore((s) => {
    const lane = s.run.lanes.regularized;
    return lane !== undefined && lane.phase === 'train' && lane.aboveTau === (s.run.info?.r ?? s.params.config.r);
  });
  const status = useLabStore((s) => s.run.status);
  const phase = useLabStore((s) => s.run.phase);
  const lane = useLabStore((s) => s.run.lanes.regularized);
  const stepsPerSecond = useLabStore((s) => s.run.stepsPerSecond);
  const budget = useLabStore((s) => (s.run.phase === 'train' ? s.params.config.steps : s.params.config.fineTuneSteps));
  const info = useLabStore((s) => s.run.info);
  const canPrune = useLabStore((s) => runRules(runFacts(s.run)).canPrune);
  const tau = useLabStore(selectEffectiveTau);

  const phaseText = phase === 'train' ? 'training' : 'fine-tuning';
  const step = lane?.step ?? 0;
  return (
    <div className="pl-readout">
      <p className={exact ? 'pl-readout-main pl-exact' : 'pl-readout-main'} data-testid="above-tau-readout" aria-live="polite">
        {aboveTauText ?? preparingText ?? 'Preparing the run…'}
      </p>
      <p className="pl-status" data-testid="status-line">
        {statusLine(status, phase, lane, stepsPerSecond)}
      </p>
      {info ? (
        <p className={info.kernelNotes.length ? 'pl-status pl-kernel-fallback' : 'pl-status'} data-testid="kernel-readout">
          {kernelReadout(info.kernel, info.kernelNotes)}
        </p>
      ) : null}
      {status === 'loading' ? (
        preparingFraction === null ? null : (
          <div className="pl-progress">
            <progress value={preparingFraction} max={1} aria-label="preparing progress" />
            <span className="pl-status" data-testid="preparing-progress-text">
              {setupFractionText(preparingFraction)}
            </span>
          </div>
        )
      ) : (
        <div className="pl-progress">
          <progress value={Math.min(step, budget)} max={Math.max(budget, 1)} aria-label={`${phaseText} progress`} />
          <span className="pl-status" data-testid="progress-text">
            {progressText(step, budget, status === 'running' ? stepsPerSecond : 0)}
          </span>
        </div>
      )}
      {status === 'done' ? <p className="pl-status">{doneText(phase, budget, canPrune, tau)}</p> : null}
    </div>
  );
}

/** What to do once a phase reached its budget; suggests Prune only when Prune is enabled. */
export function doneText(phase: RunState['phase'], budget: number, canPrune: boolean, tau: number): string {
  if (phase === 'finetune') return `Fine-tuning finished its ${formatCount(budget)} steps.`;
  const reached = `Reached the phase-1 budget of ${formatCount(budget)} steps`;
  if (canPrune) return `${reached}: Prune now, or raise “phase-1 steps” under Advanced.`;
  return `${reached} with no column above τ = ${formatNumber(tau)}, so pruning would keep nothing: lower τ, or raise “phase-1 steps” under Advanced.`;
}

/**
 * "running · training · step 1 200 · 35 steps/s · loss 0.0123 · test error 0.0456 · held-out loss 0.0234":
 * the regularized lane's numbers; the held-out loss (of the newest checkpoint) only when the
 * problem has a held-out set, k only once pruned.
 */
export function statusLine(status: RunState['status'], phase: RunState['phase'], lane: LaneSummary | undefined, stepsPerSecond: number): string {
  if (status === 'loading') return 'building the problem…';
  return [
    `${status} · ${phase === 'train' ? 'training' : 'fine-tuning'}`,
    `step ${formatCount(lane?.step ?? 0)}`,
    status === 'running' ? `${formatCount(stepsPerSecond)} steps/s` : null,
    `loss ${formatNumber(lane?.loss)}`,
    `test error ${formatNumber(lane?.testError)}`,
    lane && lane.heldOutLoss !== null ? `held-out loss ${formatNumber(lane.heldOutLoss)}` : null,
    lane && lane.phase === 'finetune' ? `k = ${lane.k}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** "1 200 of 4 000 steps · about 2 min 5 s left" (the time only while a rate is measured). */
export function progressText(step: number, budget: number, stepsPerSecond: number): string {
  const done = `${formatCount(Math.min(step, budget))} of ${formatCount(budget)} steps`;
  const eta = step < budget ? etaMs(budget - step, stepsPerSecond) : null;
  return eta === null ? done : `${done} · about ${formatDuration(eta)} left`;
}

/** "Kernels: wasm f64 · 2 threads", then why they are not what was asked for, if they are not. */
export function kernelReadout(info: KernelInfo, notes: readonly string[]): string {
  return [`Kernels: ${kernelLabel(info)}`, ...notes].join(' — ');
}
