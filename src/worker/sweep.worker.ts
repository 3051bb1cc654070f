// A sweep worker: runs one (λ, β) cell at a time with the pure core and answers once per cell.
import { runCell, type CellCache } from '../core/sweep';
import type { SweepRequest, SweepResponse } from './sweepProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
/** The last cell's problem and operator: the next cell of the same sweep reuses them. */
const cache: { current: CellCache | null } = { current: null };

scope.onmessage = (event: MessageEvent<SweepRequest>) => {
  const { sweepId, cell, config } = event.data;
  let response: SweepResponse;
  try {
    response = { type: 'cell-done', sweepId, index: cell.index, result: runCell(config, cell.lambda, cell.beta, cache) };
  } catch (error) {
    response = { type: 'cell-failed', sweepId, index: cell.index, message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(response);
};
