/**
 * A module whose one function runs i32.const 0, i8x16.splat, i8x16.popcnt: it validates only
 * where WebAssembly SIMD (fixed-width, no relaxed instructions) is implemented.
 */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

/** Whether this engine can run the WebAssembly SIMD kernels. */
export function wasmSimdSupported(): boolean {
  return typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function' && WebAssembly.validate(SIMD_PROBE);
}
