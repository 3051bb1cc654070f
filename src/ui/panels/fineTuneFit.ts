// The fine-tuning curve and its fitted linear rate, from a lane's recorded history and its
// latest frame, computed by core's own functions so the lab, its run export and the CLI
// print the same ρ for the same run.
import type { RateFit } from '../../charts/logLineChart';
import { lossGapSeries } from '../../core/metrics';
import { fineTuneFits, finetuneCurve } from '../../core/runResult';
import type { FrameSnapshot } from '../../worker/frameBus';
import type { LaneId } from '../../worker/labProtocol';
import { laneFrame, laneHistory } from './frameData';

export interface FineTuneSummary {
  /** Fitted factor per step of the loss gap L(V_t) − L_∞ (null until enough points). */
  rho: number | null;
  /** Fitted factor per step of ‖∇L(V_t)‖ (needs no estimate of L_∞). */
  gradNormRho: number | null;
  /** Decades the loss gap fell between its first and last value. */
  gapDecades: number | null;
  fit: RateFit | null;
  gap: { steps: number[]; gaps: number[] };
  gradNorm: { xs: number[]; ys: number[] };
}

/**
 * The fitted linear rate of a lane's fine-tuning; null before fine-tuning. Like core's
 * runPipeline, the curve is the recorded checkpoints plus the current state (the lane's
 * latest frame), which is the run's final state once fine-tuning stops.
 */
export function fineTuneSummary(snapshot: FrameSnapshot, lane: LaneId): FineTuneSummary | null {
  const history = laneHistory(snapshot, lane)?.finetune ?? [];
  const frame = laneFrame(snapshot, lane);
  if (history.length === 0 || !frame || frame.phase !== 'finetune') return null;
  const curve = finetuneCurve(history, frame);
  const gap = lossGapSeries(curve);
  const { rate, gradNormRate } = fineTuneFits(history, frame);
  return {
    rho: rate?.rho ?? null,
    gradNormRho: gradNormRate?.rho ?? null,
    gapDecades: gap.gaps.length >= 2 ? Math.log10(gap.gaps[0] / gap.gaps[gap.gaps.length - 1]) : null,
    fit: rate ? { rho: rate.rho, C: rate.C, from: rate.fittedFrom, to: rate.fittedTo, label: 'fit' } : null,
    gap,
    gradNorm: { xs: curve.map((p) => p.step), ys: curve.map((p) => p.gradNorm) },
  };
}
