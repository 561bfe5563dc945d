// Browser capability checks shared by the page and the worker.

// WebAssembly SIMD: validate a module whose only function uses v128 ops
// (i32.const 0; i8x16.splat; i8x16.popcnt).
export function simdSupported() {
  try {
    return WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
      10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]));
  } catch {
    return false;
  }
}

// Threads in WebAssembly need SharedArrayBuffer, which needs cross-origin isolation.
export function threadsPossible() {
  return self.crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined';
}
