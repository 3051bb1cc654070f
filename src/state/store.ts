/**
 * The lab's React state (zustand). How the UI uses it:
 *
 * - Read low-rate state with selectors: `useLabStore((s) => s.run.status)`,
 *   `useLabStore((s) => s.params.config.lambda)`, `useLabStore((s) => s.params.fieldErrors.d)`,
 *   `useLabStore((s) => s.view.sort)`. Derived readouts: `selectEffectiveTau`,
 *   `selectAboveTauReadout`, `selectIsRunning`; when a command applies: ui/useRunCommands.
 * - Act through `useLabActions()` (a stable object; never re-renders):
 *   `train`, `pause`, `toggleTrain`, `step`, `reset`, `newSeeds`, `prune`, `fineTune`,
 *   `exportRun` (a Promise of one core RunResult per lane, for JSON export and saving),
 *   `setField(key, raw)` (validates with the schema; a live field — λ, β, form, η₁, η₂, τ,
 *   step budgets — reaches a running worker without a reset; any other field restarts the
 *   run with the new problem), `setTau`, `applyConfig`, `loadQuery`, `setView`,
 *   `setComparison`, `dismissError`.
 * - High-rate data (column norms, U, full histories) is NOT here: charts use
 *   `subscribeFrames` / `getLatestFrame` from src/worker/frameBus.ts, redrawn inside the
 *   animation frame that acknowledges the worker's frame.
 * - The Worker itself is owned by `useLabWorker()` (src/state/useLabWorker.ts); mount it
 *   once at the app root. It also keeps the URL query in sync with the config and view.
 */
import { create } from 'zustand';
import { DEFAULT_CONFIG, MAX_SEED, parseConfig, parseField } from '../core/config';
import type { ConfigKey, FieldError, RunConfig } from '../core/config';
import { setupStageText, tauOf, type SetupStage } from '../core/runSetup';
import type { LaneStatistics } from '../core/session';
import type { HyperParameters, Phase, StateMetrics } from '../core/types';
import type {
  DivergedMessage,
  FrameMessage,
  LaneFrame,
  LaneId,
  LaneRunExport,
  LaneState,
  RunInfo,
  RunStatus,
  WorkerCommand,
  WorkerMessage,
} from '../worker/protocol';
import { parseQuery } from './urlState';
import { DEFAULT_VIEW } from './view';
import type { ViewState } from './view';

/** Where commands go: the worker client while mounted, nothing otherwise. */
export interface LabConnection {
  send(command: WorkerCommand): void;
}

/** Lane summaries reach React state at most this often (status changes always pass). */
export const SUMMARY_INTERVAL_MS = 200;

/** Fields a running worker takes without a reset, and how. */
const HYPER_KEYS = ['lambda', 'beta', 'regularizer', 'eta', 'fineTuneEta'] as const satisfies readonly (keyof HyperParameters & ConfigKey)[];
type HyperKey = (typeof HYPER_KEYS)[number];
const LIMIT_KEYS = ['steps', 'fineTuneSteps'] as const satisfies readonly ConfigKey[];
type LimitKey = (typeof LIMIT_KEYS)[number];

const isHyperKey = (key: ConfigKey): key is HyperKey => (HYPER_KEYS as readonly ConfigKey[]).includes(key);
const isLimitKey = (key: ConfigKey): key is LimitKey => (LIMIT_KEYS as readonly ConfigKey[]).includes(key);

/** A lane's scalar state, refreshed at most every SUMMARY_INTERVAL_MS. */
export interface LaneSummary extends StateMetrics, LaneStatistics {
  state: LaneState;
  phase: Phase;
  k: number;
}

export interface ParamsState {
  /** The applied, valid configuration (what the worker runs). */
  config: RunConfig;
  /** What the user typed into a field that was refused, so the input can keep showing it. */
  drafts: Partial<Record<ConfigKey, string>>;
  /** The schema's message for each refused field. */
  fieldErrors: Partial<Record<ConfigKey, string>>;
  /** What loading a URL corrected (clamped values, dropped keys), for a dismissible notice. */
  corrections: string[];
}

export interface RunState {
  /** 'loading' until the worker answered the latest init with `ready`. */
  status: 'loading' | RunStatus;
  /** The setup stage the worker is in while 'loading' (null before it reported one). */
  preparing: SetupStage | null;
  phase: Phase;
  info: RunInfo | null;
  lanes: Partial<Record<LaneId, LaneSummary>>;
  stepsPerSecond: number;
  pruned: Partial<Record<LaneId, number[]>>;
  diverged: DivergedMessage | null;
  error: { message: string; fields: string[] } | null;
}

export interface LabActions {
  /** Starts (or continues) the current phase. */
  train(): void;
  pause(): void;
  /** The Train/Pause button. */
  toggleTrain(): void;
  /** Advances `steps` steps (default one, as the help says) and pauses; never past the phase's budget. */
  step(steps?: number): void;
  /** Restarts from the same U₀ and data. */
  reset(): void;
  /** Fresh random seeds for every stream (then a restart). */
  newSeeds(): void;
  /** Prunes every lane at the effective τ. */
  prune(): void;
  fineTune(): void;
  /** Validates and applies one field; returns whether it was accepted. */
  setField(key: ConfigKey, raw: unknown): boolean;
  /** Sets τ (null: the default √(2β)); used by the slider and the draggable line. */
  setTau(tau: number | null): boolean;
  /** Replaces the whole configuration (presets, imported runs) and restarts. */
  applyConfig(config: RunConfig, corrections?: string[]): void;
  /** Loads a `?…` query (a shared link): clamps it and reports corrections. */
  loadQuery(search: string): void;
  setView(patch: Partial<Omit<ViewState, 'comparison'>>): void;
  /** Turns the unregularized lane on or off (restarts the run). */
  setComparison(on: boolean): void;
  dismissError(): void;
  dismissCorrections(): void;
  /**
   * The whole current run, one core RunResult per lane (turn it into a file with
   * core/runFile.ts runFileFromResult). Rejects when no worker is connected.
   */
  exportRun(): Promise<LaneRunExport[]>;
}

export interface LabState {
  params: ParamsState;
  run: RunState;
  view: ViewState;
  actions: LabActions;
}

let connection: LabConnection | null = null;
/** Export requests waiting for the worker's answer, by request id. */
const pendingExports = new Map<number, { resolve: (runs: LaneRunExport[]) => void; reject: (error: Error) => void }>();
let nextRequestId = 1;
let lastSummaryAt = -Infinity;

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

function initialFromLocation(): { config: RunConfig; view: ViewState; corrections: string[] } {
  if (typeof window === 'undefined' || !window.location) return { config: DEFAULT_CONFIG, view: DEFAULT_VIEW, corrections: [] };
  return parseQuery(window.location.search);
}

export function lanesFor(view: ViewState): LaneId[] {
  return view.comparison ? ['regularized', 'unregularized'] : ['regularized'];
}

function randomSeed(): number {
  const words = new Uint32Array(1);
  globalThis.crypto.getRandomValues(words);
  return words[0] % (MAX_SEED + 1);
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

/** τ the lab prunes at: the config's, or the derived default √(2β). */
export function effectiveTau(config: RunConfig): number {
  return tauOf(config);
}

const initial = initialFromLocation();

export const useLabStore = create<LabState>()((set, get) => {
  const send = (command: WorkerCommand): void => {
    connection?.send(command);
  };

  const setRun = (patch: Partial<RunState>): void => set((s) => ({ run: { ...s.run, ...patch } }));

  const restart = (): void => {
    lastSummaryAt = -Infinity;
    set({ run: emptyRun() });
    const { params, view } = get();
    send({ type: 'init', config: params.config, lanes: lanesFor(view) });
  };

  /** Sends an accepted field change to the worker the cheapest way that keeps it correct. */
  const propagate = (key: ConfigKey, previous: RunConfig, next: RunConfig): void => {
    if (isHyperKey(key)) {
      send({ type: 'setHyper', patch: { [key]: next[key] } });
      if (key === 'beta' && next.tau === null) send({ type: 'setTau', tau: effectiveTau(next) });
    } else if (key === 'tau') {
      send({ type: 'setTau', tau: effectiveTau(next) });
    } else if (isLimitKey(key)) {
      send({ type: 'setLimits', [key]: next[key] });
    } else if (JSON.stringify(previous[key]) !== JSON.stringify(next[key])) {
      restart();
    }
  };

  const clearFieldState = (params: ParamsState, key: ConfigKey): Pick<ParamsState, 'drafts' | 'fieldErrors'> => {
    const drafts = { ...params.drafts };
    const fieldErrors = { ...params.fieldErrors };
    delete drafts[key];
    delete fieldErrors[key];
    return { drafts, fieldErrors };
  };

  const refuseField = (key: ConfigKey, raw: unknown, message: string): false => {
    set((s) => ({
      params: {
        ...s.params,
        drafts: { ...s.params.drafts, [key]: raw === null || raw === undefined ? '' : String(raw) },
        fieldErrors: { ...s.params.fieldErrors, [key]: message },
      },
    }));
    return false;
  };

  const actions: LabActions = {
    train() {
      const { run } = get();
      if (run.phase === 'finetune') send({ type: 'fineTune' });
      else send({ type: 'start' });
    },
    pause() {
      send({ type: 'pause' });
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
      setRun({ diverged: null, error: null, pruned: {}, lanes: {}, phase: 'train' });
      send({ type: 'reset' });
    },
    newSeeds() {
      set((s) => ({
        params: {
          ...s.params,
          config: { ...s.params.config, seed: randomSeed(), truthSeed: null, sensingSeed: null, noiseSeed: null, initSeed: null, testSeed: null },
        },
      }));
      restart();
    },
    prune() {
      send({ type: 'prune', tau: effectiveTau(get().params.config) });
    },
    fineTune() {
      send({ type: 'fineTune' });
    },
    setField(key, raw) {
      const parsed = parseField(key, raw);
      if ('error' in parsed) return refuseField(key, raw, parsed.error);
      const { params } = get();
      const candidate = { ...params.config, [key]: parsed.value };
      const whole = parseConfig(candidate, 'strict');
      if (!whole.ok) return refuseField(key, raw, whole.errors.map((e: FieldError) => e.message).join('; '));
      const previous = params.config;
      set((s) => ({ params: { ...s.params, ...clearFieldState(s.params, key), config: whole.config } }));
      propagate(key, previous, whole.config);
      return true;
    },
    setTau(tau) {
      return actions.setField('tau', tau);
    },
    applyConfig(config, corrections = []) {
      const whole = parseConfig(config, 'strict');
      if (!whole.ok) {
        setRun({ error: { message: whole.errors.map((e) => e.message).join('\n'), fields: whole.errors.map((e) => e.field) } });
        return;
      }
      set((s) => ({ params: { ...s.params, config: whole.config, drafts: {}, fieldErrors: {}, corrections } }));
      restart();
    },
    loadQuery(search) {
      const parsed = parseQuery(search);
      set((s) => ({ view: { ...s.view, ...parsed.view } }));
      actions.applyConfig(parsed.config, parsed.corrections);
    },
    setView(patch) {
      const speedBefore = get().view.speed;
      set((s) => ({ view: { ...s.view, ...patch } }));
      if (patch.speed !== undefined && patch.speed !== speedBefore) send({ type: 'setSpeed', stepsPerSecond: patch.speed });
    },
    setComparison(on) {
      if (get().view.comparison === on) return;
      set((s) => ({ view: { ...s.view, comparison: on } }));
      restart();
    },
    dismissError() {
      setRun({ error: null });
    },
    dismissCorrections() {
      set((s) => ({ params: { ...s.params, corrections: [] } }));
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

  return {
    params: { config: initial.config, drafts: {}, fieldErrors: {}, corrections: initial.corrections },
    run: emptyRun(),
    view: initial.view,
    actions,
  };
});

/** The store's actions; the returned object never changes, so using it never re-renders. */
export function useLabActions(): LabActions {
  return useLabStore((s) => s.actions);
}

// ---------------------------------------------------------------- the worker client's side

/**
 * Attaches the worker client; the store sends `init` for the current config at once.
 * Returns the detach function.
 */
export function connectLab(next: LabConnection): () => void {
  connection = next;
  lastSummaryAt = -Infinity;
  const { params, view } = useLabStore.getState();
  useLabStore.setState((s) => ({ run: { ...emptyRun(), status: 'loading', error: s.run.error } }));
  next.send({ type: 'init', config: params.config, lanes: lanesFor(view) });
  if (view.speed !== DEFAULT_VIEW.speed) next.send({ type: 'setSpeed', stepsPerSecond: view.speed });
  return () => {
    if (connection !== next) return;
    connection = null;
    for (const pending of pendingExports.values()) pending.reject(new Error('The lab worker stopped before the export was ready.'));
    pendingExports.clear();
  };
}

/**
 * Feeds one frame into the throttled lane summaries. Called by the client inside the
 * animation frame that draws it; `now` is that frame's timestamp.
 */
export function receiveFrame(frame: FrameMessage, now: number): void {
  const { run } = useLabStore.getState();
  const first = frame.lanes[0];
  const statusChanged = run.status !== frame.status || (first !== undefined && first.phase !== run.phase);
  const laneStateChanged = frame.lanes.some((lane) => run.lanes[lane.lane]?.state !== lane.state);
  if (!statusChanged && !laneStateChanged && now - lastSummaryAt < SUMMARY_INTERVAL_MS) return;
  lastSummaryAt = now;
  const lanes: Partial<Record<LaneId, LaneSummary>> = {};
  for (const lane of frame.lanes) lanes[lane.lane] = laneSummary(lane);
  const stopped = frame.lanes.find((lane) => lane.divergence);
  const diverged: DivergedMessage | null = stopped?.divergence ? { type: 'diverged', lane: stopped.lane, ...stopped.divergence } : null;
  useLabStore.setState((s) => ({
    run: {
      ...s.run,
      status: frame.status,
      phase: first?.phase ?? s.run.phase,
      lanes,
      stepsPerSecond: frame.stepsPerSecond,
      diverged,
    },
  }));
}

/** Applies every non-frame worker message to the run state (run status comes from frames only). */
export function receiveMessage(message: Exclude<WorkerMessage, FrameMessage>): void {
  const setRun = (patch: Partial<RunState>): void => useLabStore.setState((s) => ({ run: { ...s.run, ...patch } }));
  switch (message.type) {
    case 'preparing':
      setRun({ preparing: message.stage });
      break;
    case 'ready':
      setRun({ status: 'idle', preparing: null, info: message.info, error: null, diverged: null, pruned: {} });
      break;
    case 'pruned':
      setRun({ pruned: { ...useLabStore.getState().run.pruned, [message.lane]: message.kept }, phase: 'finetune' });
      break;
    case 'done':
    case 'diverged':
      // Announcements only: the frame that follows carries the same state, and taking the
      // status from frames alone keeps a frame drawn late from undoing a newer message.
      break;
    case 'error':
      setRun({ error: { message: message.message, fields: message.fields ?? [] } });
      break;
    case 'runExport': {
      const pending = pendingExports.get(message.requestId);
      pendingExports.delete(message.requestId);
      pending?.resolve(message.runs);
      break;
    }
  }
}

// ---------------------------------------------------------------- derived readouts

export const selectEffectiveTau = (s: LabState): number => effectiveTau(s.params.config);

/** What the worker is building while the run loads ("Preparing the run (2 of 3): …"), or null. */
export const selectPreparingText = (s: LabState): string | null =>
  s.run.status === 'loading' && s.run.preparing ? setupStageText(s.run.preparing, s.params.config) : null;

export const selectIsRunning = (s: LabState): boolean => s.run.status === 'running';

/** "N columns above τ (r = …)" for the regularized lane, or null before the first frame. */
export const selectAboveTauReadout = (s: LabState): string | null => {
  const lane = s.run.lanes.regularized;
  if (!lane) return null;
  const r = s.run.info?.r ?? s.params.config.r;
  return `${lane.aboveTau} column${lane.aboveTau === 1 ? '' : 's'} above τ (r = ${r})`;
};
