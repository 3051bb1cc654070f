// Fixture builders for tests of code that reads worker messages: complete messages with
// plausible values, so a test patches only what it looks at and the protocol's fields stay required.
import { SEED_STREAMS, type SeedSet } from '../core/types';
import type { FrameResponse, LaneFrame, RunInfo } from './labProtocol';

/** A lane of a frame mid-way through phase 1 (4 columns, 3 above τ). */
export function laneFrame(patch: Partial<LaneFrame> = {}): LaneFrame {
  return {
    lane: 'regularized',
    state: 'active',
    phase: 'train',
    step: 100,
    k: 4,
    columnNorms: new Float64Array([1, 0.8, 0.3, 0.001]),
    keptIndices: null,
    loss: 0.5,
    objective: 0.6,
    testError: 0.2,
    relativeTestError: 0.1,
    gradNorm: 0.01,
    aboveTau: 3,
    fractionAtHalfMax: 0.5,
    milestones: { beforePrune: 0.2, afterPrune: null, afterFineTune: null },
    heldOutLoss: null,
    heldOutMilestones: { beforePrune: null, afterFineTune: null },
    newHistory: { train: [], finetune: [] }, newEvents: [],
    divergence: null,
    U: null,
    largestColumnsTestError: null,
    largestColumnsFineTunedTestError: null,
    atPruning: null,
    ...patch,
  };
}

/** The `ready` facts of a small empirical run (d = k = 4, r = 2) on the JS kernels. */
export function sampleRunInfo(patch: Partial<RunInfo> = {}): RunInfo {
  return {
    seeds: Object.fromEntries(SEED_STREAMS.map((stream, i) => [stream, i + 1])) as SeedSet,
    operatorKind: 'direct',
    d: 4,
    k: 4,
    r: 2,
    n: 40,
    sigmaStar: [1, 0.5],
    flopsPerStep: 2_000,
    msPerStep: 0.01,
    kernel: { name: 'js', precision: 'f64', threads: 1 },
    kernelNotes: [],
    lanes: ['regularized'],
    tau: 0.14,
    defaultTau: 0.14,
    heatmap: true,
    theory: { learnabilityBounds: [0.5, 0.25], learnableDirections: 2, stabilityBound: 0.1, predictedBias: 0.01, finiteSampleErrorScale: 0.05 },
    ...patch,
  };
}

/** A worker's count of handled requests that no test reaches: the frame was drawn after every request sent. */
export const AFTER_EVERY_REQUEST = Number.MAX_SAFE_INTEGER;

/** A frame of the given lanes (one default lane when none is given), drawn after every request sent. */
export function frameResponse(patch: Partial<FrameResponse> = {}): FrameResponse {
  return { type: 'frame', frameId: 1, epoch: 1, handled: AFTER_EVERY_REQUEST, status: 'running', stepsPerSecond: 0, lanes: [laneFrame()], ...patch };
}
