// The lab's Web Worker: wires the worker global to LabController, which holds all logic.
import { LabController } from './controller';
import type { WorkerMessage } from './protocol';

// Yielding through a MessageChannel instead of setTimeout(0): nested timeouts are clamped
// to ≥ 4 ms, which would idle the worker for a third of every 10 ms chunk. Commands from
// the main thread queued during a chunk are delivered before the next chunk's task.
const channel = new MessageChannel();
const tasks: (() => void)[] = [];
channel.port1.onmessage = () => {
  const task = tasks.shift();
  if (task) task();
};

const controller = new LabController({
  post: (message: WorkerMessage, transfer: Transferable[]) => self.postMessage(message, { transfer }),
  schedule: (task) => {
    tasks.push(task);
    channel.port2.postMessage(null);
  },
  now: () => performance.now(),
});

self.onmessage = (event: MessageEvent<unknown>) => controller.handle(event.data);
