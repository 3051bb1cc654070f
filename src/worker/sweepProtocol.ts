// Messages between the sweep pool (main thread) and a sweep worker. A worker runs one cell
// at a time: it receives `run-cell` (a (λ, β) cell of the phase diagram or the λ sweep) or
// `run-scaling-point` (an (n, seed) point of the generalization experiment) and answers with
// exactly one `cell-done` or `cell-failed`.
import type { RunConfig } from '../core/config';
import type { ScalingCell, ScalingPoint } from '../core/scaling';
import type { CellResult, SweepCell } from '../core/sweep';

/** Main thread → worker. */
export interface RunCellRequest {
  type: 'run-cell';
  /** Which sweep the cell belongs to, so a late answer from a cancelled sweep is recognised. */
  sweepId: number;
  cell: SweepCell;
  /** The base configuration; the worker sets λ and β from the cell. */
  config: RunConfig;
}
export interface RunScalingPointRequest {
  type: 'run-scaling-point';
  sweepId: number;
  cell: ScalingCell;
  /** The base configuration; the worker sets n and seed from the cell. */
  config: RunConfig;
}
export type SweepRequest = RunCellRequest | RunScalingPointRequest;

/** Worker → main thread. */
export type SweepResponse =
  | { type: 'cell-done'; sweepId: number; index: number; result: CellResult | ScalingPoint }
  | { type: 'cell-failed'; sweepId: number; index: number; message: string };
