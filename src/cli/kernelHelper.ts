// Entry of a kernel helper thread under Node (worker_threads), started by kernelBackend.ts.
import { parentPort } from 'node:worker_threads';
import { createKernelHelper } from '../core/kernels/helper';

const port = parentPort;
if (!port) throw new Error('kernelHelper runs as a worker thread');
port.on('message', createKernelHelper((message) => port.postMessage(message)));
