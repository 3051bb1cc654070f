// The shared control block between a calling thread and its helper threads. One
// SharedArrayBuffer: Int32 words for the handshake, float64 arguments, int32 ranges.

export const CONTROL_BYTES = 1024;
/** Int32 word: bumped once per command; helpers wait on it. */
export const GENERATION = 0;
/** Int32 word: helpers that finished the current command; the caller waits on it. */
export const DONE = 1;
export const COMMAND = 2;
/** Int32 word: index into PARALLEL_KERNELS of the current RUN. */
export const KERNEL = 3;
/** Int32 word: set by a helper whose kernel threw. */
export const FAILED = 4;
/** Byte offset of the float64 arguments and their count. */
export const ARGS_BYTE = 64;
export const MAX_ARGS = 16;
/** Int32 index of participant t's range: [RANGES + 2t, RANGES + 2t + 1]. */
export const RANGES = 64;
export const MAX_THREADS = (CONTROL_BYTES / 4 - RANGES) / 2;

export const RUN = 1;
/** Helpers leave their wait loop to receive a new memory by message. */
export const ATTACH = 2;
export const EXIT = 3;

/** Messages to a helper thread. */
export type HelperMessage =
  | { type: 'init'; module: WebAssembly.Module; control: SharedArrayBuffer; index: number }
  | { type: 'attach'; memory: WebAssembly.Memory; generation: number };

/** A helper's answer to 'init': it is running and holds the module. */
export interface HelperReady {
  type: 'ready';
}

/** The caller's handle on one helper thread (a Web Worker or a worker_threads Worker). */
export interface HelperPort {
  postMessage(message: HelperMessage): void;
  terminate(): void;
  /** Settles when the helper answers 'init' with 'ready' (rejects if it fails to start). */
  readonly ready: Promise<void>;
}

