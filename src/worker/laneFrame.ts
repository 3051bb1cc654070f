// One lane of a frame: the session's report of the lane plus what only the worker knows (its
// scheduling state, which history entries are new since the last frame, U for the heatmap).
import type { LabSession, LaneId } from '../core/session';
import { HEATMAP_MAX_ENTRIES, type LaneFrame, type LaneState } from './labProtocol';

/** History entries of each phase, and threshold events, already sent in a frame. */
export interface SentHistory {
  train: number;
  finetune: number;
  events: number;
}

/** Builds the lane's frame from its report (see LabSession.report's `source`) and moves `sent` past the history it carries. */
export function buildLaneFrame(session: LabSession, lane: LaneId, state: LaneState, sent: SentHistory, source: 'now' | 'lastStep' = 'now'): LaneFrame {
  const report = session.report(lane, source);
  const history = session.history(lane);
  const newHistory = { train: history.train.slice(sent.train), finetune: history.finetune.slice(sent.finetune) };
  sent.train = history.train.length;
  sent.finetune = history.finetune.length;
  const events = session.thresholdEvents(lane);
  const newEvents = events.slice(sent.events);
  sent.events = events.length;
  const size = session.problem.d * report.k;
  const { pruning } = report;
  return {
    lane,
    state,
    phase: report.phase,
    step: report.step,
    k: report.k,
    columnNorms: report.columnNorms,
    keptIndices: pruning ? Int32Array.from(pruning.kept) : null,
    loss: report.loss,
    objective: report.objective,
    testError: report.testError,
    relativeTestError: report.relativeTestError,
    gradNorm: report.gradNorm,
    aboveTau: report.aboveTau,
    fractionAtHalfMax: report.fractionAtHalfMax,
    milestones: report.milestones,
    heldOutLoss: report.heldOutLoss,
    heldOutMilestones: report.heldOutMilestones,
    newHistory,
    newEvents,
    divergence: report.divergence,
    U: size <= HEATMAP_MAX_ENTRIES ? report.U.slice(0, size) : null,
    largestColumnsTestError: report.largestColumnsTestError,
    largestColumnsFineTunedTestError: report.largestColumnsFineTunedTestError,
    atPruning: pruning ? { columnNorms: pruning.snapshot.columnNorms.slice(), tau: pruning.tau } : null,
  };
}
