// The loop of a helper thread: wait for a command, run its share of a kernel, report, repeat.
// Platform entries (src/worker/kernelHelper.worker.ts, src/cli/kernelHelper.ts) feed it messages.
import { ARGS_BYTE, COMMAND, DONE, FAILED, GENERATION, KERNEL, MAX_ARGS, RANGES, RUN, type HelperMessage, type HelperReady } from './teamProtocol';
import { instantiateKernels, invokeKernel, type KernelExports } from './wasmExports';

/** Polls before sleeping: a step's next command often comes within microseconds. */
const SPINS = 2000;

/** A message handler for one helper thread; `reply` posts to the thread that started it. */
export function createKernelHelper(reply: (message: HelperReady) => void): (message: HelperMessage) => void {
  let module: WebAssembly.Module | null = null;
  let control: Int32Array | null = null;
  let args: Float64Array | null = null;
  let index = 0;

  const report = (ctl: Int32Array): void => {
    Atomics.add(ctl, DONE, 1);
    Atomics.notify(ctl, DONE);
  };

  /** Serves RUN commands on `kernels` until told to attach another memory or to exit. */
  const serve = (kernels: KernelExports, ctl: Int32Array, a: Float64Array, seen: number): void => {
    for (;;) {
      for (let s = 0; s < SPINS && Atomics.load(ctl, GENERATION) === seen; s++);
      while (Atomics.load(ctl, GENERATION) === seen) Atomics.wait(ctl, GENERATION, seen);
      seen = Atomics.load(ctl, GENERATION);
      const command = Atomics.load(ctl, COMMAND);
      // ATTACH: the new memory waits in this thread's message queue; EXIT: stop serving.
      if (command !== RUN) return;
      try {
        invokeKernel(kernels, ctl[KERNEL], a, ctl[RANGES + 2 * index], ctl[RANGES + 2 * index + 1]);
      } catch {
        Atomics.store(ctl, FAILED, 1);
      }
      report(ctl);
    }
  };

  return (message) => {
    if (message.type === 'init') {
      module = message.module;
      control = new Int32Array(message.control);
      args = new Float64Array(message.control, ARGS_BYTE, MAX_ARGS);
      index = message.index;
      reply({ type: 'ready' });
      return;
    }
    if (!module || !control || !args) throw new Error('kernel helper: attach before init');
    let kernels: KernelExports | null = null;
    try {
      kernels = instantiateKernels(module, message.memory);
    } catch {
      Atomics.store(control, FAILED, 1);
    }
    report(control);
    if (kernels) serve(kernels, control, args, message.generation);
  };
}
