// Runs the rate panel's comparison off the main thread (it is two whole phase-1 runs).
import { parseConfig, formatErrors } from '../../core/config';
import { rateComparison } from './rateComparison';
import type { RateRequest, RateResponse } from './rateProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reply = (message: RateResponse): void => scope.postMessage(message);

scope.onmessage = (event: MessageEvent<RateRequest>) => {
  const parsed = parseConfig(event.data.config, 'strict');
  if (!parsed.ok) {
    reply({ type: 'error', message: formatErrors(parsed.errors) });
    return;
  }
  try {
    reply({ type: 'result', result: rateComparison(parsed.config, { onProgress: (progress) => reply({ type: 'progress', progress }) }) });
  } catch (error) {
    reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
