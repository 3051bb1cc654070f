import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startWasmBackend } from '../core/kernels/wasmBackend';
import { sweepBaseConfig } from '../core/sweep';
import { KernelLoader, type WasmLoader } from './labKernels';
import { SWEEP_WORKER_THREADS, createSweepRunner } from './sweepRunner';

/** The browser loader's work done from the compiled file: the wasm backend on one thread. */
const module = new WebAssembly.Module(readFileSync(new URL('../wasm/build/kernels.wasm', import.meta.url)));

describe('a sweep worker', () => {
  it('runs every cell on the wasm kernels of its kernel key, loaded once on one thread, and records them in each result', async () => {
    const loads: Parameters<WasmLoader>[0][] = [];
    const loader = new KernelLoader(
      async (options) => {
        loads.push(options);
        return startWasmBackend({ module, sharedModule: null, precision: options.precision, helpers: [] });
      },
      { wasmSimd: true, crossOriginIsolated: true, maxThreads: SWEEP_WORKER_THREADS },
    );
    const run = createSweepRunner(loader);
    const config = { ...sweepBaseConfig(), d: 8, k: 8, r: 2, steps: 300, fineTuneSteps: 20 };
    const cell = await run({ type: 'runCell', sweepId: 1, cell: { index: 0, row: 0, col: 0, lambda: 0.02, beta: 0.01 }, config });
    const empirical = { ...config, model: 'empirical' as const, n: 200, lambda: 0.05 };
    const point = await run({ type: 'runScalingPoint', sweepId: 2, cell: { index: 0, n: 200, seed: 4 }, config: empirical });
    const refused = await run({ type: 'runCell', sweepId: 1, cell: { index: 1, row: 0, col: 1, lambda: -1, beta: 0.01 }, config });
    loader.dispose();

    expect(loads).toEqual([{ precision: 'f64', maxThreads: 1 }]);
    const kernel = { name: 'wasm', precision: 'f64', threads: 1 };
    expect(cell).toMatchObject({ type: 'cellDone', sweepId: 1, index: 0, result: { lambda: 0.02, kernel } });
    expect(point).toMatchObject({ type: 'cellDone', sweepId: 2, result: { n: 200, seed: 4, kernel } });
    expect(refused.type === 'cellFailed' && refused.message).toMatch(/lambda must be/);
  });
});
