import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../core/config';
import { resolveSeeds } from '../core/rng';
import { APP_VERSION, RUN_FILE_VERSION, serializeRunFile, type RunFile } from '../core/runFile';
import {
  BODIES_STORE,
  DATABASE_NAME,
  MAX_NAME_LENGTH,
  SavedRunsError,
  createSavedRuns,
  summarizeRun,
  toSavedRunsError,
  type SavedRuns,
} from './savedRuns';

const config: RunConfig = { ...DEFAULT_CONFIG, d: 2, k: 3, r: 1, n: 10 };

function sampleRun(scale = 1): RunFile {
  return {
    appVersion: APP_VERSION,
    exportedAt: null,
    config,
    seeds: resolveSeeds(config),
    operatorKind: 'direct',
    kernel: { name: 'wasm', precision: 'f64', threads: 2 },
    tau: Math.sqrt(2 * config.beta),
    problemFile: null,
    phase1: {
      U: Float64Array.from([1, -0, 3, 4, 5, 6], (x) => x * scale),
      history: [{ step: 0, loss: 2, gradNorm: 1, objective: 2.1, aboveTau: 3 }, { step: 20, loss: 1, gradNorm: 0.5, objective: 1.1, aboveTau: 1 }],
      final: { step: 30, loss: 0.9, objective: 1, testError: 0.5, relativeTestError: 0.4, gradNorm: 0.4, aboveTau: 1, columnNorms: [0.01, 0.02, 1] },
      eigenvalues: [36, 1],
    },
    kept: [2],
    finetune: {
      U: Float64Array.from([7, 8]),
      history: [{ step: 0, loss: 0.5, gradNorm: 0.1 }, { step: 20, loss: 0.25, gradNorm: 0.01 }],
      final: { step: 25, loss: 0.2, objective: null, testError: 0.1, relativeTestError: 0.08, gradNorm: 0.005, aboveTau: 1, columnNorms: [1.1] },
    },
    rate: { rho: 0.5, C: 1, r2: 1, fittedFrom: 0, fittedTo: 20, points: 2 },
    gradNormRate: null,
    lossLimit: null,
    theory: { learnabilityBounds: [0.02], learnableDirections: 1, stabilityBound: 0.5, predictedBias: 0.01, finiteSampleErrorScale: 0.03 },
    status: { kind: 'completed' },
    reproducible: true,
  };
}

async function rejection(promise: Promise<unknown>): Promise<SavedRunsError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SavedRunsError);
    return error as SavedRunsError;
  }
  throw new Error('expected a rejection');
}

const opened: SavedRuns[] = [];
function store(factory: IDBFactory | undefined): SavedRuns {
  const runs = createSavedRuns(factory);
  opened.push(runs);
  return runs;
}

afterEach(() => {
  for (const runs of opened.splice(0)) runs.close();
  vi.restoreAllMocks();
});

describe('saved runs', () => {
  it('saves, lists newest first, opens exactly and deletes', async () => {
    const runs = store(new IDBFactory());
    expect(await runs.list()).toEqual([]);
    const first = await runs.save('  classroom  ', sampleRun());
    const second = await runs.save('bigger', sampleRun(2));
    expect(first.name).toBe('classroom');
    expect(first.summary).toBe(summarizeRun(sampleRun()));
    expect(first.size).toBe(serializeRunFile(sampleRun()).length);
    const listed = await runs.list();
    expect(listed.map((r) => r.name)).toEqual(['bigger', 'classroom']);
    expect(listed[1]).toEqual(first);

    const back = await runs.open(second.id);
    expect(back.info).toEqual(second);
    expect(Array.from(back.run.phase1.U)).toEqual([2, -0, 6, 8, 10, 12]);
    expect(Object.is(back.run.phase1.U[1], -0)).toBe(true);
    expect(back.replayConfig.initSeed).toBe(resolveSeeds(config).init);
    expect(back.warnings).toEqual([]);

    await runs.delete(first.id);
    expect((await runs.list()).map((r) => r.id)).toEqual([second.id]);
    expect((await rejection(runs.open(first.id))).kind).toBe('not-found');
  });

  it('keeps runs across connections, as across a page reload', async () => {
    const factory = new IDBFactory();
    const before = store(factory);
    const saved = await before.save('survivor', sampleRun());
    before.close();
    const after = store(factory);
    expect(await after.list()).toEqual([saved]);
    expect((await after.open(saved.id)).run.kept).toEqual([2]);
  });

  it('summarizes a run from its config and outcome', () => {
    expect(summarizeRun(sampleRun())).toBe('empirical d=2 k=3 r=1 n=10 · λ=0.05 β=0.01 (B) · 1 of 3 kept · 30+25 steps');
    const unpruned = { ...sampleRun(), config: { ...config, model: 'population' as const }, kept: null, finetune: null };
    expect(summarizeRun(unpruned)).toBe('population d=2 k=3 r=1 · λ=0.05 β=0.01 (B) · not pruned · 30 steps');
  });

  it('refuses an empty or overlong name, saving nothing', async () => {
    const runs = store(new IDBFactory());
    const empty = await rejection(runs.save('   ', sampleRun()));
    expect(empty.kind).toBe('invalid-name');
    expect(empty.message).toBe('Give the run a name before saving it.');
    const long = await rejection(runs.save('x'.repeat(MAX_NAME_LENGTH + 1), sampleRun()));
    expect(long.message).toContain(`shorten it to at most ${MAX_NAME_LENGTH}`);
    expect(await runs.list()).toEqual([]);
  });
});

describe('saved runs report every storage failure', () => {
  it('says so when IndexedDB does not exist', async () => {
    const error = await rejection(store(undefined).list());
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(/no IndexedDB storage.*"Export run JSON"/);
  });

  it('says so when the browser refuses to open a database (private mode)', async () => {
    const factory = new IDBFactory();
    vi.spyOn(factory, 'open').mockImplementation(() => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    });
    const error = await rejection(store(factory).save('x', sampleRun()));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(/^Could not open the saved runs: this browser refuses site storage.*"Export run JSON"/);
  });

  it('says so when opening fails later with an error event (Firefox private windows)', async () => {
    const factory = new IDBFactory();
    vi.spyOn(factory, 'open').mockImplementation(() => {
      const request = { error: new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError') } as unknown as IDBOpenDBRequest;
      setTimeout(() => request.onerror?.call(request, Object.assign(new Event('error'), { preventDefault() {} })), 0);
      return request;
    });
    const runs = store(factory);
    const error = await rejection(runs.list());
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(/^Could not open the saved runs: this browser refuses site storage/);
    // A failed open is not remembered: once storage works again, so do saved runs.
    vi.restoreAllMocks();
    expect(await runs.list()).toEqual([]);
  });

  it('reports a full quota when the write aborts, and keeps no half-saved run', async () => {
    const factory = new IDBFactory();
    const runs = store(factory);
    await runs.save('kept', sampleRun());
    const originalPut = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      // What a browser does when the disk quota runs out: the request is made, then the
      // whole transaction aborts with a QuotaExceededError.
      const request = originalPut.call(this, value, key);
      const tx = this.transaction;
      tx.abort();
      Object.defineProperty(tx, 'error', { value: new DOMException('Quota exceeded.', 'QuotaExceededError') });
      return request;
    });
    const error = await rejection(runs.save('too big', sampleRun(3)));
    expect(error.kind).toBe('quota');
    expect(error.message).toBe(
      'Could not save "too big": the browser\'s storage for this site is full. Delete saved runs you no longer need, or use "Export run JSON" to keep this run as a file.',
    );
    vi.restoreAllMocks();
    expect((await runs.list()).map((r) => r.name)).toEqual(['kept']);
  });

  it('reports a quota error thrown at once by the first write', async () => {
    const runs = store(new IDBFactory());
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('Quota exceeded.', 'QuotaExceededError');
    });
    expect((await rejection(runs.save('big', sampleRun()))).kind).toBe('quota');
    vi.restoreAllMocks();
    expect(await runs.list()).toEqual([]);
  });

  it('steps aside for a newer tab and then reports the newer database', async () => {
    const factory = new IDBFactory();
    const runs = store(factory);
    await runs.save('old', sampleRun());
    const blocked = vi.fn();
    const newer = factory.open(DATABASE_NAME, 2);
    newer.onblocked = blocked;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      newer.onsuccess = () => resolve(newer.result);
      newer.onerror = () => reject(newer.error);
    });
    db.close();
    expect(blocked).not.toHaveBeenCalled();
    const error = await rejection(runs.list());
    expect(error.kind).toBe('version');
    expect(error.message).toMatch(/written by a newer version of PruneLab\. Reload the page/);
  });

  it('reports a stored run that no longer validates instead of opening garbage', async () => {
    const factory = new IDBFactory();
    const runs = store(factory);
    const saved = await runs.save('damaged', sampleRun());
    runs.close();
    const request = factory.open(DATABASE_NAME);
    await new Promise<void>((resolve, reject) => {
      request.onsuccess = () => {
        const tx = request.result.transaction(BODIES_STORE, 'readwrite');
        tx.objectStore(BODIES_STORE).put(`{"format": "prunelab-run", "formatVersion": ${RUN_FILE_VERSION}, "config": {"d": -3}}`, saved.id);
        tx.oncomplete = () => {
          request.result.close();
          resolve();
        };
        tx.onabort = () => reject(tx.error);
      };
    });
    const error = await rejection(store(factory).open(saved.id));
    expect(error.kind).toBe('corrupt');
    expect(error.message).toBe('The saved run "damaged" cannot be opened: config: d must be a whole number from 1 to 1000 (got -3). Delete it from the list.');
  });

  it('maps unknown failures to a message that keeps the browser detail', () => {
    const error = toSavedRunsError(new DOMException('disk on fire', 'DataError'), 'list the saved runs');
    expect(error.kind).toBe('failed');
    expect(error.message).toBe('Could not list the saved runs: disk on fire.');
  });
});
