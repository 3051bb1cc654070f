import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunConfig } from '../core/config';
import type { RunProgress } from '../core/run';
import type { RateComparison, RateStart } from '../core/rateComparison';
import type { RateRequest, RateResponse } from '../worker/rateProtocol';

/** The part of a Worker the hook uses (a fake in tests). */
export interface RateWorkerPort {
  postMessage(message: RateRequest): void;
  onmessage: ((event: MessageEvent<RateResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

function createRateWorker(): RateWorkerPort {
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

/** Runs the rate comparison in its own worker; `cancel` (and unmounting) terminates it. */
export function useRateComparison(createWorker: () => RateWorkerPort = createRateWorker) {
  const [state, setState] = useState<RateState>({ status: 'idle' });
  const workerRef = useRef<RateWorkerPort | null>(null);
  // A start that arrives after unmounting (e.g. once an export resolves) must not leave a worker running.
  const mountedRef = useRef(false);

  const stop = useCallback(() => {
    workerRef.current?.terminate();
    workerRef.current = null;
  }, []);

  const start = useCallback(
    (config: RunConfig, start?: RateStart) => {
      stop();
      if (!mountedRef.current) return;
      const fromLab = start !== undefined;
      const total = totalSteps(config, fromLab);
      const worker = createWorker();
      workerRef.current = worker;
      const startedAt = performance.now();
      setState({ status: 'running', config, fromLab, done: 0, total, startedAt, elapsedMs: 0 });
      worker.onmessage = (event) => {
        if (workerRef.current !== worker) return;
        const message = event.data;
        const elapsedMs = performance.now() - startedAt;
        if (message.type === 'progress') {
          setState({ status: 'running', config, fromLab, done: stepsDone(config, message.progress, fromLab), total, startedAt, elapsedMs });
          return;
        }
        stop();
        setState(message.type === 'result' ? { status: 'done', config, fromLab, result: message.result, elapsedMs } : { status: 'error', config, message: message.message });
      };
      worker.onerror = (event) => {
        if (workerRef.current !== worker) return;
        stop();
        setState({ status: 'error', config, message: event.message || 'The rate worker failed to start.' });
      };
      worker.postMessage(start ? { type: 'compare', config, start } : { type: 'compare', config });
    },
    [createWorker, stop],
  );

  const cancel = useCallback(() => {
    stop();
    setState({ status: 'idle' });
  }, [stop]);

  useEffect(() => {
    mountedRef.current = true;
    return () => {
      mountedRef.current = false;
      stop();
    };
  }, [stop]);

  return { state, start, cancel };
}
