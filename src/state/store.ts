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
import type { HyperParameters } from '../core/types';
import type {
  DivergedResponse,
  FrameResponse,
  LaneId,
  LaneRunExport,
  LabRequest,
  LabResponse,
} from '../worker/labProtocol';
import { effectiveTau, emptyRun, laneSummary, lanesFor } from './labState';
import type { LabActions, LabState, LaneSummary, ParamsState, RunState } from './labState';
import { parseQuery } from './urlState';
import { DEFAULT_VIEW } from './view';
import type { ViewState } from './view';

export * from './labState';

/** Where commands go: the worker client while mounted, nothing otherwise. */
export interface LabConnection {
  send(command: LabRequest): void;
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

let connection: LabConnection | null = null;
/** Export requests waiting for the worker's answer, by request id. */
const pendingExports = new Map<number, { resolve: (runs: LaneRunExport[]) => void; reject: (error: Error) => void }>();
let nextRequestId = 1;
let lastSummaryAt = -Infinity;

function initialFromLocation(): { config: RunConfig; view: ViewState; corrections: string[] } {
  if (typeof window === 'undefined' || !window.location) return { config: DEFAULT_CONFIG, view: DEFAULT_VIEW, corrections: [] };
  return parseQuery(window.location.search);
}

function randomSeed(): number {
  const words = new Uint32Array(1);
  globalThis.crypto.getRandomValues(words);
  return words[0] % (MAX_SEED + 1);
}

const initial = initialFromLocation();

export const useLabStore = create<LabState>()((set, get) => {
  const send = (command: LabRequest): void => {
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
export function receiveFrame(frame: FrameResponse, now: number): void {
  const { run } = useLabStore.getState();
  const first = frame.lanes[0];
  const statusChanged = run.status !== frame.status || (first !== undefined && first.phase !== run.phase);
  const laneStateChanged = frame.lanes.some((lane) => run.lanes[lane.lane]?.state !== lane.state);
  if (!statusChanged && !laneStateChanged && now - lastSummaryAt < SUMMARY_INTERVAL_MS) return;
  lastSummaryAt = now;
  const lanes: Partial<Record<LaneId, LaneSummary>> = {};
  for (const lane of frame.lanes) lanes[lane.lane] = laneSummary(lane);
  const stopped = frame.lanes.find((lane) => lane.divergence);
  const diverged: DivergedResponse | null = stopped?.divergence ? { type: 'diverged', lane: stopped.lane, ...stopped.divergence } : null;
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
export function receiveMessage(message: Exclude<LabResponse, FrameResponse>): void {
  const setRun = (patch: Partial<RunState>): void => useLabStore.setState((s) => ({ run: { ...s.run, ...patch } }));
  switch (message.type) {
    case 'preparing':
      setRun({ preparing: { stage: message.stage, fraction: message.fraction } });
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
      setRun({ error: { message: message.message, fields: message.fields } });
      break;
    case 'runExport': {
      const pending = pendingExports.get(message.requestId);
      pendingExports.delete(message.requestId);
      pending?.resolve(message.runs);
      break;
    }
  }
}
