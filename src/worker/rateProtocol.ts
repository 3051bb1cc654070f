// Messages of the rate-comparison worker (src/worker/rate.worker.ts), named like every worker
// protocol (see labProtocol.ts): one request, progress between chunks, then one result or
// error. Cancelling terminates the worker.
import type { RunConfig } from '../core/config';
import type { RunProgress } from '../core/run';
import type { RateComparison, RateStart } from '../core/rateComparison';

export interface RateRequest {
  type: 'compare';
  config: RunConfig;
  /** Phase-1 end states of the lab's own run; without it the worker runs phase 1 too. */
  start?: RateStart;
}

export type RateResponse =
  | { type: 'progress'; progress: RunProgress }
  | { type: 'result'; result: RateComparison }
  | { type: 'error'; message: string };
