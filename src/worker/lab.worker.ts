// The lab's Web Worker: wires the worker global to LabController, which holds all logic, and
// loads the kernels each run asks for before the controller builds it.
import { LabController } from './controller';
import { loadBrowserBackend } from './kernelBackend';
import { KernelLoader, browserEnvironment, initKernelChoice } from './labKernels';
import type { LabResponse } from './labProtocol';

// Yielding through a MessageChannel instead of setTimeout(0): nested timeouts are clamped
// to ≥ 4 ms, which would idle the worker for a third of every 10 ms chunk. Commands from
// the main thread queued during a chunk are delivered before the next chunk's task.
const channel = new MessageChannel();
const tasks: (() => void)[] = [];
channel.port1.onmessage = () => {
  const task = tasks.shift();
  if (task) task();
};

const kernels = new KernelLoader(loadBrowserBackend, browserEnvironment());

const controller = new LabController({
  post: (message: LabResponse, transfer: Transferable[]) => self.postMessage(message, { transfer }),
  schedule: (task, delayMs) => {
    if (delayMs > 0) {
      setTimeout(task, delayMs);
      return;
    }
    tasks.push(task);
    channel.port2.postMessage(null);
  },
  now: () => performance.now(),
  kernels: () => kernels.current,
});

// Commands are handled in the order they came; an init first waits for its kernels (compiling
// WebAssembly and starting helper threads), so the commands after it find the run built.
let handled: Promise<void> = Promise.resolve();
self.onmessage = (event: MessageEvent<unknown>) => {
  handled = handled.then(async () => {
    const choice = initKernelChoice(event.data);
    if (choice) await kernels.load(choice);
    controller.handle(event.data);
  });
};
