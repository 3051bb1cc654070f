// Keeps the address bar's query in step with a lab store's config and view, so every link is shareable.
import type { LabStore } from './labStore';
import { toQuery } from './urlState';

/** Writes the store's shareable query into the address bar without adding history entries; returns the stop function. */
export function syncUrl(store: LabStore): () => void {
  let written = window.location.search.replace(/^\?/, '');
  const write = (): void => {
    const { params, view } = store.getState();
    const query = toQuery(params.config, view);
    if (query === written) return;
    written = query;
    const url = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
    window.history.replaceState(window.history.state, '', url);
  };
  write();
  return store.subscribe((state, previous) => {
    if (state.params.config !== previous.params.config || state.view !== previous.view) write();
  });
}
