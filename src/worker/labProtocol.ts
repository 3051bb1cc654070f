// The messages between the main thread and the lab worker (src/worker/lab.worker.ts).
// All three worker protocols (labProtocol, rateProtocol, sweepProtocol) are named alike: the
// main thread sends `<Worker>Request`s and the worker answers with `<Worker>Response`s, each a
// plain object tagged by a camelCase `type`; a member with a name of its own is
// `<Type>Request` / `<Type>Response`. Typed arrays in frames are transferred, not copied.
import type { RunConfig } from '../core/config';
import type { KernelInfo } from '../core/kernels/types';
import type { RunResult, TheoryGuides } from '../core/runResult';
import type { SetupStage } from '../core/runSetup';
import type { LaneStatistics } from '../core/laneReport';
import type { LaneId } from '../core/session';
import type { ThresholdEvent } from '../core/thresholdEvents';
import type { HistoryEntry, HyperParameters, OperatorKind, Phase, SeedSet, StateMetrics } from '../core/types';

export { LANE_IDS, type LaneId } from '../core/session';

/**
 * Frames carry the full d×k matrix U (for the heatmap) only when d·k is at most this many
 * entries; above it (e.g. the d = k = 500 Figure-1 preset, 2 MB per copy) `U` is null.
 */
export const HEATMAP_MAX_ENTRIES = 40_000;

// ---------------------------------------------------------------- requests: main → worker

export type LabRequest =
  /** Builds the problem, U₀ and one trainer per lane. Validated strictly; an invalid config gets an `error` reply. */
  | { type: 'init'; config: RunConfig; lanes: LaneId[] }
  /** Runs the current phase continuously until its step budget, a pause or a divergence. */
  | { type: 'start' }
  | { type: 'pause' }
  /** Advances exactly `steps` steps of the current phase (then pauses). */
  | { type: 'step'; steps: number }
  /** Restarts every lane from the same U₀ and data (seeds unchanged). */
  | { type: 'reset' }
  /** λ applies to the regularized lane only; β, the form and the step sizes to every lane. No reset. */
  | { type: 'setHyper'; patch: Partial<HyperParameters> }
  /** Step budgets of the two phases (the ones given); takes effect between chunks. */
  | { type: 'setLimits'; patch: Partial<Pick<RunConfig, 'steps' | 'fineTuneSteps'>> }
  /** The threshold used for the `aboveTau` counts. */
  | { type: 'setTau'; tau: number }
  /** Playback speed in steps per second (null: full speed); kept across init and reset. */
  | { type: 'setSpeed'; stepsPerSecond: number | null }
  /** Prunes every lane at the same τ and switches it to fine-tuning (step 0). */
  | { type: 'prune'; tau: number }
  /** Runs fine-tuning continuously (after `prune`) until fineTuneSteps or a pause. */
  | { type: 'fineTune' }
  /** Asks for the whole run, one core RunResult per lane (for JSON export and saved runs); answered by `runExport`. */
  | { type: 'exportRun'; requestId: number }
  /** The main thread has drawn frame `frameId`; the next frame may be sent. */
  | { type: 'ack'; frameId: number }
  /** Stops all work; the worker may then be terminated. */
  | { type: 'dispose' };

// ---------------------------------------------------------------- responses: worker → main

/** Whole-run status as the worker sees it. */
export type RunStatus = 'idle' | 'running' | 'paused' | 'done' | 'diverged';

/** Per-lane state: still able to step, finished its phase budget, or stopped by divergence. */
export type LaneState = 'active' | 'done' | 'diverged';

export interface RunInfo {
  seeds: SeedSet;
  operatorKind: OperatorKind;
  d: number;
  k: number;
  r: number;
  n: number;
  sigmaStar: number[];
  /** Floating-point operations of one gradient step of one lane at the initial k. */
  flopsPerStep: number;
  /** Milliseconds one step of one lane took on this machine, measured on U₀ before the run. */
  msPerStep: number;
  /** The kernels the run computes on. */
  kernel: KernelInfo;
  /** Why they are not what the `kernel` key asked for (no WebAssembly SIMD, not cross-origin isolated); empty when they are. */
  kernelNotes: string[];
  lanes: LaneId[];
  /** The τ the `aboveTau` counts use (config.tau or the default). */
  tau: number;
  /** The derived default √(2β) of the initial β [derived]. */
  defaultTau: number;
  /** Whether frames carry U (d·k ≤ HEATMAP_MAX_ENTRIES). */
  heatmap: boolean;
  /** core/run.ts theoryGuides for the configuration given to `init` (tags in its doc comments). */
  theory: TheoryGuides;
}

/** History entries recorded since the previous frame, by phase. */
export interface HistoryDelta {
  train: HistoryEntry[];
  finetune: HistoryEntry[];
}

export interface LaneFrame extends StateMetrics, LaneStatistics {
  lane: LaneId;
  state: LaneState;
  phase: Phase;
  /** Current column count (k before pruning, |S| after). */
  k: number;
  /** ‖U e_i‖ of the current columns (transferred). */
  columnNorms: Float64Array;
  /** Original indices of the current columns after pruning (transferred); null before. */
  keptIndices: Int32Array | null;
  newHistory: HistoryDelta;
  /** Phase-1 τ crossings and the first exact-r step recorded since the last frame. */
  newEvents: ThresholdEvent[];
  /** Why the lane stopped, while it is diverged (the same facts as the `diverged` event); null otherwise. */
  divergence: { step: number; reason: string; suggestedEta: number } | null;
  /** Row-major d×k copy of U (transferred), or null when d·k > HEATMAP_MAX_ENTRIES. */
  U: Float64Array | null;
  /** The phase-1 state pruning faced; null before pruning. */
  atPruning: PruningMoment | null;
}

/** A lane's phase-1 state at the moment of pruning. */
export interface PruningMoment {
  /** ‖U e_i‖ of all k phase-1 columns (transferred). */
  columnNorms: Float64Array;
  /** The τ it was pruned at. */
  tau: number;
}

export interface FrameResponse {
  type: 'frame';
  /** Increases by one per frame; echo it in `ack`. */
  frameId: number;
  /** Increases on every init and reset: accumulated history must be cleared when it changes. */
  epoch: number;
  /**
   * How many requests (every message, acks included) the worker had handled when it drew
   * this frame: a frame drawn before the worker saw a command shows the state before it.
   */
  handled: number;
  status: RunStatus;
  /** Gradient steps per second of one lane, measured over recent chunks (0 when idle). */
  stepsPerSecond: number;
  lanes: LaneFrame[];
}

export interface DivergedResponse {
  type: 'diverged';
  lane: LaneId;
  step: number;
  reason: string;
  suggestedEta: number;
}

/** One lane of a `runExport` answer. */
export interface LaneRunExport {
  lane: LaneId;
  /**
   * The run as run: config carries the lane's live hyper-parameters, the steps actually
   * taken in each phase and the τ it was pruned at, so core/run.ts runPipeline(config)
   * repeats it. phase1.U is U at the moment of pruning; kept and finetune are null before
   * pruning.
   */
  result: RunResult;
  /**
   * False when a hyper-parameter was changed after the lane's first step: runPipeline
   * applies one set of values throughout, so it would not repeat this run exactly.
   * Moving τ during a run does not change the trajectory, but the history's `aboveTau`
   * counts follow the τ in force when each entry was recorded.
   */
  reproducible: boolean;
}

export type LabResponse =
  /**
   * How far an init's setup got: a slow stage (core/runSetup.ts SETUP_STAGES) started
   * (fraction 0) or reached another whole percent (fraction ≤ 1); `ready` follows the last.
   */
  | { type: 'preparing'; stage: SetupStage; fraction: number }
  | { type: 'ready'; epoch: number; info: RunInfo }
  | FrameResponse
  | { type: 'pruned'; lane: LaneId; kept: number[] }
  | { type: 'runExport'; requestId: number; runs: LaneRunExport[] }
  /**
   * Events: the current phase reached its step budget on every lane / a lane diverged.
   * The state they announce also arrives in the next frame (status, lane state,
   * divergence), which is what the store follows, so ordering with frames never matters.
   */
  | { type: 'done'; phase: Phase }
  | DivergedResponse
  /** A refused request or a failure; `fields` lists the config fields to change (empty when none is to blame). */
  | { type: 'error'; message: string; fields: string[] };

/** The transferable buffers of a frame, for postMessage's transfer list. */
export function frameTransferables(frame: FrameResponse): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const lane of frame.lanes) {
    buffers.push(lane.columnNorms.buffer as ArrayBuffer);
    if (lane.keptIndices) buffers.push(lane.keptIndices.buffer as ArrayBuffer);
    if (lane.U) buffers.push(lane.U.buffer as ArrayBuffer);
    if (lane.atPruning) buffers.push(lane.atPruning.columnNorms.buffer as ArrayBuffer);
  }
  return buffers;
}
