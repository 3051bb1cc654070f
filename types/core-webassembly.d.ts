// The part of the WebAssembly JS API that src/core uses, for core's own type-check
// (tsconfig.core.json), which leaves out the DOM library that declares it for the app.
// Browsers, workers and Node all provide it at run time.
declare namespace WebAssembly {
  function validate(bytes: ArrayBufferView | ArrayBuffer): boolean;

  /** A compiled module (compiled by a platform loader; core only instantiates it). */
  class Module {
    private constructor();
  }

  interface MemoryDescriptor {
    initial: number;
    maximum?: number;
    shared?: boolean;
  }

  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
  }

  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
}
