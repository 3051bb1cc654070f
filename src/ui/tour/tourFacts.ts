// The live numbers the tour's text reads: the store's throttled lane summary, the latest
// frame's column norms and the fine-tuning fit, and the theory's bounds for the config.
import { sigmaStarOf } from '../../core/config';
import { learnabilityBound } from '../../core/theory';
import { selectEffectiveTau, type LabState } from '../../state/store';
import type { FrameSnapshot } from '../../worker/frameBus';
import { fineTuneSummary } from '../panels/fineTuneFit';
import { laneFrame } from '../panels/frameData';
import type { TourFacts } from './tourStops';

/** The shortest column at or above τ and the longest below it. */
function gapAround(norms: ArrayLike<number>, tau: number): { smallestKept: number | null; largestDropped: number | null } {
  let smallestKept: number | null = null;
  let largestDropped: number | null = null;
  for (let i = 0; i < norms.length; i++) {
    const norm = norms[i];
    if (norm >= tau) smallestKept = smallestKept === null ? norm : Math.min(smallestKept, norm);
    else largestDropped = largestDropped === null ? norm : Math.max(largestDropped, norm);
  }
  return { smallestKept, largestDropped };
}

export function tourFacts(state: LabState, snapshot: FrameSnapshot | null): TourFacts {
  const { config } = state.params;
  const lane = state.run.lanes.regularized;
  const tau = selectEffectiveTau(state);
  const frame = snapshot ? laneFrame(snapshot, 'regularized') : undefined;
  const fit = snapshot ? fineTuneSummary(snapshot, 'regularized') : null;
  const sigma = sigmaStarOf(config);
  return {
    lambda: config.lambda,
    beta: config.beta,
    k: lane?.k ?? config.k,
    r: state.run.info?.r ?? config.r,
    tau,
    tauIsDefault: config.tau === null,
    step: lane?.step ?? 0,
    aboveTau: lane?.aboveTau ?? null,
    fractionAboveHalfMax: lane?.fractionAtHalfMax ?? null,
    ...(frame ? gapAround(frame.columnNorms, tau) : { smallestKept: null, largestDropped: null }),
    testErrorBeforePrune: lane?.milestones.beforePrune ?? null,
    testErrorAfterPrune: lane?.milestones.afterPrune ?? null,
    testErrorAfterFineTune: lane?.milestones.afterFineTune ?? null,
    rho: fit?.rho ?? null,
    gapDecades: fit?.gapDecades ?? null,
    strongestBound: learnabilityBound(sigma[0], config.beta, config.regularizer),
    weakestBound: learnabilityBound(sigma[sigma.length - 1], config.beta, config.regularizer),
  };
}
