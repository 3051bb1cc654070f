// Runs the rate panel's comparison off the main thread: two whole phase-1 runs and their
// continuations, or only the continuations when the lab's own phase-1 matrices come along.
import { parseConfig, formatErrors } from '../core/config';
import type { RunProgress } from '../core/run';
import { rateComparison, rateComparisonFrom } from '../core/rateComparison';
import type { RateRequest, RateResponse } from './rateProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reply = (message: RateResponse): void => scope.postMessage(message);

scope.onmessage = (event: MessageEvent<RateRequest>) => {
  const parsed = parseConfig(event.data.config, 'strict');
  if (!parsed.ok) {
    reply({ type: 'error', message: formatErrors(parsed.errors) });
    return;
  }
  const start = event.data.start;
  const config = parsed.config;
  const expected = config.d * config.k;
  if (start && (start.regularizedU.length !== expected || start.unregularizedU.length !== expected)) {
    reply({ type: 'error', message: `The lab's matrices are not ${config.d}×${config.k}: the configuration changed since that run. Train again, or compare from scratch.` });
    return;
  }
  const options = { onProgress: (progress: RunProgress) => reply({ type: 'progress', progress }) };
  try {
    reply({ type: 'result', result: start ? rateComparisonFrom(config, start, options) : rateComparison(config, options) });
  } catch (error) {
    reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
