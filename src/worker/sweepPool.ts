// A pool of sweep workers: one per core (at most MAX_POOL_SIZE), a queue of cells handed out
// one at a time as workers free up, each result streamed back the moment it arrives.
// Cancel terminates the workers and drops the queue; results already in stay.
import type { RunConfig } from '../core/config';
import type { ScalingCell, ScalingPoint } from '../core/scaling';
import type { CellResult, SweepCell } from '../core/sweep';
import type { SweepRequest, SweepResponse } from './sweepProtocol';

/** What the pool needs of a Worker; tests inject fakes through SweepPoolOptions.createWorker. */
export interface SweepWorkerPort {
  postMessage(message: SweepRequest): void;
  terminate(): void;
  onmessage: ((event: { data: SweepResponse }) => void) | null;
  onerror: ((event: { message?: string; preventDefault?: () => void }) => void) | null;
}
export type SweepWorkerFactory = () => SweepWorkerPort;

/** More workers than this would fight the lab's own worker and the page for the cores. */
export const MAX_POOL_SIZE = 4;

/** Workers for a machine with `hardwareConcurrency` logical cores: 1 … MAX_POOL_SIZE. */
export function poolSize(hardwareConcurrency: number | undefined): number {
  const cores = Number.isFinite(hardwareConcurrency) ? Math.floor(hardwareConcurrency as number) : 1;
  return Math.min(MAX_POOL_SIZE, Math.max(1, cores));
}

export interface SweepProgress {
  /** Cells finished with a result. */
  done: number;
  /** Cells that failed (their error is in the outcome). */
  failed: number;
  total: number;
  elapsedMs: number;
  /** Estimated time to finish from the mean time per finished cell so far; null before the first. */
  etaMs: number | null;
}

/** The two kinds of work the pool runs: (λ, β) cells and (n, seed) points of the scaling experiment. */
export interface SweepKinds {
  cell: { cell: SweepCell; result: CellResult };
  scaling: { cell: ScalingCell; result: ScalingPoint };
}
export type SweepKind = keyof SweepKinds;

export type CellOutcome<K extends SweepKind = 'cell'> =
  | { cell: SweepKinds[K]['cell']; ok: true; result: SweepKinds[K]['result'] }
  | { cell: SweepKinds[K]['cell']; ok: false; error: string };

export interface SweepSummary<K extends SweepKind = 'cell'> {
  /** In the order they arrived. */
  outcomes: CellOutcome<K>[];
  cancelled: boolean;
  elapsedMs: number;
}

export interface SweepHandlers<K extends SweepKind = 'cell'> {
  /** Called once per finished cell, in arrival order, with the progress including it. */
  onCell?(outcome: CellOutcome<K>, progress: SweepProgress): void;
  /** Called at the start (0 done) and after every cell. */
  onProgress?(progress: SweepProgress): void;
}

export interface SweepHandle<K extends SweepKind = 'cell'> {
  readonly total: number;
  /** Stops dispatching, terminates the workers; partial results stay in the summary. */
  cancel(): void;
  /** Resolves when every cell has an outcome or the sweep was cancelled. */
  readonly finished: Promise<SweepSummary<K>>;
}

export interface SweepPoolOptions {
  createWorker: SweepWorkerFactory;
  /** Number of workers; defaults to poolSize(navigator.hardwareConcurrency). */
  size?: number;
  /** Clock for elapsed time and ETA (ms). */
  now?: () => number;
}

interface Slot<K extends SweepKind> {
  port: SweepWorkerPort | null;
  cell: SweepKinds[K]['cell'] | null;
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** One sweep in flight. */
class SweepJob<K extends SweepKind> implements SweepHandle<K> {
  readonly total: number;
  readonly finished: Promise<SweepSummary<K>>;
  private readonly outcomes: CellOutcome<K>[] = [];
  private readonly slots: Slot<K>[] = [];
  private next = 0;
  private failed = 0;
  private over = false;
  private readonly startedAt: number;
  private resolve!: (summary: SweepSummary<K>) => void;

  constructor(
    private readonly id: number,
    private readonly kind: K,
    private readonly config: RunConfig,
    private readonly cells: readonly SweepKinds[K]['cell'][],
    private readonly handlers: SweepHandlers<K>,
    private readonly createWorker: SweepWorkerFactory,
    private readonly now: () => number,
    workers: number,
  ) {
    this.total = cells.length;
    this.startedAt = now();
    this.finished = new Promise((resolve) => {
      this.resolve = resolve;
    });
    handlers.onProgress?.(this.progress());
    for (let i = 0; i < Math.min(workers, cells.length); i++) this.slots.push({ port: null, cell: null });
    for (const slot of this.slots) this.dispatch(slot);
    this.finishIfComplete();
  }

  get active(): boolean {
    return !this.over;
  }

  cancel(): void {
    if (this.over) return;
    this.next = this.cells.length;
    for (const slot of this.slots) this.retire(slot);
    this.finish(true);
  }

  private progress(): SweepProgress {
    const finished = this.outcomes.length;
    const elapsedMs = this.now() - this.startedAt;
    return {
      done: finished - this.failed,
      failed: this.failed,
      total: this.total,
      elapsedMs,
      etaMs: finished > 0 ? (elapsedMs / finished) * (this.total - finished) : null,
    };
  }

  /** Hands the slot the next queued cell, starting a worker if it has none; retires it when the queue is empty. */
  private dispatch(slot: Slot<K>): void {
    if (this.over) return;
    if (this.next >= this.cells.length) {
      this.retire(slot);
      return;
    }
    const cell = this.cells[this.next++];
    slot.cell = cell;
    try {
      slot.port ??= this.spawn(slot);
      slot.port.postMessage(this.request(cell));
    } catch (error) {
      this.retire(slot);
      this.record(slot, { cell, ok: false, error: `could not start a sweep worker: ${errorText(error)}` });
      this.dispatch(slot);
    }
  }

  private request(cell: SweepKinds[K]['cell']): SweepRequest {
    const { id: sweepId, config } = this;
    return this.kind === 'scaling'
      ? { type: 'runScalingPoint', sweepId, cell: cell as ScalingCell, config }
      : { type: 'runCell', sweepId, cell: cell as SweepCell, config };
  }

  private spawn(slot: Slot<K>): SweepWorkerPort {
    const port = this.createWorker();
    port.onmessage = (event) => {
      const message = event.data;
      if (this.over || slot.port !== port || message.sweepId !== this.id || slot.cell?.index !== message.index) return;
      const cell = slot.cell;
      this.record(
        slot,
        message.type === 'cellDone' ? { cell, ok: true, result: message.result as SweepKinds[K]['result'] } : { cell, ok: false, error: message.message },
      );
      this.dispatch(slot);
    };
    port.onerror = (event) => {
      event.preventDefault?.();
      if (this.over || slot.port !== port || !slot.cell) return;
      const cell = slot.cell;
      // A crashed worker may be in any state: replace it rather than reuse it.
      this.retire(slot);
      this.record(slot, { cell, ok: false, error: `the sweep worker crashed: ${event.message ?? 'unknown error'}` });
      this.dispatch(slot);
    };
    return port;
  }

  private retire(slot: Slot<K>): void {
    if (slot.port) {
      slot.port.onmessage = null;
      slot.port.onerror = null;
      slot.port.terminate();
    }
    slot.port = null;
  }

  private record(slot: Slot<K>, outcome: CellOutcome<K>): void {
    slot.cell = null;
    this.outcomes.push(outcome);
    if (!outcome.ok) this.failed++;
    const progress = this.progress();
    this.handlers.onCell?.(outcome, progress);
    this.handlers.onProgress?.(progress);
    this.finishIfComplete();
  }

  private finishIfComplete(): void {
    if (!this.over && this.outcomes.length === this.total) {
      for (const slot of this.slots) this.retire(slot);
      this.finish(false);
    }
  }

  private finish(cancelled: boolean): void {
    this.over = true;
    this.resolve({ outcomes: [...this.outcomes], cancelled, elapsedMs: this.now() - this.startedAt });
  }
}

/** Runs sweeps one at a time; starting a new sweep cancels the one in flight. */
export class SweepPool {
  readonly size: number;
  private readonly createWorker: SweepWorkerFactory;
  private readonly now: () => number;
  private current: SweepJob<SweepKind> | null = null;
  private sweeps = 0;

  constructor(options: SweepPoolOptions) {
    this.createWorker = options.createWorker;
    this.size = options.size ?? poolSize(typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency);
    if (!Number.isInteger(this.size) || this.size < 1) throw new RangeError(`a sweep pool needs at least one worker (got ${this.size})`);
    this.now = options.now ?? (() => performance.now());
  }

  get running(): boolean {
    return this.current?.active ?? false;
  }

  /** Queues every cell (in the given order) for `config` with the cell's λ and β. */
  run(config: RunConfig, cells: readonly SweepCell[], handlers: SweepHandlers = {}): SweepHandle {
    return this.start('cell', config, cells, handlers);
  }

  /** Queues every (n, seed) point of the generalization experiment for `config`. */
  runScaling(config: RunConfig, cells: readonly ScalingCell[], handlers: SweepHandlers<'scaling'> = {}): SweepHandle<'scaling'> {
    return this.start('scaling', config, cells, handlers);
  }

  private start<K extends SweepKind>(kind: K, config: RunConfig, cells: readonly SweepKinds[K]['cell'][], handlers: SweepHandlers<K>): SweepHandle<K> {
    this.current?.cancel();
    this.sweeps++;
    const job = new SweepJob<K>(this.sweeps, kind, config, cells, handlers, this.createWorker, this.now, this.size);
    this.current = job as unknown as SweepJob<SweepKind>;
    return job;
  }

  /** Cancels the sweep in flight, if any. */
  cancel(): void {
    this.current?.cancel();
  }
}

/** A real module worker running src/worker/sweep.worker.ts (Vite bundles it from this literal URL). */
function createBrowserSweepWorker(): SweepWorkerPort {
  return new Worker(new URL('./sweep.worker.ts', import.meta.url), { type: 'module', name: 'sweep' }) as unknown as SweepWorkerPort;
}

let sharedPool: SweepPool | null = null;

/** The page's one sweep pool (both sweep panels share it, so only one sweep runs at a time). */
export function browserSweepPool(): SweepPool {
  sharedPool ??= new SweepPool({ createWorker: createBrowserSweepWorker });
  return sharedPool;
}
