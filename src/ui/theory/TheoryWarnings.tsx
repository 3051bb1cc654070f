import { useLabStore } from '../../state/store';
import { assessLearnability, assessStability } from '../controls/theoryNotes';
import { Badge } from '../explain/Badge';
import { formatNumber } from '../format';
import { useSigmaStar } from './useSigmaStar';

/**
 * Warnings before a run that will be stuck or unstable, from the derived bounds of
 * math.md §5 (the same assessments as the notes under the λ, β and η₁ fields).
 */
export function TheoryWarnings() {
  const config = useLabStore((s) => s.params.config);
  const sigmaStar = useSigmaStar();
  const learnability = assessLearnability(config.lambda, config.beta, config.regularizer, sigmaStar);
  const stability = assessStability(config.eta, config.lambda, config.beta, config.regularizer, sigmaStar.length ? sigmaStar[0] : null);
  const messages: { id: string; text: string }[] = [];
  if (learnability?.kind === 'stuck') {
    messages.push({
      id: 'stuck',
      text: `λ = ${formatNumber(config.lambda)} is at or above ${formatNumber(learnability.bounds[0])}, the learnability bound of the strongest direction σ*₁: every column will stay stuck at 0. Lower λ or raise β.`,
    });
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
