// The rate-comparison slice: the rate panel's pruned-against-overparameterized fine-tuning
// rates, computed in a rate worker (src/worker/rate.worker.ts) that the store owns, so a
// comparison keeps running while its panel is remounted (presenter mode folds it) and shows
// its progress again when it is back. One comparison at a time: a new one replaces it.
import type { RunConfig } from '../core/config';
import type { RunProgress } from '../core/run';
import type { RateComparison, RateStart } from '../core/rateComparison';
import type { RateRequest, RateResponse } from '../worker/rateProtocol';
import type { SliceApi } from './labStore';

/** The part of a Worker the slice uses (a fake in tests). */
export interface RateWorkerPort {
  postMessage(message: RateRequest): void;
  onmessage: ((event: MessageEvent<RateResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/** A real module worker running src/worker/rate.worker.ts (Vite bundles it from this literal URL). */
export function createRateWorker(): RateWorkerPort {
  return new Worker(new URL('../worker/rate.worker.ts', import.meta.url), { type: 'module', name: 'rates' }) as unknown as RateWorkerPort;
}

export type RateState =
  | { status: 'idle' }
  | { status: 'running'; config: RunConfig; fromLab: boolean; done: number; total: number; startedAt: number; elapsedMs: number }
  | { status: 'done'; config: RunConfig; fromLab: boolean; result: RateComparison; elapsedMs: number }
  | { status: 'error'; config: RunConfig; message: string };

/** Phase-1 steps the worker runs itself: none when it starts from the lab's run. */
const ownPhase1 = (config: RunConfig, fromLab: boolean): number => (fromLab ? 0 : config.steps);

/** Steps of the whole comparison: both phase-1 runs (unless taken from the lab) and both continuations. */
export function totalSteps(config: RunConfig, fromLab = false): number {
  return 2 * (ownPhase1(config, fromLab) + config.fineTuneSteps);
}

/**
 * Steps done so far from one progress report. The worker runs, in order: the regularized
 * phase 1, the unregularized phase 1 (both skipped when starting from the lab's run), the
 * pruned fine-tuning, then the overparameterized continuation.
 */
export function stepsDone(config: RunConfig, progress: RunProgress, fromLab = false): number {
  const phase1 = ownPhase1(config, fromLab);
  if (progress.label === 'pruned') return progress.phase === 'train' ? progress.step : 2 * phase1 + progress.step;
  if (progress.step <= phase1) return phase1 + progress.step;
  return 2 * phase1 + config.fineTuneSteps + (progress.step - phase1);
}

export interface RateActions {
  /** Runs the comparison for `config` in a new rate worker, replacing a running one; with `start`, from the lab's own phase-1 end states. */
  startRateComparison(config: RunConfig, start?: RateStart): void;
  /** Stops the running comparison (its worker is terminated) and forgets the last one. */
  cancelRateComparison(): void;
}

export function createRateSlice({ set }: SliceApi, createWorker: () => RateWorkerPort): { rates: RateState; actions: RateActions } {
  let worker: RateWorkerPort | null = null;
  const setRates = (rates: RateState): void => set({ rates });
  const stop = (): void => {
    worker?.terminate();
    worker = null;
  };

  const actions: RateActions = {
    startRateComparison(config, start) {
      stop();
      const fromLab = start !== undefined;
      const total = totalSteps(config, fromLab);
      const own = createWorker();
      worker = own;
      const startedAt = performance.now();
      setRates({ status: 'running', config, fromLab, done: 0, total, startedAt, elapsedMs: 0 });
      own.onmessage = (event) => {
        if (worker !== own) return;
        const message = event.data;
        const elapsedMs = performance.now() - startedAt;
        if (message.type === 'progress') {
          setRates({ status: 'running', config, fromLab, done: stepsDone(config, message.progress, fromLab), total, startedAt, elapsedMs });
          return;
        }
        stop();
        setRates(message.type === 'result' ? { status: 'done', config, fromLab, result: message.result, elapsedMs } : { status: 'error', config, message: message.message });
      };
      own.onerror = (event) => {
        if (worker !== own) return;
        stop();
        setRates({ status: 'error', config, message: event.message || 'The rate worker failed to start.' });
      };
      own.postMessage(start ? { type: 'compare', config, start } : { type: 'compare', config });
    },
    cancelRateComparison() {
      stop();
      setRates({ status: 'idle' });
    },
  };
  return { rates: { status: 'idle' }, actions };
}
