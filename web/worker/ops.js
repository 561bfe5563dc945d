// The operations the page calls (worker-client.js): start the runtimes, load
// and unload models, classify one image, take back drawn pixel buffers, report memory. Importable without
// starting a worker, so the benchmark's worker (tools/bench/web) can add its
// own operation to the very same code.
import { giveBack } from './buffer-pool.js';
import { core, runtimeInfo, startEngine, WorkerError } from './engine.js';
import { closeModelSession, openModelSession } from './model-session.js';
import { runPipeline } from './run-pipeline.js';

const OVERLAY_CLASSES = 3;   // overlays for the top this-many classes: the bars the user can click
const DEFAULT_PREVIEW = 768;  // longest side of the preview when the page does not say

export const models = new Map();  // name -> openModelSession()'s object

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

  // previewSide: the longest side the page will draw the image at (device pixels).
  async classify({ model: name, fileName, bytes, previewSide }) {
    const m = models.get(name);
    if (!m) throw new WorkerError('model', `model ${name} is not loaded`);
    const t0 = performance.now();
    const options = {
      overlayClasses: OVERLAY_CLASSES, previewSide: previewSide || DEFAULT_PREVIEW, tissueOverlay: true,
    };
    const { image, result } = await runPipeline(m.session, m.handle, m.model.inputName, new Uint8Array(bytes), options,
      `${fileName}: `);
    const [r] = result.images;
    return {
      fileName, model: name, variant: m.entry.variant, format: image.format, labels: m.model.labels,
      kind: r.patches ? 'patch' : 'image', width: r.width, height: r.height, probs: Array.from(r.probs), top: r.top,
      patches: r.patches, aggregate: m.model.aggregate, overlayKind: r.overlayKind, overlays: r.overlays, tissue: r.tissue, preview: r.preview,
      timings: { ...result.timings, total: performance.now() - t0 },
    };
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
