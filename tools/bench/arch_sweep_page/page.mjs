// The sweep page: starts the timing worker with ?threads=N and exposes
//   window.sweep.ready           -> Promise<{isolated, threads, ortVersion, ...}>
//   window.sweep.time(options)   -> Promise<timings> (see worker.mjs, timeVariant)
// to tools/bench/arch_sweep.mjs. ONNX Runtime runs in a dedicated worker, as in
// the app (web/worker/): on the page's main thread ORT's thread pool would
// busy-wait instead of blocking, which is not what the app measures.
const params = new URLSearchParams(location.search);
const threads = Number(params.get('threads') ?? 1);

const worker = new Worker(new URL('./worker.mjs', import.meta.url), { type: 'module' });
const pending = new Map();
let nextId = 1;

worker.onmessage = ({ data }) => {
  const call = pending.get(data.id);
  if (!call) return;
  pending.delete(data.id);
  if (data.error) call.reject(new Error(data.error));
  else call.resolve(data.result);
};
worker.onerror = (event) => {
  // A worker that fails to load (bad import, CSP) never answers: fail every call.
  const error = new Error(`sweep worker failed: ${event.message ?? 'could not load worker.mjs'}`);
  for (const call of pending.values()) call.reject(error);
  pending.clear();
};

function call(op, args) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, args });
  });
}

window.sweep = {
  // The page's own isolation decides whether threads > 1 can work at all.
  ready: call('init', { threads }).then((info) => ({ ...info, pageIsolated: self.crossOriginIsolated === true })),
  time: (options) => call('time', options),
};
