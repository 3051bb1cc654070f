// The Gram operator's packed symmetric matvec (src/wasm/assembly/gram64.ts) against a plain
// reference of the order it documents, bit for bit: odd sizes around the row groups and
// blocks, split between threads by blocks and by columns of the reduction as a team splits it.
import { beforeAll, describe, expect, it } from 'vitest';
import { SYMV_BLOCK, type KernelExports } from '../core/kernels/wasmExports';
import { kernelsOnMemory, mixedValues as fill } from './kernelTesting';

let kernels: KernelExports;
let memory: WebAssembly.Memory;
beforeAll(async () => {
  ({ kernels, memory } = await kernelsOnMemory(256));
});

/**
 * g = G x in the documented order: row p's part G[p,p]·x[p] + (E + O), E and O running sums
 * from +0 over q = p+1, p+3, … and q = p+2, p+4, …; block β's column part of q, Σ G[p,q]·x[p]
 * over its rows p < q in increasing p from +0; g[q] = row part + the blocks' column parts in
 * block order.
 */
function reference(G: number[], x: number[], m: number): number[] {
  const at = (p: number, q: number) => G[p * m - (p * (p - 1)) / 2 + (q - p)];
  const g: number[] = [];
  for (let q = 0; q < m; q++) {
    let even = 0;
    let odd = 0;
    for (let c = q + 1; c < m; c += 2) even += at(q, c) * x[c];
    for (let c = q + 2; c < m; c += 2) odd += at(q, c) * x[c];
    let s = at(q, q) * x[q] + (even + odd);
    for (let block = 0; block <= Math.floor(q / SYMV_BLOCK); block++) {
      let column = 0;
      for (let p = block * SYMV_BLOCK; p < Math.min(q, (block + 1) * SYMV_BLOCK); p++) column += at(p, q) * x[p];
      s += column;
    }
    g.push(s);
  }
  return g;
}

/** The kernel's g, with blocks cut at blockCuts and the reduction's columns at columnCuts (one range per thread). */
function kernelSymv(G: number[], x: number[], m: number, blockCuts: number[], columnCuts: number[]): number[] {
  let next = 1024;
  const place = (length: number): number => {
    const address = next;
    next += Math.ceil((length * 8) / 64) * 64 + 64;
    return address;
  };
  const addrG = place(G.length), addrX = place(m), rowPart = place(m), colParts = place(kernels.colPartsLength(m)), addrOut = place(m);
  new Float64Array(memory.buffer, addrG, G.length).set(G);
  new Float64Array(memory.buffer, addrX, m).set(x);
  for (let c = 0; c + 1 < blockCuts.length; c++) kernels.symvBlocks64(addrG, addrX, m, rowPart, colParts, blockCuts[c], blockCuts[c + 1]);
  for (let c = 0; c + 1 < columnCuts.length; c++) kernels.symvReduce64(m, rowPart, colParts, addrOut, columnCuts[c], columnCuts[c + 1]);
  return Array.from(new Float64Array(memory.buffer, addrOut, m));
}

describe('packed symmetric matvec', () => {
  const sizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 63, 64, 65, 66, 67, 68, 69, 70, 131, 194, 465];
  for (const m of sizes) {
    it(`m = ${m}: equals the documented order bit for bit, whole or split between threads`, () => {
      const G = fill((m * (m + 1)) / 2, m);
      const x = fill(m, m + 1).map((v) => v / 3);
      const expected = reference(G, x, m);
      const blocks = Math.ceil(m / SYMV_BLOCK);
      expect(kernelSymv(G, x, m, [0, blocks], [0, m])).toEqual(expected);
      const half = Math.floor(blocks / 2);
      expect(kernelSymv(G, x, m, [0, half, blocks], [0, Math.floor(m / 2), m])).toEqual(expected);
    });
  }

  it('keeps the sign of zero terms as the documented order does', () => {
    const m = 9;
    const G = fill((m * (m + 1)) / 2, 5).map((v, i) => (i % 3 === 0 ? -0 : v));
    const x = fill(m, 2).map((v, i) => (i % 2 === 0 ? -0 : v));
    expect(kernelSymv(G, x, m, [0, 1], [0, m])).toEqual(reference(G, x, m));
    const zeros = new Array<number>((m * (m + 1)) / 2).fill(-0);
    const signs = kernelSymv(zeros, new Array<number>(m).fill(1), m, [0, 1], [0, m]).map((v) => Object.is(v, -0));
    expect(signs).toEqual(reference(zeros, new Array<number>(m).fill(1), m).map((v) => Object.is(v, -0)));
  });
});
