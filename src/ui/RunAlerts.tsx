import { useLabActions, useLabStore } from '../state/store';
import { laneConfig } from '../core/session';
import { divergenceAdvice } from '../core/theory';
import { formatNumber } from './format';

/**
 * A worker error or a diverged run, shown as an alert with what to do; and what loading a
 * link corrected. The rest of the page stays usable.
 */
export function RunAlerts() {
  const error = useLabStore((s) => s.run.error);
  const diverged = useLabStore((s) => s.run.diverged);
  const phase = useLabStore((s) => s.run.phase);
  const config = useLabStore((s) => s.params.config);
  const sigmaStar = useLabStore((s) => s.run.info?.sigmaStar);
  const corrections = useLabStore((s) => s.params.corrections);
  const actions = useLabActions();
  const etaKey = phase === 'finetune' ? 'fineTuneEta' : 'eta';
  const etaName = phase === 'finetune' ? 'η₂' : 'η₁';

  return (
    <>
      {diverged ? (
        <div className="pl-alert" role="alert">
          <p>
            The {diverged.lane} run diverged: {diverged.reason}.{' '}
            {divergenceAdvice(
              etaName,
              diverged.suggestedEta,
              phase,
              laneConfig(config, diverged.lane),
              sigmaStar?.length ? sigmaStar[0] : null,
            )}
          </p>
          <div className="pl-alert-actions">
            <button
              type="button"
              onClick={() => {
                if (actions.setField(etaKey, diverged.suggestedEta)) actions.reset();
              }}
            >
              Use {etaName} = {formatNumber(diverged.suggestedEta)} and reset
            </button>
          </div>
        </div>
      ) : null}
      {error ? (
        <div className="pl-alert" role="alert">
          <p>{error.message}</p>
          <div className="pl-alert-actions">
            <button type="button" onClick={actions.dismissError}>
              Dismiss
            </button>
          </div>
        </div>
      ) : null}
      {corrections.length ? (
        <div className="pl-alert pl-notice" role="status">
          <p>The link was corrected: {corrections.join('; ')}.</p>
          <div className="pl-alert-actions">
            <button type="button" onClick={actions.dismissCorrections}>
              Dismiss
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}
