// The lab store as React sees it: one store per page, handed down by <LabStoreProvider> and
// read with `useLabStore(selector)` (re-renders when the selected value changes) and
// `useLabActions()` (a stable object; never re-renders). Code outside React receives the store
// itself (useLabStoreApi() inside the tree): the worker's client (useLabWorker), the URL sync,
// the test API. The store and its slices are in labStore.ts.
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { FrameBus } from '../worker/frameBus';
import type { LabActions, LabState, LabStore } from './labStore';

export * from './labStore';
export * from './paramsSlice';
export * from './rateSlice';
export * from './runSlice';
export * from './selectors';
export * from './viewSlice';

const LabStoreContext = createContext<LabStore | null>(null);

/** Makes `store` the lab store of everything below it. */
export function LabStoreProvider({ store, children }: { store: LabStore; children?: ReactNode }) {
  return createElement(LabStoreContext.Provider, { value: store }, children);
}

/** The store of the nearest LabStoreProvider, for code that reads it outside rendering. */
export function useLabStoreApi(): LabStore {
  const store = useContext(LabStoreContext);
  if (!store) throw new Error('The lab store is missing: render this component inside <LabStoreProvider store={createLabStore()}>.');
  return store;
}

/** The selected part of the lab state; re-renders when it changes (compare by identity, so select stable values). */
export function useLabStore<T>(selector: (state: LabState) => T): T {
  return useStore(useLabStoreApi(), selector);
}

/** The store's actions; the returned object never changes, so using it never re-renders. */
export function useLabActions(): LabActions {
  return useLabStore((s) => s.actions);
}

/** The lab's frame bus (never changes): subscribe to draw every frame without re-rendering. */
export function useFrameBus(): FrameBus {
  return useLabStore((s) => s.frames);
}
