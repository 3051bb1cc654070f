// The one owner of the lab Worker on the main thread. Mount `useLabWorker()` once, at the
// app root: it starts the worker, connects it to the page's lab store (which sends `init`),
// keeps the URL query in sync with the config and view (urlSync.ts), and stops the worker on
// unmount.
import { useEffect } from 'react';
import { LabClient } from '../worker/labClient';
import type { WorkerPort } from '../worker/labClient';
import { useLabStoreApi } from './store';
import { syncUrl } from './urlSync';

function createLabWorker(): WorkerPort {
  // Vite's worker pattern: the literal `new URL(…, import.meta.url)` inside `new Worker`
  // lets the bundler emit the worker as its own module chunk.
  return new Worker(new URL('../worker/lab.worker.ts', import.meta.url), { type: 'module' }) as WorkerPort;
}

export function useLabWorker(): void {
  const store = useLabStoreApi();
  useEffect(() => {
    const link = store.getState().worker;
    const client = new LabClient({
      worker: createLabWorker(),
      bus: store.getState().frames,
      requestFrame: (callback) => window.requestAnimationFrame(callback),
      cancelFrame: (handle) => window.cancelAnimationFrame(handle),
      onFrame: link.receiveFrame,
      onMessage: link.receiveResponse,
    });
    const disconnect = link.connect(client);
    const stopUrlSync = syncUrl(store);
    return () => {
      stopUrlSync();
      disconnect();
      client.dispose();
    };
  }, [store]);
}
