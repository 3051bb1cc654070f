// A sweep worker: runs one cell at a time with the pure core and answers once per cell.
import { runScalingPoint } from '../core/scaling';
import { runCell, type CellCache } from '../core/sweep';
import type { SweepRequest, SweepResponse } from './sweepProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
/** The last cell's problem and operator: the next cell of the same sweep reuses them. */
const cache: { current: CellCache | null } = { current: null };

scope.onmessage = (event: MessageEvent<SweepRequest>) => {
  const request = event.data;
  const { sweepId, cell, config } = request;
  let response: SweepResponse;
  try {
    const result =
      request.type === 'runScalingPoint'
        ? runScalingPoint(config, request.cell.n, request.cell.seed)
        : runCell(config, request.cell.lambda, request.cell.beta, cache);
    response = { type: 'cellDone', sweepId, index: cell.index, result };
  } catch (error) {
    response = { type: 'cellFailed', sweepId, index: cell.index, message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(response);
};
