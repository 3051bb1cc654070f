// Keeps the address bar's query in step with the store's config and view, so every link is shareable.
import { useLabStore } from './store';
import { toQuery } from './urlState';

/** Writes the shareable query into the address bar without adding history entries. */
export function syncUrl(): () => void {
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
