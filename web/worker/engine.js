// The worker's two runtimes, started once: the dxlens core (WebAssembly) and
// ONNX Runtime Web (its WASM backend, threads when the page is isolated).
// Failures carry a code the page maps to a hint: the core's error kind, or
// the loader's own codes (model-loader.js). No message text is ever parsed.
import * as ort from '../vendor/ort/ort.wasm.min.mjs';
import createDxlensCore from '../core/dxlens_core.mjs';
import { simdSupported } from '../shared/features.js';

export { ort };
export const siteRoot = new URL('../', self.location.href);
export let core = null;

export class WorkerError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// A core call's result, or its {error, kind} thrown with the kind as the code.
export function check(result, prefix = '') {
  if (result && result.error !== undefined) throw new WorkerError(result.kind ?? 'internal', prefix + result.error);
  return result;
}

export async function startEngine({ threads } = {}) {
  if (!core) core = await createDxlensCore();
  ort.env.wasm.wasmPaths = new URL('vendor/ort/', siteRoot).href;
  ort.env.wasm.proxy = false;
  const cores = self.navigator?.hardwareConcurrency ?? 1;
  // Threads need SharedArrayBuffer, i.e. a cross-origin isolated page.
  ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.max(1, Math.min(threads || 4, cores)) : 1;
  ort.env.logLevel = 'error';
  return runtimeInfo();
}

export function runtimeInfo() {
  return {
    coreVersion: core.version(),
    limits: core.limits(),
    colormapRamp: core.colormapRamp(),
    ortVersion: ort.env.versions?.web ?? ort.env.versions?.common ?? 'unknown',
    threads: ort.env.wasm.numThreads,
    simd: simdSupported(),
    isolated: self.crossOriginIsolated === true,
    hardwareConcurrency: self.navigator?.hardwareConcurrency ?? 1,
  };
}
