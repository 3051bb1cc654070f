// The empirical direct operator's residual kernel (src/wasm/assembly/steps64.ts) against its
// documented order, bit for bit: each ⟨A_i, X⟩ summed as dot64 sums it, for every sample
// whatever its place in the groups of four and however the samples are split between threads.
import { beforeAll, describe, expect, it } from 'vitest';
import type { KernelExports } from '../core/kernels/wasmExports';
import { kernelsOnMemory, mixedValues as fill } from './kernelTesting';

let kernels: KernelExports;
let memory: WebAssembly.Memory;
beforeAll(async () => {
  ({ kernels, memory } = await kernelsOnMemory(64));
});

describe('empirical residuals', () => {
  for (const [n, dd] of [[1, 1], [5, 4], [7, 9], [9, 25], [11, 37 * 37], [12, 900]]) {
    it(`n = ${n}, d² = ${dd}: each residual is dot64(A_i, X) − y_i bit for bit, whole or split`, () => {
      const A = 1024;
      const X = A + 8 * n * dd + 64;
      const y = X + 8 * dd + 64;
      const r = y + 8 * n + 64;
      new Float64Array(memory.buffer, A, n * dd).set(fill(n * dd, dd));
      new Float64Array(memory.buffer, X, dd).set(fill(dd, n));
      new Float64Array(memory.buffer, y, n).set(fill(n, 3));
      const expected = Array.from({ length: n }, (_, i) => kernels.dot64(A + 8 * i * dd, X, dd) - new Float64Array(memory.buffer, y, n)[i]);
      const out = new Float64Array(memory.buffer, r, n);
      for (const cuts of [[0, n], [0, 1, n], [0, Math.floor(n / 2), n]]) {
        out.fill(NaN);
        for (let c = 0; c + 1 < cuts.length; c++) kernels.residuals64(A, X, y, r, dd, cuts[c], cuts[c + 1]);
        expect(Array.from(out)).toEqual(expected);
      }
    });
  }
});
