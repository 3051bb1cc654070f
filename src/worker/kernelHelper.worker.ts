// Entry of a kernel helper thread in the browser, a Web Worker started by the lab worker
// (kernelBackend.ts): it runs its share of each wasm kernel on the shared memory.
import { createKernelHelper } from '../core/kernels/helper';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = ((handle) => (event: MessageEvent) => handle(event.data))(createKernelHelper((message) => scope.postMessage(message)));
