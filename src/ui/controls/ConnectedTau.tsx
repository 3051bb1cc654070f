import { defaultTau } from '../../core/theory';
import { selectEffectiveTau, useLabActions, useLabStore } from '../../state/store';
import { TauControl } from './TauControl';

/** The τ slider bound to the store, the same value the column-norms line drags. */
export function ConnectedTau() {
  const tau = useLabStore(selectEffectiveTau);
  const isDefault = useLabStore((s) => s.params.config.tau === null);
  const beta = useLabStore((s) => s.params.config.beta);
  const error = useLabStore((s) => s.params.fieldErrors.tau);
  const actions = useLabActions();
  return (
    <TauControl tau={tau} isDefault={isDefault} defaultTau={defaultTau(beta)} error={error} onTau={(raw) => actions.setField('tau', raw)} />
  );
}
