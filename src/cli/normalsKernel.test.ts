// The random streams' WebAssembly draws (src/wasm/assembly/normals64.ts) against core/rng and
// core/libm, bit for bit: fdlibm's log and sin/cos on their branches' edges, the bulk draw
// over chunk boundaries with a spare normal carried between calls, and whole problems.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../core/config';
import { wasmNormalFill } from '../core/kernels/wasmNormals';
import { instantiateKernels, type KernelExports } from '../core/kernels/wasmExports';
import { log, sinCos, TRIG_MAX } from '../core/libm';
import { generateProblem } from '../core/problem';
import { fillNormals, resolveSeeds, Rng, type NormalFill } from '../core/rng';
import { readWasm } from './kernelBackend';

let kernels: KernelExports;
let memory: WebAssembly.Memory;
let fill: NormalFill;
beforeAll(async () => {
  const module = await WebAssembly.compile(await readWasm('kernels.wasm'));
  memory = new WebAssembly.Memory({ initial: 1 });
  kernels = instantiateKernels(module, memory);
  fill = wasmNormalFill(module);
});

/** The nonzero double x and its neighbours up to `steps` ulps away on both sides. */
function around(x: number, steps: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  return Array.from({ length: 2 * steps + 1 }, (_, i) => {
    view.setBigUint64(0, bits + BigInt(i - steps));
    return view.getFloat64(0);
  });
}

describe('WebAssembly random streams', () => {
  it('log gives libm.log\'s bits: special values, powers of two, the small-|f| branch, uniforms and subnormals', () => {
    const rng = new Rng(3);
    const inputs = [
      0, -0, -1, NaN, Infinity, 1, 5e-324, 2.2e-308, 1e-300,
      ...[1, 0.5, 0.25, 2 ** -20, 2 ** -52, Math.SQRT1_2, Math.SQRT2].flatMap((x) => around(x, 40)),
      ...Array.from({ length: 50000 }, () => 1 - rng.nextFloat()),
      ...Array.from({ length: 5000 }, () => 2 ** (2000 * rng.nextFloat() - 1000)),
    ];
    for (const x of inputs) expect(Object.is(kernels.libmLog64(x), log(x)), `log(${x})`).toBe(true);
  });

  it('sin and cos give libm.sinCos\'s bits over the reduced range, quadrant edges and cancellations included', () => {
    const rng = new Rng(5);
    const js = new Float64Array(2);
    const at = 1024;
    const wasm = new Float64Array(memory.buffer, at, 2);
    const edges = [2 ** -27, Math.PI / 4, Math.PI / 2, (3 * Math.PI) / 4, Math.PI, (3 * Math.PI) / 2, 2 * Math.PI, TRIG_MAX];
    const angles = [
      0,
      -0,
      ...edges.flatMap((x) => [...around(x, 30), ...around(-x, 30)]).filter((x) => Math.abs(x) <= TRIG_MAX),
      ...Array.from({ length: 50000 }, () => TRIG_MAX * (2 * rng.nextFloat() - 1)),
    ];
    for (const x of angles) {
      sinCos(x, js);
      kernels.libmSinCos64(x, at);
      expect([Object.is(wasm[0], js[0]), Object.is(wasm[1], js[1])], `x = ${x}`).toEqual([true, true]);
    }
  });

  it('draws the stream\'s normals bit for bit, across chunks, with the spare carried from call to call', () => {
    for (const seed of [0, 1, 77, 4294967295]) {
      const js = new Rng(seed);
      const wasm = new Rng(seed);
      for (const [length, scale] of [[1, 1], [3, 0.5], [8192, 1], [8193, 2], [900, 1e-3], [20001, -1], [2, 1]] as const) {
        const expected = new Float64Array(length);
        const drawn = new Float64Array(length);
        fillNormals(js, expected, scale);
        fill(wasm, drawn, scale);
        expect(drawn).toEqual(expected);
        expect(Array.from(drawn).every((v, i) => Object.is(v, expected[i]))).toBe(true);
      }
      // Both streams are left in the same state.
      expect(wasm.normal()).toBe(js.normal());
      expect(wasm.nextUint32()).toBe(js.nextUint32());
    }
  });

  it('generates the same problems as the JavaScript streams', () => {
    const configs: RunConfig[] = [
      { ...DEFAULT_CONFIG, d: 7, k: 5, r: 2, n: 33 },
      { ...DEFAULT_CONFIG, model: 'quadratic', d: 9, k: 4, r: 2, n: 41, seed: 8 },
    ];
    for (const config of configs) {
      const seeds = resolveSeeds(config);
      expect(generateProblem(config, seeds, undefined, fill)).toEqual(generateProblem(config, seeds));
    }
  });
});
