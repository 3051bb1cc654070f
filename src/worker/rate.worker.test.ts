import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import type { RateRequest, RateResponse } from './rateProtocol';

describe('rate.worker', () => {
  it('reports progress, then one result; an invalid config or matrices of the wrong size get an error', async () => {
    const posted: RateResponse[] = [];
    const scope: { onmessage: ((event: { data: RateRequest }) => void) | null; postMessage: (m: RateResponse) => void } = {
      onmessage: null,
      postMessage: (message) => posted.push(message),
    };
    vi.stubGlobal('self', scope);
    vi.stubGlobal('navigator', { hardwareConcurrency: 2 });
    await import('./rate.worker');
    const config = { ...DEFAULT_CONFIG, model: 'population' as const, d: 10, k: 10, r: 2, eta: 0.05, fineTuneEta: 0.05, steps: 1500, fineTuneSteps: 100 };
    scope.onmessage?.({ data: { type: 'compare', config } });
    scope.onmessage?.({ data: { type: 'compare', config: { ...config, lambda: -1 } } });
    const wrongSize = { regularizedU: new Float64Array(4), unregularizedU: new Float64Array(4), phase1Steps: 10 };
    scope.onmessage?.({ data: { type: 'compare', config, start: wrongSize } });
    // Requests wait for their kernels (here the JavaScript fallback: Node cannot fetch the page's wasm) and are answered in turn.
    await vi.waitFor(() => expect(posted.filter((m) => m.type !== 'progress')).toHaveLength(3), { timeout: 30_000 });
    vi.unstubAllGlobals();

    const progress = posted.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.map((m) => m.type === 'progress' && m.progress.label)).toContain('overparameterized');
    const results = posted.filter((m) => m.type !== 'progress');
    expect(results).toHaveLength(3);
    expect(results[0]).toMatchObject({ type: 'result', result: { kind: 'ok', pruned: { k: 2 }, overparameterized: { k: 10 }, kernel: { name: 'js', precision: 'f64', threads: 1 } } });
    expect(results[1].type === 'error' && results[1].message).toMatch(/lambda/);
    expect(results[2].type === 'error' && results[2].message).toContain('not 10×10');
  });
});
