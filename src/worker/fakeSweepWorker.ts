// Test doubles of the sweep worker (for the pool's tests and the sweep panels' component
// tests): a fake Worker that records its requests and answers when the test says so.
import type { ScalingPoint } from '../core/scaling';
import type { CellResult, SweepCell } from '../core/sweep';
import { JS_KERNEL } from '../core/kernelChoice';
import { defaultTau } from '../core/theory';
import { SweepPool } from './sweepPool';
import type { RunCellRequest, RunScalingPointRequest, SweepRequest, SweepResponse } from './sweepProtocol';
import type { SweepWorkerPort } from './sweepPool';

/** A plausible result for a cell ("exact", bias = λ); `patch` overrides any field. */
export function fakeCellResult(cell: SweepCell, patch: Partial<CellResult> = {}): CellResult {
  return {
    lambda: cell.lambda,
    beta: cell.beta,
    classification: 'exact',
    tau: defaultTau(cell.beta),
    aboveTau: 3,
    flippedColumns: 0,
    diverged: null,
    bias: cell.lambda,
    testErrorAfterFineTune: 0,
    relativeTestErrorAfterFineTune: 0,
    fineTuneDiverged: null,
    learnableDirections: 3,
    predictedBias: cell.lambda,
    kernel: { ...JS_KERNEL },
    ...patch,
  };
}

/** A Worker stand-in: records what it was sent; the test decides when and how it answers. */
export class FakeSweepWorker implements SweepWorkerPort {
  onmessage: ((event: { data: SweepResponse }) => void) | null = null;
  onerror: ((event: { message?: string }) => void) | null = null;
  /** Every request, in order. */
  readonly requests: SweepRequest[] = [];
  terminated = false;

  postMessage(message: SweepRequest): void {
    if (this.terminated) throw new Error('posted to a terminated worker');
    this.requests.push(message);
  }
  /** The (λ, β) cell requests received. */
  get received(): RunCellRequest[] {
    return this.requests.filter((r): r is RunCellRequest => r.type === 'runCell');
  }
  terminate(): void {
    this.terminated = true;
  }
  /** The request the worker is running now (the last one it received). */
  get current(): RunCellRequest {
    return this.requests[this.requests.length - 1] as RunCellRequest;
  }
  /** The scaling point the worker is running now. */
  get currentScaling(): RunScalingPointRequest {
    return this.requests[this.requests.length - 1] as RunScalingPointRequest;
  }
  answerScaling(point: ScalingPoint): void {
    const { sweepId, cell } = this.currentScaling;
    this.onmessage?.({ data: { type: 'cellDone', sweepId, index: cell.index, result: point } });
  }
  answer(patch: Partial<CellResult> = {}): void {
    const { sweepId, cell } = this.current;
    this.onmessage?.({ data: { type: 'cellDone', sweepId, index: cell.index, result: fakeCellResult(cell, patch) } });
  }
  fail(message: string): void {
    const { sweepId, cell } = this.requests[this.requests.length - 1];
    this.onmessage?.({ data: { type: 'cellFailed', sweepId, index: cell.index, message } });
  }
  crash(message: string): void {
    this.onerror?.({ message });
  }
}

/** A pool of `size` fake workers; `workers` lists every worker it created, in order. */
export function fakeSweepPool(size: number, now?: () => number): { pool: SweepPool; workers: FakeSweepWorker[] } {
  const workers: FakeSweepWorker[] = [];
  const pool = new SweepPool({
    size,
    ...(now ? { now } : {}),
    createWorker: () => {
      const worker = new FakeSweepWorker();
      workers.push(worker);
      return worker;
    },
  });
  return { pool, workers };
}
