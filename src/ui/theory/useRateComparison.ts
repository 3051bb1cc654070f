import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunConfig } from '../../core/config';
import type { RunProgress } from '../../core/run';
import type { RateComparison } from './rateComparison';
import type { RateRequest, RateResponse } from './rateProtocol';

/** The part of a Worker the hook uses (a fake in tests). */
export interface RateWorkerPort {
  postMessage(message: RateRequest): void;
  onmessage: ((event: MessageEvent<RateResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

export function createRateWorker(): RateWorkerPort {
  return new Worker(new URL('./rate.worker.ts', import.meta.url), { type: 'module', name: 'rates' }) as unknown as RateWorkerPort;
}

export type RateState =
  | { status: 'idle' }
  | { status: 'running'; config: RunConfig; done: number; total: number; startedAt: number; elapsedMs: number }
  | { status: 'done'; config: RunConfig; result: RateComparison; elapsedMs: number }
  | { status: 'error'; config: RunConfig; message: string };

/** Steps of the whole comparison: both phase-1 runs and both continuations. */
export function totalSteps(config: RunConfig): number {
  return 2 * (config.steps + config.fineTuneSteps);
}

/** Steps done so far, from one arm's progress report and the other arm's last one. */
export function stepsDone(config: RunConfig, progress: RunProgress): number {
  if (progress.label === 'pruned') return progress.phase === 'train' ? progress.step : config.steps + progress.step;
  // The overparameterized arm runs after the pruned one, as one train phase of steps + continuation.
  return config.steps + config.fineTuneSteps + progress.step;
}

/** Runs the rate comparison in its own worker; `cancel` (and unmounting) terminates it. */
export function useRateComparison(createWorker: () => RateWorkerPort = createRateWorker) {
  const [state, setState] = useState<RateState>({ status: 'idle' });
  const workerRef = useRef<RateWorkerPort | null>(null);

  const stop = useCallback(() => {
    workerRef.current?.terminate();
    workerRef.current = null;
  }, []);

  const start = useCallback(
    (config: RunConfig) => {
      stop();
      const worker = createWorker();
      workerRef.current = worker;
      const startedAt = performance.now();
      setState({ status: 'running', config, done: 0, total: totalSteps(config), startedAt, elapsedMs: 0 });
      worker.onmessage = (event) => {
        if (workerRef.current !== worker) return;
        const message = event.data;
        const elapsedMs = performance.now() - startedAt;
        if (message.type === 'progress') {
          setState({ status: 'running', config, done: stepsDone(config, message.progress), total: totalSteps(config), startedAt, elapsedMs });
          return;
        }
        stop();
        setState(message.type === 'result' ? { status: 'done', config, result: message.result, elapsedMs } : { status: 'error', config, message: message.message });
      };
      worker.onerror = (event) => {
        if (workerRef.current !== worker) return;
        stop();
        setState({ status: 'error', config, message: event.message || 'The rate worker failed to start.' });
      };
      worker.postMessage({ type: 'compare', config });
    },
    [createWorker, stop],
  );

  const cancel = useCallback(() => {
    stop();
    setState({ status: 'idle' });
  }, [stop]);

  useEffect(() => stop, [stop]);

  return { state, start, cancel };
}
