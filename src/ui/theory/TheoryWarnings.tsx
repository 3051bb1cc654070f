import { useLabStore, type LaneSummary } from '../../state/store';
import { assessLearnability, assessStability } from '../controls/theoryNotes';
import { Badge } from '../explain/Badge';
import { formatNumber } from '../format';
import { useSigmaStar } from './useSigmaStar';

/**
 * The warning for a λ at or above the strongest direction's learnability bound, true of the
 * run as it is now: before training every column stays stuck at 0; mid-run, columns already
 * above τ are pulled back toward 0 rather than "stuck"; once pruned, fine-tuning has no
 * penalty, so λ no longer acts and there is nothing to warn about.
 */
export function stuckWarning(lambda: number, bound: number, lane: Pick<LaneSummary, 'phase' | 'step' | 'aboveTau'> | undefined): string | null {
  const over = `λ = ${formatNumber(lambda)} is at or above ${formatNumber(bound)}, the learnability bound of the strongest direction σ*₁`;
  if (lane?.phase === 'finetune') return null;
  if (lane && lane.step > 0 && lane.aboveTau > 0) {
    const columns = `${lane.aboveTau} column${lane.aboveTau === 1 ? '' : 's'} now above τ`;
    return `${over}: the penalty now outweighs every direction, so the ${columns} are expected to shrink back toward 0. Lower λ or raise β.`;
  }
  return `${over}: every column will stay stuck at 0. Lower λ or raise β.`;
}

/**
 * Warnings before a run that will be stuck or unstable, from the derived bounds of
 * math.md §5 (the same assessments as the notes under the λ, β and η₁ fields).
 */
export function TheoryWarnings() {
  const config = useLabStore((s) => s.params.config);
  const lane = useLabStore((s) => s.run.lanes.regularized);
  const sigmaStar = useSigmaStar();
  const learnability = assessLearnability(config.lambda, config.beta, config.regularizer, sigmaStar);
  const stability = assessStability(config.eta, config.lambda, config.beta, config.regularizer, sigmaStar.length ? sigmaStar[0] : null);
  const messages: { id: string; text: string }[] = [];
  if (learnability?.kind === 'stuck') {
    const text = stuckWarning(config.lambda, learnability.bounds[0], lane);
    if (text) messages.push({ id: 'stuck', text });
  } else if (learnability?.kind === 'atRisk') {
    messages.push({
      id: 'at-risk',
      text: `λ = ${formatNumber(config.lambda)} is above the bound ${formatNumber(learnability.bounds[learnability.bounds.length - 1])} of the weakest direction: ${learnability.atRisk} of ${learnability.directions} directions are at risk of staying at 0. Between the bounds the rule is not sharp, so the run may still learn all ${learnability.directions}.`,
    });
  }
  if (stability && !stability.stable) {
    messages.push({
      id: 'unstable',
      text: `η₁ = ${formatNumber(config.eta)} is at or above the stability bound ${formatNumber(stability.bound)}: phase 1 is likely to diverge. Try η₁ below ${formatNumber(stability.bound)}.`,
    });
  }
  if (messages.length === 0) return null;
  return (
    <div className="pl-alert pl-theory-warning" role="status" aria-label="Theory warnings">
      {messages.map((message) => (
        <p key={message.id} data-testid={`theory-warning-${message.id}`}>
          {message.text} <Badge tag="derived" />
        </p>
      ))}
    </div>
  );
}
