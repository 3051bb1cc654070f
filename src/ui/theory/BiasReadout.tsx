import { useLabStore } from '../../state/store';
import { Badge } from '../explain/Badge';
import { formatNumber } from '../format';
import { useSigmaStar } from './useSigmaStar';
import { biasComparison } from './bias';

/** A bar per value, scaled to the larger of the two. */
function BiasBar({ label, value, max, tag }: { label: string; value: number | null; max: number; tag: 'derived' | 'measured' }) {
  const width = value !== null && max > 0 ? Math.min(100, (value / max) * 100) : 0;
  return (
    <div className="pl-bias-row">
      <span className="pl-bias-label">
        {label} <Badge tag={tag} />
      </span>
      <span className="pl-bias-track" aria-hidden="true">
        <span className={`pl-bias-bar pl-bias-${tag}`} style={{ width: `${width}%` }} />
      </span>
      <span className="pl-bias-value" data-testid={`bias-${tag}`}>
        {formatNumber(value)}
      </span>
    </div>
  );
}

/** Predicted (λ/4)√(Σ 1/σ*_j) against the measured ‖UUᵀ − M*‖_F at the end of phase 1. */
export function BiasReadout() {
  const lambda = useLabStore((s) => s.params.config.lambda);
  const sigmaStar = useSigmaStar();
  const lane = useLabStore((s) => s.run.lanes.regularized);
  const bias = biasComparison(lambda, sigmaStar, lane);
  if (!bias) return null;
  const max = Math.max(bias.predicted, bias.measured ?? 0);
  return (
    <section className="pl-bias" aria-label="Bias after phase 1">
      <h2>Bias after phase 1</h2>
      <BiasBar label="predicted (λ/4)√(Σ 1/σ*ⱼ)" value={bias.predicted} max={max} tag="derived" />
      <BiasBar label={bias.final ? 'measured ‖UUᵀ − M*‖ at the end of phase 1' : 'measured ‖UUᵀ − M*‖ now (phase 1 running)'} value={bias.measured} max={max} tag="measured" />
      {bias.measured !== null && bias.final && bias.predicted > 0 ? (
        <p className="pl-bias-ratio">measured / predicted = {formatNumber(bias.measured / bias.predicted)}</p>
      ) : null}
    </section>
  );
}
