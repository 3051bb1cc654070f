// Messages of the rate-comparison worker (src/ui/theory/rate.worker.ts): one request, progress
// between chunks, then one result. Cancelling terminates the worker.
import type { RunConfig } from '../../core/config';
import type { RunProgress } from '../../core/run';
import type { RateComparison } from './rateComparison';

export interface RateRequest {
  type: 'compare';
  config: RunConfig;
}

export type RateResponse =
  | { type: 'progress'; progress: RunProgress }
  | { type: 'result'; result: RateComparison }
  | { type: 'error'; message: string };
