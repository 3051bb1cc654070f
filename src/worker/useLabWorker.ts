// The one owner of the lab Worker on the main thread. Mount `useLabWorker()` once, at the
// app root: it starts the worker, connects it to the store (which sends `init`), keeps the
// URL query in sync with the config and view, and stops the worker on unmount.
import { useEffect } from 'react';
import { connectLab, receiveFrame, receiveMessage, useLabStore } from '../state/store';
import { toQuery } from '../state/urlState';
import { labFrameBus } from './frameBus';
import { LabClient } from './labClient';
import type { WorkerPort } from './labClient';

function createLabWorker(): WorkerPort {
  // Vite's worker pattern: the literal `new URL(…, import.meta.url)` inside `new Worker`
  // lets the bundler emit the worker as its own module chunk.
  return new Worker(new URL('./lab.worker.ts', import.meta.url), { type: 'module' }) as WorkerPort;
}

/** Writes the shareable query into the address bar without adding history entries. */
function syncUrl(): () => void {
  let written = window.location.search.replace(/^\?/, '');
  const write = (): void => {
    const { params, view } = useLabStore.getState();
    const query = toQuery(params.config, view);
    if (query === written) return;
    written = query;
    const url = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
    window.history.replaceState(window.history.state, '', url);
  };
  write();
  return useLabStore.subscribe((state, previous) => {
    if (state.params.config !== previous.params.config || state.view !== previous.view) write();
  });
}

export function useLabWorker(): void {
  useEffect(() => {
    const client = new LabClient({
      worker: createLabWorker(),
      bus: labFrameBus,
      requestFrame: (callback) => window.requestAnimationFrame(callback),
      cancelFrame: (handle) => window.cancelAnimationFrame(handle),
      onFrame: receiveFrame,
      onMessage: receiveMessage,
    });
    const disconnect = connectLab(client);
    const stopUrlSync = syncUrl();
    return () => {
      stopUrlSync();
      disconnect();
      client.dispose();
    };
  }, []);
}
