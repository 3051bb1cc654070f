// The run slice: what the lab worker reports (status, phase, lane summaries, the kept columns,
// divergence, errors) and the commands that drive it. It also holds this store's link to the
// worker (src/state/useLabWorker.ts connects the client): where requests go, the exports
// awaiting an answer, and the throttle of lane summaries. All of it lives in the store
// instance, so two stores (two tests, two pages) never share a worker.
import { tauOf, type SetupStage } from '../core/runSetup';
import type { LaneStatistics } from '../core/laneReport';
import type { Phase, StateMetrics } from '../core/types';
import type {
  DivergedResponse,
  FrameResponse,
  LabRequest,
  LabResponse,
  LaneFrame,
  LaneId,
  LaneRunExport,
  LaneState,
  RunInfo,
  RunStatus,
} from '../worker/labProtocol';
import type { LabState, SliceApi } from './labStore';
import { DEFAULT_VIEW, type ViewState } from './view';

/** Lane summaries reach React state at most this often (status changes always pass). */
export const SUMMARY_INTERVAL_MS = 200;

/** A lane's scalar state, refreshed at most every SUMMARY_INTERVAL_MS. */
export interface LaneSummary extends StateMetrics, LaneStatistics {
  state: LaneState;
  phase: Phase;
  k: number;
}

/** Which lane stopped, at which step, why, and the step size to try instead. */
export type RunDivergence = Omit<DivergedResponse, 'type'>;

export interface RunState {
  /** 'loading' until the worker answered the latest init with `ready`. */
  status: 'loading' | RunStatus;
  /** The setup stage the worker is in while 'loading' and the fraction of it done (null before it reported one). */
  preparing: { stage: SetupStage; fraction: number } | null;
  phase: Phase;
  info: RunInfo | null;
  lanes: Partial<Record<LaneId, LaneSummary>>;
  stepsPerSecond: number;
  pruned: Partial<Record<LaneId, number[]>>;
  diverged: RunDivergence | null;
  error: { message: string; fields: string[] } | null;
}

export interface RunActions {
  /** Starts (or continues) the current phase. */
  train(): void;
  pause(): void;
  /** The Train/Pause button. */
  toggleTrain(): void;
  /** Advances `steps` steps (default one, as the help says) and pauses; never past the phase's budget. */
  step(steps?: number): void;
  /** Restarts from the same U₀ and data. */
  reset(): void;
  /** Prunes every lane at the effective τ. */
  prune(): void;
  fineTune(): void;
  dismissError(): void;
  /**
   * The whole current run, one core RunResult per lane (turn it into a file with
   * core/runFile.ts runFileFromResult). Rejects when no worker is connected.
   */
  exportRun(): Promise<LaneRunExport[]>;
}

/** Where requests go: the worker client while connected. */
export interface LabConnection {
  /** Posts the request; returns its position among every request posted (FrameResponse.handled counts the same), or 0 if it was not posted. */
  send(request: LabRequest): number;
}

/** The worker client's side of the store (used by useLabWorker, never by components). */
export interface LabWorkerLink {
  /** Attaches the client; the store sends `init` for the current config at once. Returns the detach function. */
  connect(connection: LabConnection): () => void;
  /** Feeds one drawn frame into the throttled lane summaries; `now` is its animation frame's timestamp. */
  receiveFrame(frame: FrameResponse, now: number): void;
  /** Applies every other response to the run state (run status comes from frames only). */
  receiveResponse(response: Exclude<LabResponse, FrameResponse>): void;
}

/** What the other slices need from this one. */
export interface RunControl {
  send(request: LabRequest): void;
  /** A new run of the current config and lanes (after a change the worker cannot take live). */
  restart(): void;
}

const emptyRun = (): RunState => ({
  status: 'loading',
  preparing: null,
  phase: 'train',
  info: null,
  lanes: {},
  stepsPerSecond: 0,
  pruned: {},
  diverged: null,
  error: null,
});

function lanesFor(view: ViewState): LaneId[] {
  return view.comparison ? ['regularized', 'unregularized'] : ['regularized'];
}

/** A frame's lane as the lane summary React reads. */
function laneSummary(lane: LaneFrame): LaneSummary {
  return {
    state: lane.state,
    phase: lane.phase,
    step: lane.step,
    k: lane.k,
    loss: lane.loss,
    objective: lane.objective,
    testError: lane.testError,
    relativeTestError: lane.relativeTestError,
    gradNorm: lane.gradNorm,
    aboveTau: lane.aboveTau,
    fractionAtHalfMax: lane.fractionAtHalfMax,
    milestones: lane.milestones,
    heldOutLoss: lane.heldOutLoss,
    heldOutMilestones: lane.heldOutMilestones,
    largestColumnsTestError: lane.largestColumnsTestError,
    largestColumnsFineTunedTestError: lane.largestColumnsFineTunedTestError,
  };
}

export function createRunSlice({ set, get }: SliceApi): { run: RunState; actions: RunActions; worker: LabWorkerLink; control: RunControl } {
  let connection: LabConnection | null = null;
  /** Export requests waiting for the worker's answer, by request id. */
  const pendingExports = new Map<number, { resolve: (runs: LaneRunExport[]) => void; reject: (error: Error) => void }>();
  let nextRequestId = 1;
  let lastSummaryAt = -Infinity;
  /**
   * The status a Train or Pause just asked for is shown at once; frames the worker drew before
   * it handled that request (`handled` below this position) still carry the old status, so
   * until a frame has seen it, frames update everything but the status.
   */
  let commanded: { request: number; before: RunState['status'] } | null = null;

  const send = (request: LabRequest): number => connection?.send(request) ?? 0;
  const setRun = (patch: Partial<RunState>): void => set((s: LabState) => ({ run: { ...s.run, ...patch } }));
  /** Sends a command the worker follows with `status` (the next frame would say so) and shows that status now. */
  const command = (request: LabRequest, status: RunState['status']): void => {
    const before = get().run.status;
    const position = send(request);
    if (position === 0) return;
    commanded = { request: position, before: commanded?.before ?? before };
    setRun({ status });
  };

  const control: RunControl = {
    send,
    restart() {
      lastSummaryAt = -Infinity;
      commanded = null;
      set({ run: emptyRun() });
      const { params, view } = get();
      send({ type: 'init', config: params.config, lanes: lanesFor(view) });
    },
  };

  const actions: RunActions = {
    train() {
      const request: LabRequest = get().run.phase === 'finetune' ? { type: 'fineTune' } : { type: 'start' };
      // From idle or paused the worker runs; from done or diverged it may stop again at once, so that waits for its frame.
      const { status } = get().run;
      if (status === 'idle' || status === 'paused') command(request, 'running');
      else send(request);
    },
    pause() {
      if (get().run.status === 'running') command({ type: 'pause' }, 'paused');
      else send({ type: 'pause' });
    },
    toggleTrain() {
      if (get().run.status === 'running') actions.pause();
      else actions.train();
    },
    step(steps) {
      send({ type: 'step', steps: steps ?? 1 });
    },
    reset() {
      lastSummaryAt = -Infinity;
      commanded = null;
      setRun({ diverged: null, error: null, pruned: {}, lanes: {}, phase: 'train' });
      send({ type: 'reset' });
    },
    prune() {
      send({ type: 'prune', tau: tauOf(get().params.config) });
    },
    fineTune() {
      send({ type: 'fineTune' });
    },
    dismissError() {
      setRun({ error: null });
    },
    exportRun() {
      const target = connection;
      if (!target) return Promise.reject(new Error('The lab is not running, so there is no run to export.'));
      const requestId = nextRequestId++;
      return new Promise<LaneRunExport[]>((resolve, reject) => {
        pendingExports.set(requestId, { resolve, reject });
        target.send({ type: 'exportRun', requestId });
      });
    },
  };

  const worker: LabWorkerLink = {
    connect(next) {
      connection = next;
      lastSummaryAt = -Infinity;
      commanded = null;
      const { params, view } = get();
      set((s: LabState) => ({ run: { ...emptyRun(), status: 'loading', error: s.run.error } }));
      next.send({ type: 'init', config: params.config, lanes: lanesFor(view) });
      if (view.speed !== DEFAULT_VIEW.speed) next.send({ type: 'setSpeed', stepsPerSecond: view.speed });
      return () => {
        if (connection !== next) return;
        connection = null;
        for (const pending of pendingExports.values()) pending.reject(new Error('The lab worker stopped before the export was ready.'));
        pendingExports.clear();
      };
    },
    receiveFrame(frame, now) {
      const { run } = get();
      if (commanded !== null && frame.handled >= commanded.request) commanded = null;
      const status = commanded === null ? frame.status : run.status;
      const first = frame.lanes[0];
      const statusChanged = run.status !== status || (first !== undefined && first.phase !== run.phase);
      const laneStateChanged = frame.lanes.some((lane) => run.lanes[lane.lane]?.state !== lane.state || run.lanes[lane.lane]?.phase !== lane.phase);
      // Only a running run's frames are thinned out: a stopped run sends few, and its latest
      // is what stays on screen (a prune's frame, say, after the Pause already showed paused).
      const throttled = frame.status === 'running' && !statusChanged && !laneStateChanged && now - lastSummaryAt < SUMMARY_INTERVAL_MS;
      if (throttled) return;
      lastSummaryAt = now;
      const lanes: Partial<Record<LaneId, LaneSummary>> = {};
      for (const lane of frame.lanes) lanes[lane.lane] = laneSummary(lane);
      const stopped = frame.lanes.find((lane) => lane.divergence);
      const diverged = stopped?.divergence ? { lane: stopped.lane, ...stopped.divergence } : null;
      setRun({ status, phase: first?.phase ?? run.phase, lanes, stepsPerSecond: frame.stepsPerSecond, diverged });
    },
    receiveResponse(response) {
      switch (response.type) {
        case 'preparing':
          setRun({ preparing: { stage: response.stage, fraction: response.fraction } });
          break;
        case 'ready':
          setRun({ status: 'idle', preparing: null, info: response.info, error: null, diverged: null, pruned: {} });
          break;
        case 'pruned':
          setRun({ pruned: { ...get().run.pruned, [response.lane]: response.kept }, phase: 'finetune' });
          break;
        case 'done':
        case 'diverged':
          // Announcements only: the frame that follows carries the same state, and taking the
          // status from frames alone keeps a frame drawn late from undoing a newer response.
          break;
        case 'error':
          // A refused command is followed by no frame: show the status from before it again.
          if (commanded !== null) {
            setRun({ status: commanded.before });
            commanded = null;
          }
          setRun({ error: { message: response.message, fields: response.fields } });
          break;
        case 'runExport': {
          const pending = pendingExports.get(response.requestId);
          pendingExports.delete(response.requestId);
          pending?.resolve(response.runs);
          break;
        }
      }
    },
  };

  return { run: emptyRun(), actions, worker, control };
}
