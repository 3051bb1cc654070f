// What the lab controller needs from its surroundings: the worker global in lab.worker.ts, a
// stub in tests, a fake worker in the store's tests.
import { jsBackend } from '../core/kernels/jsBackend';
import type { KernelBackend } from '../core/kernels/types';
import type { LabResponse } from './labProtocol';

/** What the controller needs from its surroundings (the worker global, or a test stub). */
export interface ControllerHost {
  post(message: LabResponse, transfer: Transferable[]): void;
  /**
   * Runs `task` after the messages already queued for the worker have been handled, and
   * no sooner than `delayMs` from now (a timer: a paced run waits without spinning).
   */
  schedule(task: () => void, delayMs: number): void;
  /** Milliseconds from a monotonic clock. */
  now(): number;
  /** The kernels to build the next run on, already loaded for its `kernel` key (default: the JS kernels). */
  kernels?(): LabKernels;
}

/** Loaded kernels, with why they differ from what the configuration asked for. */
export interface LabKernels {
  backend: KernelBackend;
  notes: string[];
}

export const JS_KERNELS: LabKernels = { backend: jsBackend, notes: [] };
