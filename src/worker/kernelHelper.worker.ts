// Entry of a kernel helper thread in the browser, started by kernelBackend.ts inside the lab
// (or sweep, rate) worker; it waits on Atomics, which workers may do.
import { createKernelHelper } from '../core/kernels/helper';

const scope = self as unknown as { postMessage(message: unknown): void; onmessage: ((event: MessageEvent) => void) | null };
const handle = createKernelHelper((message) => scope.postMessage(message));
scope.onmessage = (event) => handle(event.data);
