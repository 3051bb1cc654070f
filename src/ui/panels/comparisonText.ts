// The comparison panel's sentences, generated from the run's state so they only claim what
// its numbers show.
import type { ModelKind } from '../../core/types';
import { formatCount, formatNumber } from '../format';
import { formatGap } from './columnStats';

/** What one lane contributes to the caption (null where not known yet). */
export interface LaneFacts {
  /** r-th / (r+1)-th largest phase-1 norm. */
  rankGap: number | null;
  testErrorBeforePruning: number | null;
  /** Test error of keeping only the r largest phase-1 columns. */
  testErrorLargestColumns: number | null;
  /** Test error once fine-tuned (null before fine-tuning took a step). */
  testErrorAfterFineTune: number | null;
}

export interface ComparisonFacts {
  model: ModelKind;
  n: number;
  tau: number;
  r: number;
  k: number;
  pruned: boolean;
  regularized: LaneFacts | null;
  unregularized: LaneFacts | null;
}

/** A gap below this many times is one no threshold can be trusted to find. */
const NARROW_GAP = 10;
/**
 * Pruning to r columns "destroys" a model when it makes the test error at least this many
 * times worse; one run "beats" the other when its test error is this many times smaller.
 */
const DESTROYED_FACTOR = 2;

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** "the same n = 1 200 sensing measurements", worded from the model. */
export function sharedData(model: ModelKind, n: number): string {
  switch (model) {
    case 'empirical':
      return `the same n = ${formatCount(n)} sensing measurements`;
    case 'quadratic':
      return `the same n = ${formatCount(n)} network inputs`;
    case 'population':
      return 'the same population loss (this model has no samples)';
  }
}

export function comparisonCaption(facts: ComparisonFacts): string[] {
  const { r } = facts;
  const sentences = [
    `Both runs start from the same U₀ and ${sharedData(facts.model, facts.n)}; only λ differs, and both are pruned at the same τ = ${formatNumber(facts.tau)} (r = ${r}, k = ${facts.k}).`,
  ];
  const unregularizedGap = facts.unregularized?.rankGap ?? null;
  const regularizedGap = facts.regularized?.rankGap ?? null;
  const norms = `the ${ordinal(r)} and ${ordinal(r + 1)} largest column norms`;
  if (unregularizedGap === null) {
    sentences.push('Without the penalty the column norms spread out, so no threshold cleanly isolates r columns.');
  } else {
    const against = regularizedGap !== null ? `, against ${formatGap(regularizedGap)} with it` : '';
    sentences.push(
      unregularizedGap < NARROW_GAP
        ? `Without the penalty no threshold separates r = ${r} columns with a clear gap: ${norms} differ by only ${formatGap(unregularizedGap)}${against}.`
        : `Without the penalty ${norms} differ by ${formatGap(unregularizedGap)}${against}.`,
    );
  }
  const reg = facts.regularized;
  const unreg = facts.unregularized;
  if (reg?.testErrorLargestColumns != null && unreg?.testErrorLargestColumns != null) {
    const when = facts.pruned ? 'at the moment of pruning' : 'now';
    const before = (lane: LaneFacts) => (lane.testErrorBeforePruning !== null ? ` (${formatNumber(lane.testErrorBeforePruning)} before pruning)` : '');
    let sentence =
      `Keeping only the ${r} largest columns ${when} leaves a test error of ${formatNumber(reg.testErrorLargestColumns)} with the penalty${before(reg)}` +
      ` and ${formatNumber(unreg.testErrorLargestColumns)} without it${before(unreg)}`;
    const factor = unreg.testErrorBeforePruning ? unreg.testErrorLargestColumns / unreg.testErrorBeforePruning : null;
    // The penalty's case is that pruning leaves the regularized model good; when it leaves it
    // no better than the unregularized one, say that instead of how much worse the other got.
    const penaltyHelps = reg.testErrorLargestColumns * DESTROYED_FACTOR <= unreg.testErrorLargestColumns;
    if (!penaltyHelps) sentence += `: the penalty does not help here, pruning leaves the regularized model no better than the unregularized one`;
    else if (factor !== null && factor >= DESTROYED_FACTOR) sentence += `: pruning to r columns makes the unregularized model ${formatNumber(factor)} times worse`;
    sentences.push(`${sentence}.`);
  }
  const fineTuned = fineTunedSentence(reg, unreg);
  if (fineTuned) sentences.push(fineTuned);
  return sentences;
}

/** What fine-tuning both runs came to, once both took a step: which one ends lower, or that they end alike. */
function fineTunedSentence(reg: LaneFacts | null, unreg: LaneFacts | null): string | null {
  const withPenalty = reg?.testErrorAfterFineTune ?? null;
  const without = unreg?.testErrorAfterFineTune ?? null;
  if (withPenalty === null || without === null) return null;
  const both = `${formatNumber(withPenalty)} with the penalty and ${formatNumber(without)} without it`;
  if (withPenalty * DESTROYED_FACTOR <= without) return `After fine-tuning the test error is ${both}: the regularized run ends ${formatNumber(without / withPenalty)} times lower.`;
  if (without * DESTROYED_FACTOR <= withPenalty) return `After fine-tuning the test error is ${both}: here the unregularized run ends ${formatNumber(withPenalty / without)} times lower.`;
  return `After fine-tuning both runs end at a similar test error (${both}).`;
}
