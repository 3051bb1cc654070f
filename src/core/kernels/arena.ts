// One operator's WebAssembly memory: fixed size (initial = maximum, so typed-array views never
// detach), laid out once from the problem's sizes, with the kernels instantiated on it.
import type { TeamMemory } from './team';
import { instantiateKernels, type KernelExports } from './wasmExports';

const PAGE_BYTES = 65536;
const MAX_PAGES = 65536;
/** Buffers start on cache-line boundaries. */
const ALIGN = 64;

let nextArenaId = 0;

/** What an arena is made from: a compiled module and whether its memory is shared. */
export interface KernelModule {
  readonly module: WebAssembly.Module;
  readonly shared: boolean;
}

export type BufferSpec = Record<string, { length: number; type: 'f64' | 'f32' }>;

export class Arena<S extends BufferSpec> implements TeamMemory {
  readonly id = nextArenaId++;
  readonly memory: WebAssembly.Memory;
  readonly kernels: KernelExports;
  /** Byte address of each buffer. */
  readonly at: { [K in keyof S]: number };
  private readonly spec: S;
  private readonly views = new Map<keyof S, Float64Array | Float32Array>();

  constructor(kernelModule: KernelModule, spec: S) {
    // The module's static data ends at heapBase; it is known only after instantiation, and
    // is far below one page (the kernels keep no data), so the layout starts at one page.
    let end = PAGE_BYTES;
    const at = {} as { [K in keyof S]: number };
    for (const name of Object.keys(spec) as Array<keyof S>) {
      const { length, type } = spec[name];
      at[name] = end;
      end += Math.ceil((length * (type === 'f64' ? 8 : 4)) / ALIGN) * ALIGN;
    }
    const pages = Math.ceil(end / PAGE_BYTES);
    if (pages > MAX_PAGES) throw new RangeError(`the WebAssembly kernels need ${end} bytes, over the 4 GiB a wasm32 memory can hold`);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: kernelModule.shared });
    this.kernels = instantiateKernels(kernelModule.module, this.memory);
    if (this.kernels.heapBase() > PAGE_BYTES) throw new Error('the kernels module keeps more static data than the first page');
    this.at = at;
    this.spec = spec;
  }

  /** A float64 view of a buffer (valid for the arena's life: the memory never grows). */
  f64(name: keyof S): Float64Array {
    let view = this.views.get(name);
    if (!view) this.views.set(name, (view = new Float64Array(this.memory.buffer, this.at[name], this.spec[name].length)));
    return view as Float64Array;
  }

  /** A float32 view of a buffer. */
  f32(name: keyof S): Float32Array {
    let view = this.views.get(name);
    if (!view) this.views.set(name, (view = new Float32Array(this.memory.buffer, this.at[name], this.spec[name].length)));
    return view as Float32Array;
  }
}

/**
 * The arena of an operator whose buffers grow with k: laid out for the k at creation and laid
 * out again (keeping the data that does not depend on k, via `carry`) when a larger k comes.
 */
export class ArenaByK<S extends BufferSpec> {
  private arena: Arena<S>;
  private capacity: number;

  constructor(
    private readonly kernelModule: KernelModule,
    private readonly spec: (k: number) => S,
    private readonly carry: (next: Arena<S>, previous: Arena<S> | null) => void,
    k: number,
  ) {
    this.arena = new Arena(kernelModule, spec(k));
    carry(this.arena, null);
    this.capacity = k;
  }

  get(k: number): Arena<S> {
    if (k > this.capacity) {
      const next = new Arena(this.kernelModule, this.spec(k));
      this.carry(next, this.arena);
      this.arena = next;
      this.capacity = k;
    }
    return this.arena;
  }
}
