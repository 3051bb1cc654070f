// Fixture builders for tests of code that reads worker messages: complete messages with
// plausible values, so a test patches only what it looks at and the protocol's fields stay required.
import type { FrameResponse, LaneFrame } from './labProtocol';

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

/** A frame of the given lanes (one default lane when none is given). */
export function frameMessage(patch: Partial<FrameResponse> = {}): FrameResponse {
  return { type: 'frame', frameId: 1, epoch: 1, status: 'running', stepsPerSecond: 0, lanes: [laneFrame()], ...patch };
}
