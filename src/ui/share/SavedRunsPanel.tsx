import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { RunFile } from '../../core/runFile';
import { getSavedRuns, type OpenedRun, type SavedRunInfo, type SavedRuns } from '../../state/savedRuns';

export interface SavedRunsPanelProps {
  /** The current run, to save; may be asynchronous (e.g. asked from the worker). */
  getRunFile: () => RunFile | Promise<RunFile>;
  /** Called with a saved run the user opened (load `replayConfig` into the lab to re-run it). */
  onOpen: (opened: OpenedRun) => void;
  /** Called once the current run was saved. */
  onSaved?: () => void;
  /** The store; the page's IndexedDB store by default. */
  store?: SavedRuns;
  /** Name suggested in the field. */
  defaultName?: string;
  disabled?: boolean;
  /** Level of the "Saved runs" heading (3 inside another panel). */
  headingLevel?: 2 | 3;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const formatDate = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};

/**
 * "Saved runs": save the current run under a name, and list, open and delete saved runs.
 * Runs live in IndexedDB and survive a reload; every storage failure is shown in an alert.
 */
export function SavedRunsPanel({ getRunFile, onOpen, onSaved, store = getSavedRuns(), defaultName = '', disabled = false, headingLevel = 2 }: SavedRunsPanelProps) {
  const Heading = headingLevel === 3 ? 'h3' : 'h2';
  const nameId = useId();
  const [name, setName] = useState(defaultName);
  const [runs, setRuns] = useState<SavedRunInfo[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);

  const refresh = useCallback(async () => {
    try {
      setRuns(await store.list());
    } catch (failure) {
      setRuns([]);
      setError(messageOf(failure));
    }
  }, [store]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      setStatus(await work());
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const saved = await store.save(name, await getRunFile());
      onSaved?.();
      await refresh();
      return `Saved "${saved.name}".`;
    });
  };

  const open = (run: SavedRunInfo) =>
    act(async () => {
      const opened = await store.open(run.id);
      onOpen(opened);
      return `Opened "${run.name}".${opened.warnings.length ? ` Note: ${opened.warnings.join('; ')}.` : ''}`;
    });

  const remove = (run: SavedRunInfo) =>
    act(async () => {
      setConfirming(null);
      await store.delete(run.id);
      await refresh();
      return `Deleted "${run.name}".`;
    });

  return (
    <section className="pl-saved-runs" aria-label="Saved runs">
      <Heading>Saved runs</Heading>
      <form onSubmit={save}>
        <label htmlFor={nameId}>Run name</label>
        <input id={nameId} value={name} maxLength={200} onChange={(event) => setName(event.target.value)} />
        <button type="submit" disabled={disabled || busy}>
          Save run
        </button>
      </form>
      <p role="status" aria-live="polite" className="pl-status">
        {status}
      </p>
      {error ? (
        <div role="alert" className="pl-alert">
          <p>{error}</p>
        </div>
      ) : null}
      {runs === null ? (
        <p className="pl-empty">Loading saved runs…</p>
      ) : runs.length === 0 ? (
        <p className="pl-empty">No saved runs yet.</p>
      ) : (
        <ul className="pl-saved-list">
          {runs.map((run) => (
            <li key={run.id}>
              <strong>{run.name}</strong> <time dateTime={run.savedAt}>{formatDate(run.savedAt)}</time>
              <div className="pl-saved-summary">{run.summary}</div>
              {confirming === run.id ? (
                <span role="group" aria-label={`Delete ${run.name}?`}>
                  <button type="button" aria-label={`Confirm delete ${run.name}`} disabled={busy} onClick={() => void remove(run)}>
                    Delete for good
                  </button>
                  <button type="button" aria-label={`Keep ${run.name}`} onClick={() => setConfirming(null)}>
                    Cancel
                  </button>
                </span>
              ) : (
                <span>
                  <button type="button" aria-label={`Open ${run.name}`} disabled={busy} onClick={() => void open(run)}>
                    Open
                  </button>
                  <button type="button" aria-label={`Delete ${run.name}`} disabled={busy} onClick={() => setConfirming(run.id)}>
                    Delete
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
