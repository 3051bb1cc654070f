import { describe, expect, it } from 'vitest';
import { jsBackend } from '../core/kernels/jsBackend';
import type { KernelBackend, Precision } from '../core/kernels/types';
import { KernelLoader, initKernelChoice, type KernelEnvironment } from './labKernels';

/** A wasm loader that grants `threads` threads and counts loads and disposals. */
function fakeWasm(threads: number) {
  const log: string[] = [];
  const load = async ({ precision }: { precision: Precision; maxThreads: number }): Promise<KernelBackend> => {
    log.push(`load ${precision}`);
    return { ...jsBackend, info: { name: 'wasm', precision, threads }, dispose: () => log.push(`dispose ${precision}`) };
  };
  return { load, log };
}

const isolated: KernelEnvironment = { wasmSimd: true, crossOriginIsolated: true, maxThreads: 2 };

describe('KernelLoader', () => {
  it('loads wasm for auto, keeps it while the choice stays and disposes it when the choice changes', async () => {
    const wasm = fakeWasm(2);
    const loader = new KernelLoader(wasm.load, isolated);
    expect(loader.current.backend).toBe(jsBackend);
    const first = await loader.load('auto');
    expect(first.backend.info).toEqual({ name: 'wasm', precision: 'f64', threads: 2 });
    expect(first.notes).toEqual([]);
    expect(await loader.load('auto')).toBe(first);
    expect((await loader.load('wasm-f32')).backend.info.precision).toBe('f32');
    expect(wasm.log).toEqual(['load f64', 'dispose f64', 'load f32']);
  });

  it('says why: one thread without cross-origin isolation, JavaScript without SIMD or when wasm fails', async () => {
    const one = new KernelLoader(fakeWasm(1).load, { ...isolated, crossOriginIsolated: false });
    expect((await one.load('wasm')).notes).toEqual([expect.stringMatching(/^one thread: the page is not cross-origin isolated/)]);
    const noSimd = new KernelLoader(fakeWasm(2).load, { ...isolated, wasmSimd: false });
    expect(await noSimd.load('auto')).toEqual({ backend: jsBackend, notes: [expect.stringMatching(/SIMD is not available/)] });
    const failing = new KernelLoader(() => Promise.reject(new Error('fetch failed')), isolated);
    expect(await failing.load('wasm')).toEqual({ backend: jsBackend, notes: ['the WebAssembly kernels could not start (fetch failed), so the JavaScript kernels run'] });
  });
});

describe('initKernelChoice', () => {
  it('reads a valid kernel key of an init command, defaulting to auto', () => {
    expect(initKernelChoice({ type: 'init', config: { kernel: 'wasm-f32' }, lanes: [] })).toBe('wasm-f32');
    expect(initKernelChoice({ type: 'init', config: {}, lanes: [] })).toBe('auto');
    expect(initKernelChoice({ type: 'init', config: { kernel: 'gpu' }, lanes: [] })).toBeNull();
    expect(initKernelChoice({ type: 'start' })).toBeNull();
  });
});
