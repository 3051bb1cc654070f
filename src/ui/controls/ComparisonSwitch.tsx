import { useId } from 'react';
import { lanesDiffer } from '../../core/session';
import { useLabActions, useLabStore } from '../../state/store';

/**
 * Turns the λ = 0 lane on or off. With λ = 0 configured both lanes would train the same
 * model, so the switch cannot be turned on and, if it is on (a link, or λ edited to 0), says
 * why the two runs agree.
 */
export function ComparisonSwitch() {
  const comparison = useLabStore((s) => s.view.comparison);
  const differ = useLabStore((s) => lanesDiffer(s.params.config));
  const actions = useLabActions();
  const noteId = useId();
  return (
    <>
      <label className="pl-switch">
        <input
          type="checkbox"
          checked={comparison}
          disabled={!comparison && !differ}
          aria-describedby={differ ? undefined : noteId}
          onChange={(event) => actions.setComparison(event.target.checked)}
        />
        Compare with unregularized training (λ = 0)
      </label>
      {differ ? null : (
        <p className="pl-field-help" id={noteId} data-testid="comparison-note">
          {comparison
            ? 'λ is 0, so both runs train the same model: set λ above 0 to compare, or turn the comparison off.'
            : 'λ is 0, so there is nothing to compare: set λ above 0 first.'}
        </p>
      )}
    </>
  );
}
