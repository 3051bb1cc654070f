// The `ready` message's facts about a run just built: its problem, kernels, costs and guides.
import type { RunConfig } from '../core/config';
import { theoryGuides } from '../core/runResult';
import type { LabSession, LaneId } from '../core/session';
import { defaultTau } from '../core/theory';
import { HEATMAP_MAX_ENTRIES, type RunInfo } from './labProtocol';

/** RunInfo of a session; times one step on U₀ with `now` (the slow part, for large problems). */
export function runInfo(session: LabSession, config: RunConfig, lanes: LaneId[], kernelNotes: string[], now: () => number): RunInfo {
  const { problem, k } = session;
  return {
    seeds: session.seeds,
    operatorKind: session.operatorKind,
    d: problem.d,
    k,
    r: problem.r,
    n: problem.n,
    sigmaStar: Array.from(problem.sigmaStar),
    flopsPerStep: session.flopsPerStep,
    msPerStep: session.measureStepMs(now),
    kernel: session.kernel,
    kernelNotes,
    lanes,
    tau: session.tau,
    defaultTau: defaultTau(config.beta),
    heatmap: problem.d * k <= HEATMAP_MAX_ENTRIES,
    theory: theoryGuides(config, problem),
  };
}
