// What a sweep worker does with a request: load the kernels of the cell's `kernel` key (kept
// for the next cell), run the cell or the scaling point on them, and answer exactly once.
import { parseField } from '../core/config';
import { jsBackend } from '../core/kernels/jsBackend';
import type { KernelBackend, KernelChoice } from '../core/kernels/types';
import { runScalingPoint } from '../core/scaling';
import { runCell, type CellCache } from '../core/sweep';
import type { KernelLoader } from './labKernels';
import type { SweepRequest, SweepResponse } from './sweepProtocol';

/**
 * Threads each worker of a sweep pool computes on. The pool already runs a worker per core
 * (poolSize): helper threads of their own would fight the other workers for the same cores,
 * and a sweep's small cells gain more from running side by side than from split steps.
 */
export const SWEEP_WORKER_THREADS = 1;

/** The backend of a request's `kernel` key; an invalid key gets the JavaScript kernels, and the cell is refused by the schema. */
async function backendOf(kernels: KernelLoader, raw: unknown): Promise<KernelBackend> {
  const choice = parseField('kernel', raw);
  return 'error' in choice ? jsBackend : (await kernels.load(choice.value as KernelChoice)).backend;
}

/** Answers requests one at a time; the last cell's problem and operator are reused by the next cell of the same problem. */
export function createSweepRunner(kernels: KernelLoader): (request: SweepRequest) => Promise<SweepResponse> {
  const cache: { current: CellCache | null } = { current: null };
  return async (request) => {
    const { sweepId, cell, config } = request;
    try {
      const backend = await backendOf(kernels, config.kernel);
      const result =
        request.type === 'runScalingPoint'
          ? runScalingPoint(config, request.cell.n, request.cell.seed, { overrides: { backend } })
          : runCell(config, request.cell.lambda, request.cell.beta, cache, backend);
      return { type: 'cellDone', sweepId, index: cell.index, result };
    } catch (error) {
      return { type: 'cellFailed', sweepId, index: cell.index, message: error instanceof Error ? error.message : String(error) };
    }
  };
}
