// Messages between the sweep pool (main thread) and a sweep worker (src/worker/sweep.worker.ts),
// named like every worker protocol (see labProtocol.ts). A worker runs one cell at a time: it
// receives `runCell` (a (λ, β) cell of the phase diagram or the λ sweep) or `runScalingPoint`
// (an (n, seed) point of the generalization experiment) and answers with exactly one
// `cellDone` or `cellFailed`.
import type { RunConfig } from '../core/config';
import type { ScalingCell, ScalingPoint } from '../core/scaling';
import type { CellResult, SweepCell } from '../core/sweep';

/** Main thread → worker. */
export interface RunCellRequest {
  type: 'runCell';
  /** Which sweep the cell belongs to, so a late answer from a cancelled sweep is recognised. */
  sweepId: number;
  cell: SweepCell;
  /** The base configuration; the worker sets λ and β from the cell. */
  config: RunConfig;
}
export interface RunScalingPointRequest {
  type: 'runScalingPoint';
  sweepId: number;
  cell: ScalingCell;
  /** The base configuration; the worker sets n and seed from the cell. */
  config: RunConfig;
}
export type SweepRequest = RunCellRequest | RunScalingPointRequest;

/** Worker → main thread. */
export type SweepResponse =
  | { type: 'cellDone'; sweepId: number; index: number; result: CellResult | ScalingPoint }
  | { type: 'cellFailed'; sweepId: number; index: number; message: string };
