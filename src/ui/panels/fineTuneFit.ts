// The fine-tuning curve and its fitted linear rate, from a lane's recorded history.
import type { RateFit } from '../../charts/logLineChart';
import { fitLinearRate, lossGapSeries } from '../../core/metrics';
import type { FrameSnapshot } from '../../worker/frameBus';
import type { LaneId } from '../../worker/protocol';
import { historyColumns, laneHistory } from './frameData';

export interface FineTuneSummary {
  /** Fitted factor per step of the loss gap L(V_t) − L_∞ (null until enough points). */
  rho: number | null;
  /** Fitted factor per step of ‖∇L(V_t)‖ (needs no estimate of L_∞). */
  gradNormRho: number | null;
  /** Decades the loss gap fell between its first and last recorded value. */
  gapDecades: number | null;
  fit: RateFit | null;
  gap: { steps: number[]; gaps: number[] };
  gradNorm: { xs: number[]; ys: number[] };
}

/** The fitted linear rate of a lane's fine-tuning, from its recorded history; null before fine-tuning. */
export function fineTuneSummary(snapshot: FrameSnapshot, lane: LaneId): FineTuneSummary | null {
  const history = laneHistory(snapshot, lane)?.finetune ?? [];
  if (history.length === 0) return null;
  const gap = lossGapSeries(history);
  const gradNorm = historyColumns(history, 'gradNorm');
  const gapFit = fitLinearRate(gap.steps, gap.gaps);
  const gradFit = fitLinearRate(gradNorm.xs, gradNorm.ys);
  return {
    rho: gapFit?.rho ?? null,
    gradNormRho: gradFit?.rho ?? null,
    gapDecades: gap.gaps.length >= 2 ? Math.log10(gap.gaps[0] / gap.gaps[gap.gaps.length - 1]) : null,
    fit: gapFit ? { rho: gapFit.rho, C: gapFit.C, from: gapFit.fittedFrom, to: gapFit.fittedTo, label: 'fit' } : null,
    gap,
    gradNorm,
  };
}
