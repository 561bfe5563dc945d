// The Web Worker that does all the work: it holds the WASM core and one ONNX
// Runtime session per loaded model, and runs decode, preprocess, inference and
// postprocess for each image, timing each stage. The page only draws.
// Protocol (worker-client.js): {id, op, args} -> {id, ok, result} | {id, ok: false, error: {code, message}};
// progress events: {id, event: 'progress', ...}.
import * as ort from './vendor/ort/ort.wasm.min.mjs';
import createDxlensCore from './core/dxlens_core.mjs';
import { simdSupported } from './features.js';
import { loadModelFiles, ModelError } from './model-loader.js';
import { runBench } from './worker-bench.js';

const MAX_FILE_BYTES = 64 * 1024 * 1024;   // larger files are refused before decoding
const MAX_PIXELS = 60_000_000;             // decoder limit (width * height)
const PREVIEW_SIDE = 1024;                 // longest side of the preview sent to the page
const OVERLAY_SIDE = 768;                  // longest side of CAM / heatmap overlays
const OVERLAY_CLASSES = 3;                 // overlays for the top this-many classes

const baseUrl = new URL('./', self.location.href);
let core = null;
const models = new Map();  // name -> {entry, manifest, handle, info, session}

class UserError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function check(result, code = 'core') {
  if (result && result.error !== undefined) throw new UserError(code, result.error);
  return result;
}

function runtimeInfo() {
  return {
    coreVersion: core.version(),
    ortVersion: ort.env.versions?.web ?? ort.env.versions?.common ?? 'unknown',
    threads: ort.env.wasm.numThreads,
    simd: simdSupported(),
    isolated: self.crossOriginIsolated === true,
    hardwareConcurrency: self.navigator?.hardwareConcurrency ?? 1,
  };
}

const ops = {
  async init({ threads } = {}) {
    if (!core) core = await createDxlensCore();
    ort.env.wasm.wasmPaths = new URL('vendor/ort/', baseUrl).href;
    ort.env.wasm.proxy = false;
    const cores = self.navigator?.hardwareConcurrency ?? 1;
    // Threads need SharedArrayBuffer, i.e. a cross-origin isolated page.
    ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.max(1, Math.min(threads || 4, cores)) : 1;
    ort.env.logLevel = 'error';
    return runtimeInfo();
  },

  async loadModel({ entry }, progress) {
    const existing = models.get(entry.name);
    if (existing && existing.entry.sha256 === entry.sha256) return { ...existing.info, fromMemory: true };
    if (existing) await ops.unloadModel({ name: entry.name });
    const files = await loadModelFiles(entry, baseUrl, (loaded, total) => progress({ stage: 'download', loaded, total }));
    progress({ stage: 'session' });
    const opened = check(core.openModel(files.manifestText, files.classifierText), 'manifest');
    const t0 = performance.now();
    let session;
    try {
      session = await ort.InferenceSession.create(files.onnx, {
        executionProviders: ['wasm'], graphOptimizationLevel: 'all',
      });
    } catch (e) {
      core.closeModel(opened.handle);
      throw new ModelError('session', `ONNX Runtime could not load ${entry.file}: ${e.message ?? e}`);
    }
    for (const name of [opened.logitsOutput, opened.hasCam ? opened.featuresOutput : null].filter(Boolean)) {
      if (!session.outputNames.includes(name)) {
        core.closeModel(opened.handle);
        await session.release();
        throw new ModelError('session', `model ${entry.name} has no output '${name}' (outputs: ${session.outputNames.join(', ')})`);
      }
    }
    const info = {
      name: entry.name, labels: opened.labels, hasCam: opened.hasCam, isPatchModel: opened.isPatchModel,
      variant: entry.variant, bytes: files.onnx.byteLength, fromCache: files.fromCache,
      downloadMs: files.downloadMs, verifyMs: files.verifyMs, sessionMs: performance.now() - t0,
      ...runtimeInfo(),
    };
    models.set(entry.name, {
      entry, manifest: files.manifest, classifierText: files.classifierText, handle: opened.handle, opened, session, info,
    });
    return info;
  },

  async unloadModel({ name }) {
    const m = models.get(name);
    if (!m) return { ok: true };
    models.delete(name);
    core.closeModel(m.handle);
    await m.session.release();
    return { ok: true };
  },

  async classify({ model: name, fileName, bytes }) {
    const m = models.get(name);
    if (!m) throw new UserError('model', `model ${name} is not loaded`);
    const data = new Uint8Array(bytes);
    if (data.byteLength === 0) throw new UserError('empty', `${fileName} is empty`);
    if (data.byteLength > MAX_FILE_BYTES) {
      throw new UserError('too_large', `${fileName} is too large (${(data.byteLength / 1048576).toFixed(1)} MB; ` +
        `the limit is ${MAX_FILE_BYTES / 1048576} MB)`);
    }
    const timings = { decode: 0, preprocess: 0, inference: 0, postprocess: 0 };
    const tStart = performance.now();
    let t = performance.now();
    const probe = core.probeImage(data);
    if (probe.error !== undefined) throw new UserError(decodeErrorCode(probe.error), `${fileName}: ${probe.error}`);
    const image = core.decodeImage(data, MAX_PIXELS);
    if (image.error !== undefined) throw new UserError(decodeErrorCode(image.error), `${fileName}: ${image.error}`);
    timings.decode = performance.now() - t;
    try {
      const result = m.opened.isPatchModel
        ? await classifyPatches(m, image, timings)
        : await classifyWhole(m, image, timings);
      t = performance.now();
      const preview = check(core.imagePreviewRGBA(image.handle, PREVIEW_SIDE));
      timings.postprocess += performance.now() - t;
      timings.total = performance.now() - tStart;
      return {
        fileName, model: name, variant: m.entry.variant, format: probe.format,
        width: image.width, height: image.height, labels: m.opened.labels, preview, timings, ...result,
      };
    } finally {
      core.releaseImage(image.handle);
    }
  },

  // tools/bench/browser_bench.mjs only (worker-bench.js).
  async bench(args) {
    return runBench({ core, ort, models, ops, classifyPatches, check }, args);
  },

  async memory() {
    const stats = core ? core.memoryStats() : {};
    return { ...stats, wasmMemoryBytes: core?.HEAP8?.buffer?.byteLength ?? null, models: [...models.keys()] };
  },
};

function decodeErrorCode(message) {
  if (/megapixel|too large|limit/i.test(message)) return 'too_large';
  if (/format|unsupported|unknown|not an image/i.test(message)) return 'unsupported';
  if (/empty/i.test(message)) return 'empty';
  return 'corrupt';
}

function inputSize(manifest) {
  const s = manifest.input.shape;
  return manifest.input.layout === 'NHWC' ? { w: s[2], h: s[1] } : { w: s[3], h: s[2] };
}

function fitSide(w, h, side) {
  const scale = Math.min(1, side / Math.max(w, h));
  return { w: Math.max(1, Math.round(w * scale)), h: Math.max(1, Math.round(h * scale)) };
}

async function classifyWhole(m, image, timings) {
  let t = performance.now();
  const input = check(core.preprocess(image.handle, m.handle));
  timings.preprocess += performance.now() - t;

  t = performance.now();
  const fetches = [m.opened.logitsOutput];
  if (m.opened.hasCam) fetches.push(m.opened.featuresOutput);
  const out = await m.session.run({ [m.opened.inputName]: new ort.Tensor(input.dtype, input.data, input.shape) }, fetches);
  timings.inference += performance.now() - t;

  t = performance.now();
  const [cls] = check(core.classifyOutput(m.handle, out[m.opened.logitsOutput].data, 1));
  let overlays = [];
  let overlayRect = null;
  if (m.opened.hasCam) {
    // The CAM covers the whole model input; map it back through the input
    // window that holds image content (content) and its source box.
    const { w: inW, h: inH } = inputSize(m.manifest);
    const box = input.sourceBox;
    const content = input.content;
    const sx = box.width / content.width;
    const sy = box.height / content.height;
    overlayRect = { x: box.x - content.x * sx, y: box.y - content.y * sy, width: inW * sx, height: inH * sy };
    const size = fitSide(overlayRect.width, overlayRect.height, OVERLAY_SIDE);
    const features = out[m.opened.featuresOutput];
    overlays = cls.top.slice(0, OVERLAY_CLASSES).map((entry) => {
      const o = check(core.classActivationOverlay(m.handle, features.data, features.dims, entry.index, size.w, size.h, 1));
      return { classIndex: entry.index, label: entry.label, width: o.width, height: o.height, data: o.data, rect: overlayRect };
    });
  }
  timings.postprocess += performance.now() - t;
  return {
    kind: 'image', probs: Array.from(cls.probs), top: cls.top, overlayKind: overlays.length ? 'cam' : null,
    overlays, sourceBox: input.sourceBox,
  };
}

async function classifyPatches(m, image, timings) {
  let t = performance.now();
  const sampled = check(core.samplePatches(image.handle, m.handle));
  timings.preprocess += performance.now() - t;
  const patches = sampled.patches;
  if (patches.length === 0) {
    throw new UserError('no_tissue', 'no tissue found: every patch is background (is this a slide image?)');
  }
  const classes = m.opened.labels.length;
  const fixedBatch = m.opened.inputShape[0] > 0 ? m.opened.inputShape[0] : 0;
  const batchSize = fixedBatch || Math.max(1, sampled.batchSize);
  const flat = new Float32Array(patches.length * classes);
  for (let begin = 0; begin < patches.length; begin += batchSize) {
    const end = Math.min(patches.length, begin + batchSize);
    t = performance.now();
    const batch = check(core.patchBatch(image.handle, m.handle, patches, begin, end));
    timings.preprocess += performance.now() - t;
    t = performance.now();
    const out = await m.session.run(
      { [m.opened.inputName]: new ort.Tensor(m.manifest.input.dtype === 'uint8' ? 'uint8' : 'float32', batch.data, batch.shape) },
      [m.opened.logitsOutput]);
    timings.inference += performance.now() - t;
    t = performance.now();
    const results = check(core.classifyOutput(m.handle, out[m.opened.logitsOutput].data, end - begin));
    results.forEach((r, i) => flat.set(r.probs, (begin + i) * classes));
    timings.postprocess += performance.now() - t;
  }

  t = performance.now();
  const cell = Math.max(1, Math.ceil(Math.max(image.width, image.height) / 512));
  const verdict = check(core.aggregatePatches(m.handle, flat, patches, image.width, image.height, cell));
  const heat = verdict.heatmap;
  const plane = heat.width * heat.height;
  const rect = { x: 0, y: 0, width: heat.width * heat.cell, height: heat.height * heat.cell };
  const overlays = verdict.top.slice(0, OVERLAY_CLASSES).map((entry) => {
    const values = heat.data.subarray(entry.index * plane, (entry.index + 1) * plane);
    const rgba = check(core.colormap(values, heat.width, heat.height, 1, false)).data;
    for (let i = 0; i < plane; i++) if (heat.coverage[i] === 0) rgba[i * 4 + 3] = 0;
    return { classIndex: entry.index, label: entry.label, width: heat.width, height: heat.height, data: rgba, rect };
  });
  let mask = null;
  if (sampled.mask) {
    const mk = sampled.mask;
    const rgba = new Uint8ClampedArray(mk.width * mk.height * 4);
    for (let i = 0; i < mk.width * mk.height; i++) {
      if (mk.data[i]) rgba.set([0, 170, 110, 255], i * 4);
    }
    mask = { width: mk.width, height: mk.height, data: rgba, threshold: mk.threshold,
      rect: { x: 0, y: 0, width: mk.width * mk.scale, height: mk.height * mk.scale } };
  }
  const patchList = patches.map((p, i) => {
    const probs = flat.subarray(i * classes, (i + 1) * classes);
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[c] > probs[best]) best = c;
    return { x: p.x, y: p.y, size: p.size, foreground: p.foreground, topIndex: best, topProb: probs[best] };
  });
  timings.postprocess += performance.now() - t;
  return {
    kind: 'patch', probs: Array.from(verdict.probs), top: verdict.top, overlayKind: 'patch-heatmap',
    overlays, mask, patches: patchList, aggregate: m.manifest.patch?.aggregate ?? 'mean',
  };
}

function transferables(value, out = []) {
  if (!value || typeof value !== 'object') return out;
  if (ArrayBuffer.isView(value)) {
    if (!out.includes(value.buffer)) out.push(value.buffer);
    return out;
  }
  for (const v of Array.isArray(value) ? value : Object.values(value)) transferables(v, out);
  return out;
}

self.onmessage = async (event) => {
  const { id, op, args } = event.data ?? {};
  const progress = (data) => self.postMessage({ id, event: 'progress', ...data });
  try {
    if (!ops[op]) throw new UserError('internal', `unknown operation ${op}`);
    if (!core && op !== 'init') throw new UserError('internal', 'worker not initialised');
    const result = await ops[op](args ?? {}, progress);
    self.postMessage({ id, ok: true, result }, transferables(result));
  } catch (e) {
    const message = e?.message ?? String(e);
    self.postMessage({ id, ok: false, error: { code: e?.code ?? 'internal', message } });
  }
};
