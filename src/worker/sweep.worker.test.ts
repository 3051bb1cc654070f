import { describe, expect, it, vi } from 'vitest';
import { sweepBaseConfig } from '../core/sweep';
import type { SweepRequest, SweepResponse } from './sweepProtocol';

describe('sweep.worker', () => {
  it('answers each runCell request with exactly one cellDone or cellFailed for that cell', async () => {
    const posted: SweepResponse[] = [];
    const scope: { onmessage: ((event: { data: SweepRequest }) => void) | null; postMessage: (m: SweepResponse) => void } = {
      onmessage: null,
      postMessage: (message) => posted.push(message),
    };
    vi.stubGlobal('self', scope);
    vi.stubGlobal('navigator', { hardwareConcurrency: 2 });
    await import('./sweep.worker');
    const config = { ...sweepBaseConfig(), d: 8, k: 8, r: 2, steps: 400, fineTuneSteps: 20 };
    scope.onmessage?.({ data: { type: 'runCell', sweepId: 7, cell: { index: 3, row: 0, col: 3, lambda: 0.02, beta: 0.01 }, config } });
    scope.onmessage?.({ data: { type: 'runCell', sweepId: 7, cell: { index: 4, row: 0, col: 4, lambda: -1, beta: 0.01 }, config } });
    // Each cell waits for its kernels (here the JavaScript fallback: Node cannot fetch the page's wasm) and is answered in turn.
    await vi.waitFor(() => expect(posted).toHaveLength(2), { timeout: 30_000 });
    vi.unstubAllGlobals();
    expect(posted[0]).toMatchObject({ type: 'cellDone', sweepId: 7, index: 3, result: { lambda: 0.02, beta: 0.01 } });
    expect(posted[1]).toMatchObject({ type: 'cellFailed', sweepId: 7, index: 4 });
    expect(posted[1].type === 'cellFailed' && posted[1].message).toMatch(/lambda must be/);
  });
});
