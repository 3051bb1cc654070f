import { createHeldOutOperator, createOperator } from '../operators';
import type { KernelBackend } from './types';

/** Today's JS operators: always available, one thread, float64. */
export const jsBackend: KernelBackend = {
  info: { name: 'js', precision: 'f64', threads: 1 },
  createOperator,
  createHeldOutOperator,
  dispose() {},
};
