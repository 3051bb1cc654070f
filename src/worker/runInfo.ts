// The `ready` message's facts about a run just built: its problem, kernels, costs and guides.
import type { RunConfig } from '../core/config';
import { theoryGuides } from '../core/runResult';
import type { StageProgress } from '../core/runSetup';
import type { LabSession, LaneId } from '../core/session';
import { defaultTau } from '../core/theory';
import { HEATMAP_MAX_ENTRIES, type RunInfo } from './labProtocol';

/** RunInfo of a session; times one step on U₀ with `now` (the slow part, for large problems), telling `onStage` how far it got. */
export function runInfo(session: LabSession, config: RunConfig, lanes: LaneId[], kernelNotes: string[], now: () => number, onStage?: StageProgress): RunInfo {
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
    msPerStep: session.measureStepMs(now, onStage),
    kernel: session.kernel,
    kernelNotes: session.kernelNote ? [...kernelNotes, session.kernelNote] : kernelNotes,
    lanes,
    tau: session.tau,
    defaultTau: defaultTau(config.beta),
    heatmap: problem.d * k <= HEATMAP_MAX_ENTRIES,
    theory: theoryGuides(config, problem),
  };
}
