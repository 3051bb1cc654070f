// A sweep worker: runs one cell at a time (sweepRunner.ts) on the WebAssembly kernels, one
// thread per worker, and answers once per cell, in the order the cells came.
import { loadBrowserBackend } from './kernelBackend';
import { KernelLoader, browserEnvironment } from './labKernels';
import { SWEEP_WORKER_THREADS, createSweepRunner } from './sweepRunner';
import type { SweepRequest } from './sweepProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const run = createSweepRunner(new KernelLoader(loadBrowserBackend, { ...browserEnvironment(), maxThreads: SWEEP_WORKER_THREADS }));

let handled: Promise<void> = Promise.resolve();
scope.onmessage = (event: MessageEvent<SweepRequest>) => {
  const request = event.data;
  handled = handled.then(async () => scope.postMessage(await run(request)));
};
