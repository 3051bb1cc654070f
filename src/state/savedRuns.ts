// Named saved runs in IndexedDB (database "prunelab"). The small description of each run
// lives in store "runs" and the run file itself in "runBodies" under the same id, so the
// list never has to load megabytes of U. A body is the exported JSON text: opening a saved
// run goes through the same validation as importing a file. Every failure (no IndexedDB,
// private mode, a full disk, a newer database, another tab blocking an upgrade) is a
// SavedRunsError with a message for the user; nothing is ever dropped silently.
import { parseRunFile, serializeRunFile, type RunFile } from '../core/runFile';
import type { RunConfig } from '../core/config';

export const DATABASE_NAME = 'prunelab';
const DATABASE_VERSION = 1;
const RUNS_STORE = 'runs';
export const BODIES_STORE = 'runBodies';
export const MAX_NAME_LENGTH = 100;

export type SavedRunsErrorKind =
  /** IndexedDB is missing or refused (private browsing, disabled storage). */
  | 'unavailable'
  /** Another tab holds an older version of the database open. */
  | 'blocked'
  /** The database was written by a newer PruneLab. */
  | 'version'
  /** The browser's storage quota is exhausted. */
  | 'quota'
  | 'not-found'
  /** A stored run no longer passes validation. */
  | 'corrupt'
  | 'invalid-name'
  | 'failed';

export class SavedRunsError extends Error {
  readonly kind: SavedRunsErrorKind;
  constructor(kind: SavedRunsErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SavedRunsError';
    this.kind = kind;
  }
}

export interface SavedRunInfo {
  id: number;
  name: string;
  /** ISO 8601 time of saving. */
  savedAt: string;
  /** One line generated from the config and the outcome. */
  summary: string;
  /** Characters of the stored JSON. */
  size: number;
}

export interface OpenedRun {
  info: SavedRunInfo;
  run: RunFile;
  /** The config to re-run (explicit seeds). */
  replayConfig: RunConfig;
  warnings: string[];
}

export interface SavedRuns {
  save(name: string, run: RunFile): Promise<SavedRunInfo>;
  /** Newest first. */
  list(): Promise<SavedRunInfo[]>;
  open(id: number): Promise<OpenedRun>;
  delete(id: number): Promise<void>;
  /** Closes the connection (it reopens on the next call). */
  close(): void;
}

const formatNumber = (x: number): string => String(Number(x.toPrecision(3)));

/** "empirical d=30 k=30 r=3 n=1200 · λ=0.05 β=0.01 (B) · 3 of 30 kept · 4000+300 steps" */
export function summarizeRun(run: RunFile): string {
  const c = run.config;
  const size = c.model === 'population' ? `d=${c.d} k=${c.k} r=${c.r}` : `d=${c.d} k=${c.k} r=${c.r} n=${c.n}`;
  const outcome = run.kept ? `${run.kept.length} of ${c.k} kept` : 'not pruned';
  const steps = run.finetune ? `${run.phase1.final.step}+${run.finetune.final.step} steps` : `${run.phase1.final.step} steps`;
  return `${c.model} ${size} · λ=${formatNumber(c.lambda)} β=${formatNumber(c.beta)} (${c.regularizer}) · ${outcome} · ${steps}`;
}

/** Turns whatever IndexedDB threw or reported into a SavedRunsError a person can act on. */
export function toSavedRunsError(error: unknown, action: string): SavedRunsError {
  if (error instanceof SavedRunsError) return error;
  // DOMException is not an Error subclass in every engine, so read the fields directly.
  const fields = typeof error === 'object' && error !== null ? (error as { name?: unknown; message?: unknown }) : {};
  const name = typeof fields.name === 'string' ? fields.name : '';
  const detail = typeof fields.message === 'string' ? fields.message : String(error);
  switch (name) {
    case 'QuotaExceededError':
      return new SavedRunsError('quota', `Could not ${action}: the browser's storage for this site is full. Delete saved runs you no longer need, or use "Export run JSON" to keep this run as a file.`, { cause: error });
    case 'VersionError':
      return new SavedRunsError('version', `Could not ${action}: the saved runs were written by a newer version of PruneLab. Reload the page to get the newest version.`, { cause: error });
    case 'InvalidStateError':
    case 'SecurityError':
    case 'UnknownError':
      return new SavedRunsError('unavailable', `Could not ${action}: this browser refuses site storage (private browsing or disabled storage?). Use "Export run JSON" to keep the run as a file instead.`, { cause: error });
    default:
      return new SavedRunsError('failed', `Could not ${action}: ${detail || 'the browser reported an unknown storage error'}.`, { cause: error });
  }
}

/** Resolves when the transaction commits; rejects with its error when it aborts. */
function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
    tx.onerror = (event) => event.preventDefault();
  });
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new SavedRunsError('invalid-name', 'Give the run a name before saving it.');
  if (trimmed.length > MAX_NAME_LENGTH) {
    throw new SavedRunsError('invalid-name', `The name has ${trimmed.length} characters; shorten it to at most ${MAX_NAME_LENGTH}.`);
  }
  return trimmed;
}

/**
 * The saved-runs store. `factory` is the IndexedDB entry point (the page's `indexedDB`
 * by default; tests pass fake-indexeddb's). The database opens on first use.
 */
export function createSavedRuns(factory: IDBFactory | undefined = globalThis.indexedDB): SavedRuns {
  let connection: Promise<IDBDatabase> | null = null;

  function openDatabase(): Promise<IDBDatabase> {
    if (!factory) {
      return Promise.reject(new SavedRunsError('unavailable', 'Saved runs are unavailable: this browser offers no IndexedDB storage (private browsing may disable it). Use "Export run JSON" to keep runs as files.'));
    }
    return new Promise<IDBDatabase>((resolve, reject) => {
      let request: IDBOpenDBRequest;
      try {
        request = factory.open(DATABASE_NAME, DATABASE_VERSION);
      } catch (error) {
        reject(toSavedRunsError(error, 'open the saved runs'));
        return;
      }
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(RUNS_STORE)) db.createObjectStore(RUNS_STORE, { keyPath: 'id', autoIncrement: true });
        if (!db.objectStoreNames.contains(BODIES_STORE)) db.createObjectStore(BODIES_STORE);
      };
      let blocked = false;
      request.onblocked = () => {
        blocked = true;
        reject(new SavedRunsError('blocked', 'Saved runs are blocked by another PruneLab tab that uses an older version. Close or reload the other tabs, then try again.'));
      };
      request.onerror = (event) => {
        event.preventDefault();
        reject(toSavedRunsError(request.error, 'open the saved runs'));
      };
      request.onsuccess = () => {
        const db = request.result;
        if (blocked) {
          // The caller was already told; this late connection would only hold the database.
          db.close();
          return;
        }
        // Let a newer tab upgrade the database instead of blocking it; we reopen on demand.
        db.onversionchange = () => {
          db.close();
          connection = null;
        };
        resolve(db);
      };
    });
  }

  function database(): Promise<IDBDatabase> {
    if (!connection) {
      connection = openDatabase();
      // A failed open is not cached: the next call tries again (e.g. after closing a tab).
      connection.catch(() => {
        connection = null;
      });
    }
    return connection;
  }

  /**
   * Runs `body` inside one transaction. The body only issues requests (no awaiting inside a
   * transaction, which would let it commit early) and returns a reader of the results,
   * called once the transaction has committed.
   */
  async function withTransaction<T>(
    stores: string[],
    mode: IDBTransactionMode,
    action: string,
    body: (tx: IDBTransaction) => () => T,
  ): Promise<T> {
    try {
      const db = await database();
      const tx = db.transaction(stores, mode);
      const done = transactionDone(tx);
      let read: () => T;
      try {
        read = body(tx);
      } catch (error) {
        done.catch(() => undefined);
        tx.abort();
        throw error;
      }
      await done;
      return read();
    } catch (error) {
      throw toSavedRunsError(error, action);
    }
  }

  return {
    async save(name, run) {
      const cleanName = checkName(name);
      const text = serializeRunFile(run);
      const record = { name: cleanName, savedAt: new Date().toISOString(), summary: summarizeRun(run), size: text.length };
      return withTransaction([RUNS_STORE, BODIES_STORE], 'readwrite', `save "${cleanName}"`, (tx) => {
        const added = tx.objectStore(RUNS_STORE).add(record);
        added.onsuccess = () => {
          tx.objectStore(BODIES_STORE).put(text, added.result);
        };
        return () => ({ id: added.result as number, ...record });
      });
    },

    async list() {
      const records = await withTransaction([RUNS_STORE], 'readonly', 'list the saved runs', (tx) => {
        const all = tx.objectStore(RUNS_STORE).getAll() as IDBRequest<SavedRunInfo[]>;
        return () => all.result;
      });
      return records.sort((a, b) => (a.savedAt < b.savedAt ? 1 : a.savedAt > b.savedAt ? -1 : b.id - a.id));
    },

    async open(id) {
      const [info, text] = await withTransaction([RUNS_STORE, BODIES_STORE], 'readonly', 'open the saved run', (tx) => {
        const infoRequest = tx.objectStore(RUNS_STORE).get(id) as IDBRequest<SavedRunInfo | undefined>;
        const bodyRequest = tx.objectStore(BODIES_STORE).get(id) as IDBRequest<unknown>;
        return () => [infoRequest.result, bodyRequest.result] as const;
      });
      if (!info) throw new SavedRunsError('not-found', 'That saved run no longer exists (deleted in another tab?). Refresh the list.');
      if (typeof text !== 'string') {
        throw new SavedRunsError('corrupt', `The saved run "${info.name}" has lost its data; delete it from the list.`);
      }
      const parsed = parseRunFile(text);
      if (!parsed.ok) {
        throw new SavedRunsError('corrupt', `The saved run "${info.name}" cannot be opened: ${parsed.errors.join('; ')}. Delete it from the list.`);
      }
      return { info, run: parsed.run, replayConfig: parsed.replayConfig, warnings: parsed.warnings };
    },

    async delete(id) {
      await withTransaction([RUNS_STORE, BODIES_STORE], 'readwrite', 'delete the saved run', (tx) => {
        tx.objectStore(RUNS_STORE).delete(id);
        tx.objectStore(BODIES_STORE).delete(id);
        return () => undefined;
      });
    },

    close() {
      const current = connection;
      connection = null;
      current?.then((db) => db.close()).catch(() => undefined);
    },
  };
}

let pageStore: SavedRuns | null = null;

/** The page's saved-runs store (created on first use, so importing this module touches no storage). */
export function getSavedRuns(): SavedRuns {
  pageStore ??= createSavedRuns();
  return pageStore;
}
