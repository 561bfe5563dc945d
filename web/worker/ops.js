// The operations the page calls (worker-client.js): start the runtimes, load
// and unload models, say which models are available offline and cache one
// without loading it ("Make all models available offline"), classify one image
// (routed to the best-fitting model for "Auto"), check class priors, take back drawn pixel buffers, report memory;
// add, list and remove the user's own models (addModel, ownModels, removeModel). Importable without
// starting a worker, so the benchmark's worker (tools/bench/web) can add its
// own operation to the very same code.
import { giveBack } from './buffer-pool.js';
import { check, core, runtimeInfo, siteRoot, startEngine, WorkerError } from './engine.js';
import { cachedModelState, loadModelFiles } from './model-loader.js';
import { closeModelSession, openModelSession } from './model-session.js';
import { ownModelFromFiles } from './own-model-files.js';
import { ownModelEntries, ownModelFiles, ownModelState, removeOwnModel, storeOwnModel } from './own-model-store.js';
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

// The core's parse of a model's files, for its expected SHA-256 only: the
// handle is closed at once (model-loader.js reads `files`). name: the error
// messages' prefix (none when null: a model being added, named by its manifest).
function parseOnly(name) {
  return (manifestText, classifierText, domainText) => {
    const model = check(core.openModel(manifestText, classifierText, domainText), name ? `model ${name}: ` : '');
    core.closeModel(model.handle);
    return model;
  };
}

// cacheModel downloads in flight, by the page's job id (cancelCaching aborts them).
const cachingJobs = new Map();

export const ops = {
  async init(args) {
    return startEngine(args);
  },

  async loadModel({ entry }, progress) {
    const existing = models.get(entry.name);
    if (existing && existing.entry.sha256 === entry.sha256) return { ...existing.info, ...runtimeInfo(), fromMemory: true };
    if (existing) await ops.unloadModel({ name: entry.name });
    // An added model's files come from this browser's storage (own-model-store.js), checked as a download is.
    const m = await openModelSession(entry, progress, entry.own ? await ownModelFiles(entry.name) : null);
    models.set(entry.name, m);
    return m.info;
  },

  // "Add your own model" (ui/own-model-form.js): `files`, the File objects the
  // user chose or dropped, are matched to what their manifest lists
  // (own-model-files.js), then checked as a shipped model is: the core's parse of
  // the manifest (and classifier, domain files), the ONNX file's SHA-256, ONNX
  // Runtime's session and the core's checkModel of its inputs and outputs
  // (model-session.js). Only a model that passes is stored (own-model-store.js:
  // nothing is stored otherwise) and kept loaded. shipped: the names
  // models/index.json uses (and 'auto'); an added model may not take one, nor
  // the name of another added model. -> {entry (own: true), info}
  async addModel({ files = [], shipped = [] }, progress) {
    const added = (await ownModelEntries()).map((e) => e.name);
    const { entry, given } = await ownModelFromFiles(files, parseOnly(null), { shipped, added });
    const m = await openModelSession(entry, progress, given);
    try {
      await storeOwnModel(entry, given);
    } catch (e) {
      await closeModelSession(m);
      throw e;
    }
    if (models.has(entry.name)) await ops.unloadModel({ name: entry.name });
    models.set(entry.name, m);
    return { entry, info: m.info };
  },

  // The added models' entries (own-model-store.js), oldest first; the page lists them after the shipped ones.
  async ownModels() {
    return ownModelEntries();
  },

  // Removes an added model: its session, then its stored files.
  async removeModel({ name }) {
    await ops.unloadModel({ name });
    await removeOwnModel(name);
    return { ok: true };
  },

  async unloadModel({ name }) {
    const m = models.get(name);
    if (m) {
      models.delete(name);
      await closeModelSession(m);
    }
    return { ok: true };
  },

  // Which models are available offline (every file cached, the ONNX file's hash
  // right): entries of models/index.json -> [{name, available, bytes, reason}].
  // One model at a time: each cached ONNX file is read whole to hash it.
  async offlineStatus({ entries = [] }) {
    const states = [];
    for (const entry of entries) {
      states.push(entry.own ? await ownModelState(entry) : await cachedModelState(entry, siteRoot, parseOnly(entry.name)));
    }
    return states;
  },

  // Downloads, verifies (SHA-256 against the manifest) and caches one model's
  // files, the same path as loadModel, without an ONNX Runtime session (nothing
  // stays in memory). job: the page's id, for cancelCaching. Progress events
  // {stage: 'download', loaded, total}. -> {name, bytes (cached), fromCache}
  async cacheModel({ entry, job }, progress) {
    if (entry.own) {  // an added model is stored already: nothing to download
      const stored = await ownModelState(entry);
      if (!stored.available) throw new WorkerError('storage', `your model ${entry.name} is no longer stored in this browser; add it again`);
      return { name: entry.name, bytes: stored.bytes, fromCache: true };
    }
    const controller = new AbortController();
    cachingJobs.set(job, controller);
    try {
      const files = await loadModelFiles(entry, siteRoot, (loaded, total) => progress({ stage: 'download', loaded, total }),
        parseOnly(entry.name), { signal: controller.signal });
      if (!files.cached) throw new WorkerError('storage', `${entry.name} verified but could not be stored for offline use (storage full or disabled?)`);
      const bytes = files.onnx.byteLength + [files.manifestText, files.classifierText, files.domainText]
        .reduce((sum, t) => sum + new TextEncoder().encode(t).byteLength, 0);
      return { name: entry.name, bytes, fromCache: files.fromCache };
    } finally {
      cachingJobs.delete(job);
    }
  },

  async cancelCaching({ job }) {
    cachingJobs.get(job)?.abort();
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
  // allPatches: a patch model classifies every patch with tissue (ui/analyse-all.js), not its evenly spread subset.
  // dicom: {frame (1-based), window: {center, width}} for a DICOM file (ui/dicom-panel.js); other files ignore it.
  async classify({ model: requested, fileName, bytes, previewSide, settings = {}, routing = null, allPatches = false, dicom = null }) {
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
      overlayClasses: OVERLAY_CLASSES, previewSide: previewSide || DEFAULT_PREVIEW, tissueOverlay: true, allPatches,
      ...settingsOptions(settings[name]),
      ...(dicom?.frame ? { frame: dicom.frame } : {}), ...(dicom?.window ? { window: dicom.window } : {}),
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
      displayLabels: m.model.displayLabels ?? m.model.labels,  // the core's (manifest display_labels, else the labels)
      kind: r.patches ? 'patch' : 'image', width: r.width, height: r.height, probs: Array.from(r.probs), top: r.top,
      uncalibratedProbs: Array.from(r.uncalibratedProbs), domain: r.domain, screening: r.screening,
      screeningPoint: m.model.screening, routing: ranking.length ? { auto, ranking } : null,
      dicom: r.dicom, patches: r.patches, allPatches: Boolean(r.patches && allPatches), scale: patchScale(r.scale, m.info.scale, options),
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
