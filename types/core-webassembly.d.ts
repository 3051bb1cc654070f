// The part of the WebAssembly JS API that src/core uses, for core's own type-check
// (tsconfig.core.json), which leaves out the DOM library that declares it for the app.
// Browsers, workers and Node all provide it at run time.
declare namespace WebAssembly {
  function validate(bytes: ArrayBufferView | ArrayBuffer): boolean;
}
