import { selectAboveTauReadout, useLabStore } from '../state/store';
import { formatCount, formatNumber } from './format';

/** "N columns above τ (r = …)" and the status line, all generated from the store. */
export function Readout() {
  const aboveTauText = useLabStore(selectAboveTauReadout);
  const exact = useLabStore((s) => {
    const lane = s.run.lanes.regularized;
    return lane !== undefined && lane.phase === 'train' && lane.aboveTau === (s.run.info?.r ?? s.params.config.r);
  });
  const status = useLabStore((s) => s.run.status);
  const phase = useLabStore((s) => s.run.phase);
  const lane = useLabStore((s) => s.run.lanes.regularized);
  const stepsPerSecond = useLabStore((s) => s.run.stepsPerSecond);
  const budget = useLabStore((s) => (s.run.phase === 'train' ? s.params.config.steps : s.params.config.fineTuneSteps));

  const phaseText = phase === 'train' ? 'training' : 'fine-tuning';
  return (
    <div className="pl-readout">
      <p className={exact ? 'pl-readout-main pl-exact' : 'pl-readout-main'} data-testid="above-tau-readout" aria-live="polite">
        {aboveTauText ?? 'Preparing the run…'}
      </p>
      <p className="pl-status" data-testid="status-line">
        {status === 'loading'
          ? 'building the problem…'
          : [
              `${status} · ${phaseText}`,
              `step ${formatCount(lane?.step ?? 0)}`,
              `${formatCount(stepsPerSecond)} steps/s`,
              `loss ${formatNumber(lane?.loss)}`,
              `test error ${formatNumber(lane?.testError)}`,
              lane && lane.phase === 'finetune' ? `k = ${lane.k}` : null,
            ]
              .filter(Boolean)
              .join(' · ')}
      </p>
      {status === 'done' ? (
        <p className="pl-status">
          {phase === 'train'
            ? `Reached the phase-1 budget of ${formatCount(budget)} steps: Prune now, or raise “phase-1 steps” under Advanced.`
            : `Fine-tuning finished its ${formatCount(budget)} steps.`}
        </p>
      ) : null}
    </div>
  );
}
