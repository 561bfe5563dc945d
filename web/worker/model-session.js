// One loaded model: its verified files (model-loader.js), the core's model
// handle and an ONNX Runtime session. The core checks the session's graph
// (names, shapes, element types) against the manifest: the same check, and
// the same message, as the native CLI's.
import { check, core, ort, runtimeInfo, siteRoot, WorkerError } from './engine.js';
import { checkModelFiles, loadModelFiles } from './model-loader.js';

// What the session reports, in the core's terms: a symbolic dim is -1.
function signature(session) {
  const describe = (metadata) => metadata.map((m) => ({
    name: m.name,
    shape: m.isTensor ? m.shape.map((d) => (typeof d === 'number' ? d : -1)) : [],
    type: m.isTensor ? m.type : '',
  }));
  return { inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata) };
}

// openModel's scale (patch models: the scale they learned, for the settings'
// scale field and the cards; else null), with a name for the reference images
// even when the manifest gives none (it need not: patch.scale is optional).
function patchScaleInfo(scale) {
  return scale && { ...scale, reference: scale.reference || 'the model\'s reference images' };
}

// given: the files themselves ({manifestText, classifierText, domainText, onnx}:
// a model the user added, worker/own-model-store.js), checked the same way;
// null: downloaded (or read from the offline cache) by model-loader.js.
// -> {entry, manifestText, classifierText, domainText, handle, model (openModel's summary), session, info}
export async function openModelSession(entry, progress, given = null) {
  let model = null;
  const openModel = (manifestText, classifierText, domainText) =>
    (model = check(core.openModel(manifestText, classifierText, domainText), `model ${entry.name}: `));
  let files;
  let session = null;
  let sessionMs = 0;
  try {
    files = given ? await checkModelFiles(entry, given, openModel)
      : await loadModelFiles(entry, siteRoot, (loaded, total) => progress({ stage: 'download', loaded, total }), openModel);
    progress({ stage: 'session' });
    const t0 = performance.now();
    try {
      session = await ort.InferenceSession.create(files.onnx, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    } catch (e) {
      throw new WorkerError('session', `ONNX Runtime could not load ${entry.file} (not an ONNX file, or one it cannot run): ${e.message ?? e}`);
    }
    check(core.checkModel(model.handle, signature(session)), `model ${entry.name}: `);
    sessionMs = performance.now() - t0;
  } catch (e) {
    if (model) core.closeModel(model.handle);
    await session?.release();
    throw e;
  }
  const info = {
    name: entry.name, labels: model.labels, displayLabels: model.displayLabels, uploadHint: model.uploadHint, hasCam: model.hasCam, isPatchModel: model.isPatchModel,
    title: model.title, screening: model.screening, hasDomain: model.hasDomain, classPriors: model.classPriors,
    scale: patchScaleInfo(model.scale),
    variant: entry.variant, bytes: files.onnx.byteLength, fromCache: files.fromCache, own: Boolean(entry.own),
    downloadMs: files.downloadMs, verifyMs: files.verifyMs, sessionMs,
    ...runtimeInfo(),
  };
  return { entry, manifestText: files.manifestText, classifierText: files.classifierText, domainText: files.domainText,
    handle: model.handle, model, session, info };
}

export async function closeModelSession(m) {
  core.closeModel(m.handle);
  await m.session.release();
}
