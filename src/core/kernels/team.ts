// The calling thread's side of a thread team: one step's kernel is split by output ranges
// between the caller and its helpers on a shared WebAssembly.Memory. The caller posts the
// command, computes its own share and waits on Atomics for the helpers, so the operators
// stay synchronous. Each output element is computed by exactly one thread, in the same order
// whatever the split, so 1 and N threads give identical bits.
import {
  ARGS_BYTE, ATTACH, COMMAND, CONTROL_BYTES, DONE, EXIT, FAILED, GENERATION, KERNEL, MAX_ARGS, MAX_THREADS, RANGES, RUN,
  type HelperPort,
} from './teamProtocol';
import { PARALLEL_KERNELS, invokeKernel, type KernelExports, type ParallelKernel } from './wasmExports';

/** Below this many flops a kernel runs on the calling thread alone: a barrier costs more. */
const MIN_PARALLEL_FLOPS = 200_000;
/** How long the caller waits for helpers before declaring them lost. */
const HELPER_TIMEOUT_MS = 60_000;
const SPINS = 2000;

/** A memory the team's helpers can be attached to. */
export interface TeamMemory {
  readonly id: number;
  readonly memory: WebAssembly.Memory;
}

/**
 * Cuts [0, count) into `parts` contiguous ranges of about equal total weight (weight(i) is the
 * cost of output i), each starting on a multiple of `granule`. Returns from/to pairs.
 */
export function splitRange(count: number, parts: number, granule: number, weight: (i: number) => number): number[] {
  let total = 0;
  for (let i = 0; i < count; i++) total += weight(i);
  const cuts = [0];
  let acc = 0;
  let i = 0;
  for (let part = 1; part < parts; part++) {
    const target = (total * part) / parts;
    while (i < count && acc + weight(i) <= target) acc += weight(i++);
    let cut = Math.min(count, Math.round(i / granule) * granule);
    cut = Math.max(cut, cuts[cuts.length - 1]);
    cuts.push(cut);
  }
  cuts.push(count);
  const ranges: number[] = [];
  for (let p = 0; p < parts; p++) ranges.push(cuts[p], cuts[p + 1]);
  return ranges;
}

export const uniform = (): number => 1;

export class ThreadTeam {
  /** Threads that compute: the caller and its helpers. */
  readonly threads: number;
  private readonly helpers: HelperPort[];
  private readonly control: Int32Array;
  private readonly args: Float64Array;
  private attachedId = -1;

  constructor(module: WebAssembly.Module, helpers: HelperPort[]) {
    if (helpers.length + 1 > MAX_THREADS) throw new RangeError(`a thread team has at most ${MAX_THREADS} threads`);
    this.helpers = helpers;
    this.threads = helpers.length + 1;
    // Only helpers need the control block shared; a page that is not cross-origin isolated has no SharedArrayBuffer.
    const control = helpers.length > 0 ? new SharedArrayBuffer(CONTROL_BYTES) : new ArrayBuffer(CONTROL_BYTES);
    this.control = new Int32Array(control);
    this.args = new Float64Array(control, ARGS_BYTE, MAX_ARGS);
    helpers.forEach((port, h) => port.postMessage({ type: 'init', module, control: control as SharedArrayBuffer, index: h + 1 }));
  }

  /**
   * Runs `kernel` with `args` over the outputs [0, count), split between the threads by
   * weight on multiples of granule; `flops` decides whether splitting is worth a barrier.
   */
  run(target: TeamMemory, kernels: KernelExports, kernel: ParallelKernel, args: number[], count: number, flops: number, granule = 1, weight: (i: number) => number = uniform): void {
    const index = PARALLEL_KERNELS.indexOf(kernel);
    this.args.set(args);
    if (this.helpers.length === 0 || flops < MIN_PARALLEL_FLOPS || count < 2 * granule) {
      invokeKernel(kernels, index, this.args, 0, count);
      return;
    }
    this.attach(target);
    const ranges = splitRange(count, this.threads, granule, weight);
    const ctl = this.control;
    for (let i = 0; i < ranges.length; i++) ctl[RANGES + i] = ranges[i];
    ctl[KERNEL] = index;
    this.command(RUN);
    invokeKernel(kernels, index, this.args, ranges[0], ranges[1]);
    this.awaitHelpers();
  }

  /** Stops the helpers. */
  dispose(): void {
    this.command(EXIT);
    for (const helper of this.helpers) helper.terminate();
  }

  /** Points every helper at target's memory (a message each, acknowledged through `control`). */
  private attach(target: TeamMemory): void {
    if (this.attachedId === target.id) return;
    // Serving helpers leave their loop on ATTACH and then read the message; one that reads it
    // first starts serving at the generation it carries, which must already be current.
    this.command(ATTACH);
    const generation = Atomics.load(this.control, GENERATION);
    for (const helper of this.helpers) helper.postMessage({ type: 'attach', memory: target.memory, generation });
    this.awaitHelpers();
    this.attachedId = target.id;
  }

  private command(command: number): void {
    const ctl = this.control;
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, FAILED, 0);
    Atomics.store(ctl, COMMAND, command);
    Atomics.add(ctl, GENERATION, 1);
    Atomics.notify(ctl, GENERATION);
  }

  private awaitHelpers(): void {
    const ctl = this.control;
    const expected = this.helpers.length;
    for (let s = 0; s < SPINS && Atomics.load(ctl, DONE) < expected; s++);
    const deadline = Date.now() + HELPER_TIMEOUT_MS;
    for (let done = Atomics.load(ctl, DONE); done < expected; done = Atomics.load(ctl, DONE)) {
      if (Date.now() >= deadline) {
        this.attachedId = -1;
        throw new Error(`kernel helper threads did not answer within ${HELPER_TIMEOUT_MS / 1000} s`);
      }
      Atomics.wait(ctl, DONE, done, deadline - Date.now());
    }
    if (Atomics.load(ctl, FAILED) !== 0) {
      this.attachedId = -1;
      throw new Error('a kernel helper thread failed');
    }
  }
}
