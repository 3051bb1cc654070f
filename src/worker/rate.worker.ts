// Runs the rate panel's comparison off the main thread: two whole phase-1 runs and their
// continuations, or only the continuations when the lab's own phase-1 matrices come along,
// on the kernels of the configuration's `kernel` key (loaded once, kept for the next request).
import { parseConfig, formatErrors } from '../core/config';
import type { RunProgress } from '../core/run';
import { rateComparison, rateComparisonFrom } from '../core/rateComparison';
import { loadBrowserBackend } from './kernelBackend';
import { KernelLoader, browserEnvironment } from './labKernels';
import type { RateRequest, RateResponse } from './rateProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reply = (message: RateResponse): void => scope.postMessage(message);
const kernels = new KernelLoader(loadBrowserBackend, browserEnvironment());

async function compare(request: RateRequest): Promise<void> {
  const parsed = parseConfig(request.config, 'strict');
  if (!parsed.ok) {
    reply({ type: 'error', message: formatErrors(parsed.errors) });
    return;
  }
  const start = request.start;
  const config = parsed.config;
  const expected = config.d * config.k;
  if (start && (start.regularizedU.length !== expected || start.unregularizedU.length !== expected)) {
    reply({ type: 'error', message: `The lab's matrices are not ${config.d}×${config.k}: the configuration changed since that run. Train again, or compare from scratch.` });
    return;
  }
  const { backend } = await kernels.load(config.kernel);
  const options = { backend, onProgress: (progress: RunProgress) => reply({ type: 'progress', progress }) };
  try {
    reply({ type: 'result', result: start ? rateComparisonFrom(config, start, options) : rateComparison(config, options) });
  } catch (error) {
    reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

// Requests are answered in the order they came; loading the kernels is asynchronous.
let handled: Promise<void> = Promise.resolve();
scope.onmessage = (event: MessageEvent<RateRequest>) => {
  const request = event.data;
  handled = handled.then(() => compare(request));
};
