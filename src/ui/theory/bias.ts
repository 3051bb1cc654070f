// Predicted against measured bias of the regularized solution after phase 1.
import { predictedBias } from '../../core/theory';
import type { LaneSummary } from '../../state/store';

export interface BiasComparison {
  /** (λ/4)√(Σ_j 1/σ*_j) [derived]. */
  predicted: number;
  /** ‖UUᵀ − M*‖_F of the regularized lane [measured]; null before the first frame or without M*. */
  measured: number | null;
  /** True once phase 1 is over (pruned, or its budget reached): `measured` is its end value. */
  final: boolean;
}

export function biasComparison(lambda: number, sigmaStar: readonly number[], lane: LaneSummary | undefined): BiasComparison | null {
  if (sigmaStar.length === 0) return null;
  const predicted = predictedBias(lambda, sigmaStar);
  if (!lane) return { predicted, measured: null, final: false };
  if (lane.phase === 'finetune') return { predicted, measured: lane.milestones.beforePrune, final: true };
  return { predicted, measured: lane.testError, final: lane.state === 'done' };
}
