import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import { sweepGrid } from '../core/sweep';
import { FakeSweepWorker, fakeCellResult, fakeSweepPool } from './fakeSweepWorker';
import { MAX_POOL_SIZE, SweepPool, poolSize, type CellOutcome, type SweepProgress } from './sweepPool';

function setup(size: number, cellCount: number) {
  let clock = 0;
  const { pool, workers } = fakeSweepPool(size, () => clock);
  const cells = sweepGrid(
    Array.from({ length: cellCount }, (_, i) => 0.01 * (i + 1)),
    [0.01],
  ).cells;
  const outcomes: CellOutcome[] = [];
  const progress: SweepProgress[] = [];
  const handle = pool.run(DEFAULT_CONFIG, cells, {
    onCell: (outcome) => outcomes.push(outcome),
    onProgress: (p) => progress.push(p),
  });
  return { pool, workers, cells, outcomes, progress, handle, tick: (ms: number) => (clock += ms) };
}

describe('poolSize', () => {
  it('uses one worker per core, at least 1 and at most MAX_POOL_SIZE', () => {
    expect(poolSize(undefined)).toBe(1);
    expect(poolSize(0)).toBe(1);
    expect(poolSize(2)).toBe(2);
    expect(poolSize(3.5)).toBe(3);
    expect(poolSize(64)).toBe(MAX_POOL_SIZE);
  });
});

describe('SweepPool', () => {
  it('hands out cells in queue order and streams results in arrival order', async () => {
    const { workers, cells, outcomes, handle } = setup(2, 5);
    expect(workers).toHaveLength(2);
    expect(workers.map((w) => w.received[0].cell.index)).toEqual([0, 1]);
    expect(workers[0].received[0].config).toBe(DEFAULT_CONFIG);

    workers[1].answer();
    expect(outcomes.map((o) => o.cell.index)).toEqual([1]);
    expect(workers[1].received[1].cell.index).toBe(2);

    workers[0].answer();
    expect(workers[0].received[1].cell.index).toBe(3);
    workers[0].answer();
    expect(workers[0].received[2].cell.index).toBe(4);
    workers[1].answer();
    workers[0].answer();

    const summary = await handle.finished;
    expect(summary.cancelled).toBe(false);
    expect(outcomes.map((o) => o.cell.index)).toEqual([1, 0, 3, 2, 4]);
    expect(summary.outcomes).toEqual(outcomes);
    const first = outcomes[0];
    expect(first.ok && first.result.lambda).toBe(cells[1].lambda);
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it('starts no more workers than cells', () => {
    const { workers } = setup(4, 2);
    expect(workers).toHaveLength(2);
  });

  it('reports progress with an ETA from the mean time per finished cell', () => {
    const { workers, progress, tick } = setup(2, 4);
    expect(progress[0]).toEqual({ done: 0, failed: 0, total: 4, elapsedMs: 0, etaMs: null });
    tick(100);
    workers[0].answer();
    expect(progress[1]).toEqual({ done: 1, failed: 0, total: 4, elapsedMs: 100, etaMs: 300 });
    tick(100);
    workers[1].answer();
    expect(progress[2]).toEqual({ done: 2, failed: 0, total: 4, elapsedMs: 200, etaMs: 200 });
  });

  it('cancel terminates the workers, dispatches nothing more and keeps the partial results', async () => {
    const { pool, workers, outcomes, handle } = setup(2, 6);
    workers[0].answer();
    expect(pool.running).toBe(true);
    const answering = workers[1];
    handle.cancel();
    expect(pool.running).toBe(false);
    expect(workers.every((w) => w.terminated)).toBe(true);
    expect(answering.onmessage).toBeNull();

    const summary = await handle.finished;
    expect(summary.cancelled).toBe(true);
    expect(summary.outcomes.map((o) => o.cell.index)).toEqual([0]);
    expect(outcomes).toHaveLength(1);
    expect(workers.reduce((sent, w) => sent + w.received.length, 0)).toBe(3);
    expect(workers).toHaveLength(2);
  });

  it('reports a failed cell with its message and carries on with the queue', async () => {
    const { workers, outcomes, progress, handle } = setup(1, 3);
    workers[0].fail('cell λ = 0.02: lambda must be a number');
    expect(outcomes[0]).toMatchObject({ ok: false, error: 'cell λ = 0.02: lambda must be a number' });
    expect(progress[progress.length - 1]).toMatchObject({ done: 0, failed: 1 });
    workers[0].answer();
    workers[0].answer();
    const summary = await handle.finished;
    expect(summary.outcomes.map((o) => o.ok)).toEqual([false, true, true]);
  });

  it('replaces a crashed worker, blames only the cell it was running, and finishes the sweep', async () => {
    const { workers, outcomes, handle } = setup(2, 4);
    workers[0].crash('out of memory');
    expect(workers[0].terminated).toBe(true);
    expect(outcomes[0]).toEqual({ cell: expect.objectContaining({ index: 0 }), ok: false, error: 'the sweep worker crashed: out of memory' });
    expect(workers).toHaveLength(3);
    expect(workers[2].received[0].cell.index).toBe(2);
    workers[1].answer();
    workers[2].answer();
    workers[1].answer();
    const summary = await handle.finished;
    expect(summary.outcomes.map((o) => [o.cell.index, o.ok])).toEqual([
      [0, false],
      [1, true],
      [2, true],
      [3, true],
    ]);
  });

  it('ignores answers that are not for the cell the worker is running', () => {
    const { workers, outcomes } = setup(1, 2);
    const request = workers[0].received[0];
    workers[0].onmessage?.({ data: { type: 'cellDone', sweepId: request.sweepId + 1, index: 0, result: fakeCellResult(request.cell) } });
    workers[0].onmessage?.({ data: { type: 'cellDone', sweepId: request.sweepId, index: 1, result: fakeCellResult(request.cell) } });
    expect(outcomes).toHaveLength(0);
    workers[0].answer();
    expect(outcomes).toHaveLength(1);
  });

  it('a new sweep cancels the one in flight', async () => {
    const { pool, workers, handle, cells } = setup(2, 4);
    const second = pool.run(DEFAULT_CONFIG, cells.slice(0, 1));
    expect((await handle.finished).cancelled).toBe(true);
    expect(workers.slice(0, 2).every((w) => w.terminated)).toBe(true);
    expect(workers[2].received[0].sweepId).not.toBe(workers[0].received[0].sweepId);
    workers[2].answer();
    expect((await second.finished).outcomes).toHaveLength(1);
  });

  it('fails every cell with a clear message when no worker can be started', async () => {
    const pool = new SweepPool({
      size: 2,
      createWorker: () => {
        throw new Error('workers are blocked by the page policy');
      },
    });
    const summary = await pool.run(DEFAULT_CONFIG, sweepGrid([0.1, 0.2, 0.3], [0.01]).cells).finished;
    expect(summary.outcomes).toHaveLength(3);
    expect(summary.outcomes.every((o) => !o.ok && o.error === 'could not start a sweep worker: workers are blocked by the page policy')).toBe(true);
  });

  it('finishes an empty sweep at once', async () => {
    const pool = new SweepPool({ size: 2, createWorker: () => new FakeSweepWorker() });
    const summary = await pool.run(DEFAULT_CONFIG, []).finished;
    expect(summary).toEqual({ outcomes: [], cancelled: false, elapsedMs: expect.any(Number) });
  });
});
