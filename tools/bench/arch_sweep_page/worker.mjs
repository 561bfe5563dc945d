// Timing worker for the architecture sweep (page.mjs starts it). One worker
// per page load, because ONNX Runtime fixes its thread count when the first
// session is created; the driver opens one page per thread count.
import * as ort from './ort/ort.wasm.min.mjs';

// Deterministic pseudo-random numbers (mulberry32): the input values do not
// change the speed, but the same seed gives the same tensors on every run.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A [batch, C, H, W] float32 input with values in [-2, 2), roughly the range
// of a normalised image.
function randomInput(shape, seed) {
  const next = random(seed);
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = next() * 4 - 2;
  return new ort.Tensor('float32', data, shape);
}

// Fetches first, so session_ms is ONNX Runtime's own work (parse, optimise,
// allocate), not the local HTTP transfer.
// `options`: the driver's session options (graph optimisation level, and
// freeDimensionOverrides when the batch size is pinned).
async function openSession(url, options) {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const start = performance.now();
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], ...options });
  return { session, session_ms: performance.now() - start, bytes: bytes.length };
}

// One timed run. Only the logits are fetched, as the app's classify does; the
// feature map is computed either way (the logits depend on it).
async function timeRun(session, feeds) {
  const start = performance.now();
  await session.run(feeds, ['logits']);
  return performance.now() - start;
}

// Both variants of one model, for every batch size: `warmup` untimed runs of
// each, then `runs` timed runs of each, alternating fp32, int8, fp32, int8, ...
// so that whatever else the machine does hits both variants alike.
async function timeVariant({ fp32Url, int8Url, chw, batches, warmup, runs, sessionOptions, seed = 1 }) {
  const models = { fp32: await openSession(fp32Url, sessionOptions), int8: await openSession(int8Url, sessionOptions) };
  const inputName = models.fp32.session.inputNames[0];
  const results = [];
  try {
    for (const batch of batches) {
      const feeds = { [inputName]: randomInput([batch, ...chw], seed + batch) };
      for (let i = 0; i < warmup; i++) {
        await timeRun(models.fp32.session, feeds);
        await timeRun(models.int8.session, feeds);
      }
      const samples = { fp32: [], int8: [] };
      for (let i = 0; i < runs; i++) {
        samples.fp32.push(await timeRun(models.fp32.session, feeds));
        samples.int8.push(await timeRun(models.int8.session, feeds));
      }
      results.push({ batch, samples_ms: samples });
    }
  } finally {
    await models.fp32.session.release();
    await models.int8.session.release();
  }
  return {
    session_ms: { fp32: models.fp32.session_ms, int8: models.int8.session_ms },
    bytes: { fp32: models.fp32.bytes, int8: models.int8.bytes },
    results,
  };
}

const ops = {
  init({ threads }) {
    ort.env.wasm.wasmPaths = new URL('./ort/', import.meta.url).href;
    ort.env.wasm.numThreads = threads;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = 'error';
    return {
      threads: ort.env.wasm.numThreads,
      isolated: self.crossOriginIsolated === true,
      hardwareConcurrency: self.navigator?.hardwareConcurrency ?? null,
      ortVersion: ort.env.versions?.web ?? ort.env.versions?.common ?? 'unknown',
      userAgent: self.navigator?.userAgent ?? '',
    };
  },
  time: timeVariant,
};

self.onmessage = async ({ data }) => {
  try {
    const result = await ops[data.op](data.args);
    self.postMessage({ id: data.id, result });
  } catch (error) {
    self.postMessage({ id: data.id, error: `${data.op}: ${error?.message ?? error}` });
  }
};
