// The packed gemm of src/wasm/assembly/gemm.ts against a plain in-order reference, bit for
// bit: every mode, odd sizes, k = 1, rows split on tile boundaries as threads split them, and
// the scratch sizes the JS side lays out against the ones the kernel addresses.
import { beforeAll, describe, expect, it } from 'vitest';
import { GEMM_ACCUMULATE, GEMM_PACKED, GEMM_SYMMETRIC_A, GEMM_TILE_ROWS, GEMM_UPPER, gemmScratchBytes, gemmStrips, packedBBytes } from '../core/kernels/gemmCall';
import type { Precision } from '../core/kernels/types';
import { instantiateKernels, type KernelExports } from '../core/kernels/wasmExports';
import { kernelFiles, readWasm } from './kernelBackend';

let kernels: KernelExports;
/** The float32 mode's binary: fused multiply-add where relaxed SIMD validates. */
let fusedKernels: KernelExports;
let fused: boolean;
let memory: WebAssembly.Memory;
beforeAll(async () => {
  memory = new WebAssembly.Memory({ initial: 256 });
  kernels = instantiateKernels(await WebAssembly.compile(await readWasm('kernels.wasm')), memory);
  const f32Files = await kernelFiles('f32');
  fused = f32Files.solo !== 'kernels.wasm';
  fusedKernels = instantiateKernels(await WebAssembly.compile(f32Files.soloBytes), memory);
});

/** Values made with + − × ÷ only, distinct enough that a misplaced term changes the bits. */
const fill = (length: number, seed: number): number[] => Array.from({ length }, (_, i) => ((((i + 1) * (seed * 7919 + 104729)) % 1009) - 504) / 97);

interface Case {
  m: number;
  n: number;
  K: number;
  mode: number;
  transposed: boolean;
}

/** Runs the kernel on one case (rows cut at `cuts`) and the in-order reference; returns both outputs. */
function runCase(precision: Precision, { m, n, K, mode, transposed }: Case, cuts: number[], binary: KernelExports = kernels): { kernel: number[]; reference: number[] } {
  const f64 = precision === 'f64';
  const bytes = f64 ? 8 : 4;
  const round = f64 ? (x: number) => x : Math.fround;
  const upper = (mode & GEMM_UPPER) !== 0;
  const packed = (mode & GEMM_PACKED) !== 0;
  const accumulate = (mode & GEMM_ACCUMULATE) !== 0;
  const scale = accumulate ? 1 : 0.75;
  const symmetric = (mode & GEMM_SYMMETRIC_A) !== 0;
  const A = fill(m * K, 1).map(round);
  // A symmetric A is read from its upper triangle: the kernel sees garbage below it.
  if (symmetric) for (let i = 0; i < m; i++) for (let l = 0; l < i; l++) A[i * K + l] = A[l * K + i];
  const B = fill(K * n, 2).map(round);
  const start = fill(m * n, 3).map(round);
  // C's address of (i, j): row-major m×n, or the packed upper triangle.
  const cIndex = (i: number, j: number): number => (packed ? i * n - (i * (i - 1)) / 2 + (j - i) : i * n + j);
  const cLength = packed ? (m * (m + 1)) / 2 : m * n;
  let at = 1024;
  const place = (length: number): number => {
    const address = at;
    at += Math.ceil((length * bytes) / 64) * 64 + 64;
    return address;
  };
  const addrA = place(m * K), addrB = place(K * n), addrC = place(cLength);
  const addrBp = place(packedBBytes(K, n, precision) / bytes), addrAp = place(gemmScratchBytes(m, K, precision) / bytes);
  const view = (address: number, length: number) => (f64 ? new Float64Array(memory.buffer, address, length) : new Float32Array(memory.buffer, address, length));
  view(addrA, m * K).set(symmetric ? A.map((value, q) => (q % K < Math.floor(q / K) ? NaN : value)) : A);
  // transposed: B is stored as the n×K matrix Bᵀ.
  view(addrB, K * n).set(transposed ? Array.from({ length: n * K }, (_, q) => B[(q % K) * n + Math.floor(q / K)]) : B);
  const C = view(addrC, cLength);
  const reference = new Array<number>(cLength).fill(NaN);
  for (let i = 0; i < m; i++) {
    for (let j = upper ? i : 0; j < n; j++) {
      C[cIndex(i, j)] = start[i * n + j];
      let acc = accumulate ? start[i * n + j] : 0;
      for (let l = 0; l < K; l++) acc = round(acc + round(A[i * K + l] * B[l * n + j]));
      reference[cIndex(i, j)] = accumulate ? acc : round(acc * round(scale));
    }
  }
  // Entries outside the computed triangle must stay as they were.
  if (upper && !packed) for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) reference[i * n + j] = C[i * n + j] = -1;
  (f64 ? binary.packB64 : binary.packB32)(addrB, transposed ? K : n, transposed ? 1 : 0, K, n, addrBp, 0, gemmStrips(n, precision));
  for (let c = 0; c + 1 < cuts.length; c++) (f64 ? binary.gemm64 : binary.gemm32)(addrA, K, addrBp, addrAp, addrC, n, n, K, scale, mode, cuts[c], cuts[c + 1]);
  return { kernel: Array.from(view(addrC, cLength)), reference };
}

// The last two span several panels of packed B (256 KiB each: 11 strips at K = 700, 54 at K = 150).
const SIZES: [number, number, number][] = [[37, 101, 37], [101, 37, 101], [1, 1, 1], [5, 4, 1], [6, 9, 3], [12, 12, 17], [7, 1, 30], [101, 101, 700], [150, 240, 150]];
const MODES = [0, GEMM_UPPER, GEMM_ACCUMULATE, GEMM_UPPER | GEMM_PACKED | GEMM_ACCUMULATE, GEMM_SYMMETRIC_A];

describe('packed gemm', () => {
  for (const precision of ['f64', 'f32'] as const) {
    for (const [m, n, K] of SIZES) {
      for (const mode of MODES) {
        if (mode & GEMM_UPPER && m !== n) continue;
        if (mode & GEMM_SYMMETRIC_A && m !== K) continue;
        for (const transposed of [false, true]) {
          it(`${precision} m=${m} n=${n} K=${K} mode=${mode}${transposed ? ' Bᵀ' : ''}: equals the in-order sum bit for bit, whole or split into tile rows`, () => {
            const whole = runCase(precision, { m, n, K, mode, transposed }, [0, m]);
            expect(whole.kernel).toEqual(whole.reference);
            const cut = Math.min(m, GEMM_TILE_ROWS * Math.ceil(m / (2 * GEMM_TILE_ROWS)));
            expect(runCase(precision, { m, n, K, mode, transposed }, [0, cut, m]).kernel).toEqual(whole.reference);
          });
        }
      }
    }
  }

  it('float32 fast mode: fused where relaxed SIMD validates, within rounding of the in-order sum, identical when split', () => {
    expect(fused).toBe(true);
    for (const [m, n, K] of SIZES) {
      const shape = { m, n, K, mode: 0, transposed: false };
      const whole = runCase('f32', shape, [0, m], fusedKernels);
      const cut = Math.min(m, GEMM_TILE_ROWS * Math.ceil(m / (2 * GEMM_TILE_ROWS)));
      expect(runCase('f32', shape, [0, cut, m], fusedKernels).kernel).toEqual(whole.kernel);
      // Each of the K steps rounds differently by at most an ulp of the partial sum, itself at most K·(largest term).
      const largestTerm = (504 / 97) ** 2;
      const bound = K * K * largestTerm * 2 ** -23;
      whole.kernel.forEach((value, q) => expect(Math.abs(value - whole.reference[q])).toBeLessThanOrEqual(bound));
    }
  });

  it('float32 input: U goes in rounded, with entries under 2⁻⁶³ as zero (no subnormal products) and NaN kept', () => {
    const tiny = 2 ** -63;
    const values = [1.1, -0.3, tiny, -tiny * 0.999, tiny * 0.999, 1e-30, -2e-25, Infinity, NaN, -7, 3e-19, 2 ** -70];
    const src = new Float64Array(memory.buffer, 8192, values.length);
    const dst = new Float32Array(memory.buffer, 8192 + 8 * 64, values.length);
    src.set(values);
    kernels.demoteFlushed32(src.byteOffset, dst.byteOffset, values.length);
    const expected = values.map((x) => (Math.abs(x) < tiny ? 0 : Math.fround(x)));
    expect(Array.from(dst)).toEqual(expected);
    expect(expected.filter((x) => x === 0)).toHaveLength(5);
  });

  it('lays out the scratch the kernel addresses', () => {
    for (const precision of ['f64', 'f32'] as const) {
      const bytes = precision === 'f64' ? 8 : 4;
      for (const [a, b] of [[1, 1], [5, 4], [37, 101], [500, 500], [4096, 3]]) {
        expect(packedBBytes(a, b, precision)).toBe(kernels.gemmPackedBBytes(a, b, bytes));
        expect(gemmScratchBytes(a, b, precision)).toBe(kernels.gemmScratchBytes(a, b, bytes));
        expect(gemmStrips(b, precision)).toBe(kernels.gemmStrips(b, bytes));
      }
    }
  });
});
