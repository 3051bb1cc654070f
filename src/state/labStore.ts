/**
 * The lab's state: a vanilla zustand store made by `createLabStore()`, one per page (main.tsx)
 * or per test, handed to React by `<LabStoreProvider>` (src/state/store.ts). Its slices:
 *
 * - `params` (paramsSlice.ts): the applied configuration, refused drafts and their errors, and
 *   what loading a link corrected.
 * - `run` (runSlice.ts): what the worker reports: status, phase, lane summaries (throttled
 *   to SUMMARY_INTERVAL_MS), kept columns, divergence, errors.
 * - `view` (view.ts, viewSlice.ts): how the lab is shown, mirrored in the URL; `timeline`: the
 *   recorded checkpoints and the one the charts show instead of the live run.
 * - `rates` (rateSlice.ts): the rate panel's comparison, run in a rate worker the store owns.
 * - `actions`: every slice's commands in one object that never changes (`useLabActions()`).
 * - `worker` (runSlice.ts): the worker client's side, for useLabWorker only.
 * - `frames`: this lab's frame bus (src/worker/frameBus.ts). High-rate data (column norms,
 *   U, full histories) is never React state: charts subscribe to the bus and draw inside the
 *   animation frame that acknowledges the worker's frame. The object never changes.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { DEFAULT_CONFIG } from '../core/config';
import { FrameBus } from '../worker/frameBus';
import { createParamsSlice, type ParamsActions, type ParamsState } from './paramsSlice';
import { createRateSlice, createRateWorker, type RateActions, type RateState, type RateWorkerPort } from './rateSlice';
import { createRunSlice, type LabWorkerLink, type RunActions, type RunState } from './runSlice';
import { parseQuery } from './urlState';
import { DEFAULT_VIEW, type ViewState } from './view';
import { createViewSlice, type TimelineState, type ViewActions } from './viewSlice';

export type LabActions = ParamsActions & RunActions & ViewActions & RateActions;

export interface LabState {
  params: ParamsState;
  run: RunState;
  view: ViewState;
  timeline: TimelineState;
  rates: RateState;
  actions: LabActions;
  worker: LabWorkerLink;
  frames: FrameBus;
}

export type LabStore = StoreApi<LabState>;

/** What a slice reads and writes: the whole store's state. */
export interface SliceApi {
  set: LabStore['setState'];
  get: LabStore['getState'];
}

export interface LabStoreOptions {
  /** The page's address query (`location.search`): the link's settings and view, clamped, with what was corrected. Default: the defaults. */
  search?: string;
  /** Starts a rate worker for each rate comparison (tests pass a fake). Default: the real module worker. */
  createRateWorker?: () => RateWorkerPort;
}

/** A new lab store; nothing is sent anywhere until a worker client connects (useLabWorker). */
export function createLabStore({ search, createRateWorker: rateWorker = createRateWorker }: LabStoreOptions = {}): LabStore {
  const initial = search === undefined ? { config: DEFAULT_CONFIG, view: DEFAULT_VIEW, corrections: [] } : parseQuery(search);
  return createStore<LabState>()((set, get) => {
    const api: SliceApi = { set, get };
    const run = createRunSlice(api);
    const params = createParamsSlice(api, run.control);
    const view = createViewSlice(api, run.control);
    const rates = createRateSlice(api, rateWorker);
    return {
      params: { config: initial.config, drafts: {}, fieldErrors: {}, corrections: initial.corrections },
      run: run.run,
      view: initial.view,
      timeline: view.timeline,
      rates: rates.rates,
      actions: { ...params.actions, ...run.actions, ...view.actions, ...rates.actions },
      worker: run.worker,
      frames: new FrameBus(),
    };
  });
}
