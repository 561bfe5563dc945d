// The operations the page calls (worker-client.js): start the runtimes, load
// and unload models, classify one image (routed to the best-fitting model for
// "Auto"), check class priors, take back drawn pixel buffers, report memory. Importable without
// starting a worker, so the benchmark's worker (tools/bench/web) can add its
// own operation to the very same code.
import { giveBack } from './buffer-pool.js';
import { check, core, runtimeInfo, startEngine, WorkerError } from './engine.js';
import { closeModelSession, openModelSession } from './model-session.js';
import { findRouter, rankByRouter, rankDomains } from './route.js';
import { runPipeline } from './run-pipeline.js';

const OVERLAY_CLASSES = 3;   // overlays for the top this-many classes: the bars the user can click
const DEFAULT_PREVIEW = 768;  // longest side of the preview when the page does not say

export const models = new Map();

// Inputs of recent out-of-domain results, kept until the page asks for their
// hint (ops.suggest); a batch that never asks holds only the last few.
const HINTS_KEPT = 4;
const hintInputs = new Map();
let nextHintId = 1;
function keepForHint(input) {
  const id = nextHintId++;
  hintInputs.set(id, input);
  for (const old of hintInputs.keys()) {
    if (hintInputs.size <= HINTS_KEPT) break;
    hintInputs.delete(old);
  }
  return id;
}  // name -> openModelSession()'s object

// The user's settings of one model as pipeline options (the core checks them).
// scale / micronsPerPixel: the scale of the images (patch models, scale.h).
function settingsOptions({ priors, screeningThreshold, scale, micronsPerPixel } = {}) {
  const options = {};
  if (Array.isArray(priors) && priors.length) options.priors = priors;
  if (Number.isFinite(screeningThreshold)) options.screeningThreshold = screeningThreshold;
  if (Number.isFinite(scale)) options.scale = scale;
  if (Number.isFinite(micronsPerPixel)) options.micronsPerPixel = micronsPerPixel;
  return options;
}

// A patch result's scale (result_to_js.h: {source, downscale, fieldOfView}) with
// what its card says about it: the model's reference images (modelScale: the
// model's info.scale, model-session.js), and the scale the user gave ({scale}
// or {micronsPerPixel}; null when none). null for other models.
function patchScale(scale, modelScale, options) {
  if (!scale) return null;
  const given = options.scale !== undefined ? { scale: options.scale }
    : options.micronsPerPixel !== undefined ? { micronsPerPixel: options.micronsPerPixel } : null;
  return { ...scale, reference: modelScale.reference, given };
}

export const ops = {
  async init(args) {
    return startEngine(args);
  },

  async loadModel({ entry }, progress) {
    const existing = models.get(entry.name);
    if (existing && existing.entry.sha256 === entry.sha256) return { ...existing.info, ...runtimeInfo(), fromMemory: true };
    if (existing) await ops.unloadModel({ name: entry.name });
    const m = await openModelSession(entry, progress);
    models.set(entry.name, m);
    return m.info;
  },

  async unloadModel({ name }) {
    const m = models.get(name);
    if (m) {
      models.delete(name);
      await closeModelSession(m);
    }
    return { ok: true };
  },

  // Auto with a router model (route.js): which model should classify the image?
  // -> {ranking: [{model, title, prob, inDomain}]}, most probable first; the page
  // loads ranking[0].model if it has not yet, then calls classify with `routing`.
  async route({ bytes, fileName = 'image' }) {
    const router = findRouter(models);
    if (!router) throw new WorkerError('model', 'the router model is not loaded');
    return { ranking: await rankByRouter(router, new Uint8Array(bytes), `${fileName}: `) };
  },

  // model: a loaded model's name, or 'auto': the loaded model the image fits best (route.js).
  // routing: route()'s ranking when the page routed the image itself (Auto with a router).
  // previewSide: the longest side the page will draw the image at (device pixels).
  // settings: {modelName: {priors: [per label], screeningThreshold, scale | micronsPerPixel}}, the user's settings.
  async classify({ model: requested, fileName, bytes, previewSide, settings = {}, routing = null }) {
    const t0 = performance.now();
    const input = new Uint8Array(bytes);
    const auto = requested === 'auto' || Boolean(routing);
    // Auto without a router: every loaded model that can score the image does, and the best fit classifies it.
    let ranking = routing ?? (auto ? await rankDomains(models, input) : []);
    // Auto with no candidate (an undecodable file, say): the first scoring model's run reports why.
    const name = requested !== 'auto' ? requested
      : (ranking[0]?.model ?? [...models.keys()].find((n) => models.get(n).model.hasDomain));
    const m = models.get(name);
    if (!m) throw new WorkerError('model', auto ? 'no loaded model can route images (none has domain statistics)' : `model ${name} is not loaded`);
    const options = {
      overlayClasses: OVERLAY_CLASSES, previewSide: previewSide || DEFAULT_PREVIEW, tissueOverlay: true,
      ...settingsOptions(settings[name]),
    };
    const { image, result } = await runPipeline(m.session, m.handle, m.model.inputName, input, options, `${fileName}: `);
    const [r] = result.images;
    // A hand-picked model that finds the image out of domain: does another
    // model fit it better? Answered later by `suggest`, once the page has drawn
    // this result, so the answer itself comes at the pipeline's own speed.
    let hintId = null;
    if (!auto && r.domain && !r.domain.inDomain) hintId = keepForHint(input);
    return {
      hintId,
      fileName, model: name, title: m.model.title, variant: m.entry.variant, format: image.format, labels: m.model.labels,
      kind: r.patches ? 'patch' : 'image', width: r.width, height: r.height, probs: Array.from(r.probs), top: r.top,
      uncalibratedProbs: Array.from(r.uncalibratedProbs), domain: r.domain, screening: r.screening,
      screeningPoint: m.model.screening, routing: ranking.length ? { auto, ranking } : null,
      patches: r.patches, scale: patchScale(r.scale, m.info.scale, options),
      aggregate: m.model.aggregate, overlayKind: r.overlayKind, overlays: r.overlays, tissue: r.tissue, preview: r.preview,
      timings: { ...result.timings, total: performance.now() - t0 },
    };
  },

  // The "this looks like another model's image" hint for classify's hintId:
  // -> {ranking} (route.js; the router when loaded, else every loaded model's
  // domain score), or {ranking: []} when the input was already dropped.
  async suggest({ hintId }) {
    const input = hintInputs.get(hintId);
    if (!input) return { ranking: [] };
    hintInputs.delete(hintId);
    const router = findRouter(models);
    return { ranking: router ? await rankByRouter(router, input) : await rankDomains(models, input) };
  },

  // "NORMAL=0.5,PNEUMONIA=0.5" -> {priors: [per label]}, checked by the core
  // (trust.h parse_priors): the settings form shows the core's message.
  async parsePriors({ model: name, text }) {
    const m = models.get(name);
    if (!m) throw new WorkerError('model', `model ${name} is not loaded`);
    return check(core.parsePriors(m.handle, text));
  },

  // The page hands back pixel buffers of a result it has drawn (buffer-pool.js).
  async recycle({ buffers = [] }) {
    giveBack(buffers);
    return { ok: true };
  },

  async memory() {
    const stats = core ? core.memoryStats() : {};
    return { ...stats, wasmMemoryBytes: core?.HEAP8?.buffer?.byteLength ?? null, models: [...models.keys()] };
  },
};
