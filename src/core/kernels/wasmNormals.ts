// The random streams' bulk draws on the WebAssembly kernels (normals64): the same doubles as
// core/rng's fillNormals, several times faster, for the n·d² sensing entries of a problem.
import { NORMAL_STATE_BYTES, type NormalFill } from '../rng';
import { Arena } from './arena';

/** Normals per call into the kernel: what bounds its memory. */
const CHUNK = 8192;

const normalsSpec = { state: { length: NORMAL_STATE_BYTES / 8, type: 'f64' as const }, values: { length: CHUNK, type: 'f64' as const } };

/** fillNormals on the kernels of `module` (compiled for an unshared memory), in an arena of its own made at the first draw. */
export function wasmNormalFill(module: WebAssembly.Module): NormalFill {
  let own: { arena: Arena<typeof normalsSpec>; words: Int32Array; spare: Float64Array; values: Float64Array } | null = null;
  return (rng, out, scale) => {
    if (!own) {
      const arena = new Arena({ module, shared: false }, normalsSpec);
      const { buffer } = arena.memory;
      own = { arena, words: new Int32Array(buffer, arena.at.state, 5), spare: new Float64Array(buffer, arena.at.state + 24, 1), values: arena.f64('values') };
    }
    const { arena, words, spare, values } = own;
    rng.saveState(words, spare);
    for (let start = 0; start < out.length; start += CHUNK) {
      const count = Math.min(CHUNK, out.length - start);
      arena.kernels.normals64(arena.at.state, arena.at.values, count, scale);
      out.set(count === CHUNK ? values : values.subarray(0, count), start);
    }
    rng.restoreState(words, spare);
  };
}
